// A pool of forked worker processes that run tasks one at a time each. A task whose worker crashes (or
// whose run throws) is reported and retried once; a crashed worker is replaced.
import { fork } from 'node:child_process';

/**
 * @typedef {{ key: string, spec: any }} Task
 * @typedef {{ task: Task, result: any, worker: { pid: number, info: any }, attempts: number, started: string }} Done
 * @typedef {{ task: Task, reason: string, attempt: number, final: boolean, pid: number | undefined }} Failure
 */

/**
 * Runs `tasks` on `workers` processes of `workerPath`. Resolves when every task is done or has failed
 * twice (or, with `maxRuns`, once that many tasks have been handed out and have ended). `onDone` and
 * `onFailure` are called as they happen (the store is written there).
 * @param {{ tasks: Task[], workers: number, workerPath: string, args?: string[], env?: Record<string, string>,
 *   retries?: number, maxRuns?: number, onReady?: (info: any) => void, onDone: (d: Done) => void,
 *   onFailure?: (f: Failure) => void, onLog?: (line: string) => void }} o
 * @returns {Promise<{ done: number, failed: Failure[], workers: any[] }>}
 */
export function runPool(o) {
  const retries = o.retries ?? 1;
  const log = o.onLog ?? (() => {});
  /** @type {{ task: Task, attempts: number }[]} */
  const queue = o.tasks.map((task) => ({ task, attempts: 0 }));
  const limit = o.maxRuns ?? Infinity;
  let dispatched = 0;
  let done = 0;
  let nextId = 1;
  let startFailures = 0;
  /** @type {Failure[]} */
  const failed = [];
  const infos = [];
  /** @type {Set<{ child: import('node:child_process').ChildProcess, job: any, info: any, ready: boolean, exiting: boolean }>} */
  const live = new Set();

  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const w of live) stop(w);
      process.off('exit', killAll);
      resolve({ done, failed, workers: infos });
    };
    const killAll = () => {
      for (const w of live) w.child.kill('SIGKILL');
    };
    process.on('exit', killAll);

    const stop = (w) => {
      w.exiting = true;
      if (w.child.connected) w.child.send({ type: 'exit' }, () => {});
      setTimeout(() => w.child.kill('SIGKILL'), 5000).unref();
    };

    const failTask = (entry, reason, pid) => {
      entry.attempts += 1;
      const final = entry.attempts > retries;
      const f = { task: entry.task, reason, attempt: entry.attempts, final, pid };
      o.onFailure?.(f);
      if (final) {
        failed.push(f);
      } else {
        queue.unshift(entry);
        dispatched -= 1; // the retry does not count against maxRuns
      }
    };

    const pending = () => queue.length > 0 && dispatched < limit;

    const checkEnd = () => {
      const busy = [...live].some((w) => w.job);
      if (!busy && !pending()) finish();
    };

    const dispatch = (w) => {
      if (finished || w.exiting) return;
      if (!pending()) {
        stop(w);
        checkEnd();
        return;
      }
      const entry = /** @type {{ task: Task, attempts: number }} */ (queue.shift());
      dispatched += 1;
      w.job = { entry, id: nextId++, started: new Date().toISOString() };
      w.child.send({ type: 'run', id: w.job.id, key: entry.task.key, spec: entry.task.spec });
    };

    const spawn = () => {
      const child = fork(o.workerPath, o.args ?? [], { env: { ...process.env, ...(o.env ?? {}) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      /** @type {{ child: import('node:child_process').ChildProcess, job: any, info: any, ready: boolean, exiting: boolean }} */
      const w = { child, job: null, info: null, ready: false, exiting: false };
      live.add(w);
      child.on('message', (/** @type {any} */ msg) => {
        if (!msg || typeof msg !== 'object') return;
        if (msg.type === 'ready') {
          w.ready = true;
          w.info = msg;
          infos.push(msg);
          o.onReady?.(msg);
          dispatch(w);
        } else if (msg.type === 'fatal') {
          log(`worker ${child.pid} could not start: ${msg.message}`);
        } else if ((msg.type === 'result' || msg.type === 'error') && w.job && msg.id === w.job.id) {
          const { entry, started } = w.job;
          w.job = null;
          if (msg.type === 'result') {
            entry.attempts += 1;
            done += 1;
            o.onDone({ task: entry.task, result: msg.result, worker: { pid: /** @type {number} */ (child.pid), info: w.info }, attempts: entry.attempts, started });
          } else {
            log(`run failed in worker ${child.pid} (attempt ${entry.attempts + 1}): ${msg.message}`);
            failTask(entry, `error: ${msg.message}`, child.pid);
          }
          dispatch(w);
        }
      });
      child.on('exit', (code, signal) => {
        live.delete(w);
        if (w.job) {
          const { entry } = w.job;
          w.job = null;
          const reason = `worker ${child.pid} crashed (${signal ? `signal ${signal}` : `exit code ${code}`}) while running a task`;
          log(`${reason}; ${entry.attempts + 1 > retries ? 'giving up on it' : 'retrying it once'}`);
          failTask(entry, reason, child.pid);
        } else if (!w.ready && !w.exiting) {
          log(`worker ${child.pid} exited before it was ready (${signal ? `signal ${signal}` : `exit code ${code}`})`);
          startFailures += 1;
          if (live.size === 0 || startFailures > o.workers + 1) {
            for (const x of live) x.child.kill('SIGKILL');
            finished = true;
            process.off('exit', killAll);
            reject(new Error('no worker could start: see the messages above'));
            return;
          }
        }
        if (finished) return;
        // keep the pool at strength while work remains
        const wanted = Math.min(o.workers, queue.length + [...live].filter((x) => x.job).length);
        if (pending() && live.size < wanted) spawn();
        else checkEnd();
      });
      child.on('error', (e) => log(`worker ${child.pid}: ${e.message}`));
    };

    const n = Math.max(1, Math.min(o.workers, queue.length));
    if (queue.length === 0 || limit === 0) {
      finish();
      return;
    }
    for (let i = 0; i < n; i++) spawn();
  });
}
