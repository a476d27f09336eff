import { mkdirSync } from 'node:fs';
import type { ConnectionOptions, Job } from 'bullmq';
import { Queue, Worker } from 'bullmq';
import type { Executor } from './executor.js';
import { loadRunner, runFolder, runnerSpecifier } from './executor.js';
import { acquireLock } from './lock.js';
import type { GridRecord } from './grid.js';
import { executeAndRecord } from './grid.js';
import type { GridSpec, RunSpec } from '../spec.js';
import { expandGrid, resolveGridSpec } from '../spec.js';
import { ResultsStore } from './store.js';

/** Default BullMQ queue name of sweeps. */
export const DEFAULT_QUEUE_NAME = 'ampmix-sweep';

/** Where the queue is: a `redis://[user:password@]host:port[/db]` URL and the BullMQ queue name. */
export interface QueueTarget {
  /** `redis://host:port[/db]` (Redis ≥ 6.2). */
  queue: string;
  /** BullMQ queue name; default {@link DEFAULT_QUEUE_NAME}. One queue may hold several sweeps. */
  queueName?: string;
}

/** The data of one job: the run, the runner module to import and the grid's metric. */
export interface SweepJobData {
  run: RunSpec;
  runner: string;
  metric: string;
}

/** Connection options (for BullMQ over ioredis) of a `redis://` URL. */
export function parseQueueUrl(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`Invalid queue: got ${JSON.stringify(url)}; expected a URL like redis://127.0.0.1:6379`);
  }
  if (u.protocol !== 'redis:') throw new RangeError(`Invalid queue: got ${JSON.stringify(url)}; expected a redis:// URL`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RangeError(`Invalid queue: got database ${JSON.stringify(u.pathname.slice(1))} in ${url}; expected an integer ≥ 0`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    maxRetriesPerRequest: null,
  } as ConnectionOptions;
}

function openQueue(t: QueueTarget): Queue<SweepJobData> {
  return new Queue<SweepJobData>(t.queueName ?? DEFAULT_QUEUE_NAME, { connection: parseQueueUrl(t.queue) });
}

/** Options of {@link submit}. */
export interface SubmitOptions extends QueueTarget {
  /**
   * Tries of a run that throws before it is failed with its error kept; default 3. A worker that dies does not
   * use a try: its run is re-queued up to the worker's `maxStalledCount` times.
   */
  attempts?: number;
  /** First retry delay in ms, doubled at each retry; default 2000. */
  backoffMs?: number;
  /** A results store path: runs already recorded there are not enqueued. */
  store?: string;
}

/** What {@link submit} did. */
export interface SubmitResult {
  total: number;
  /** Runs enqueued by this call. */
  added: number;
  /** Runs whose job (same run key) was already in the queue: nothing was added for them. */
  existing: number;
  /** Runs already in the results store. */
  stored: number;
}

/**
 * Enqueues every run of `spec` as a BullMQ job whose id is the canonical run key, so enqueuing the same sweep
 * twice (from one submitter or two) adds nothing. Jobs retry `attempts` times with exponential backoff.
 */
export async function submit(spec: GridSpec, options: SubmitOptions): Promise<SubmitResult> {
  const s = resolveGridSpec(spec);
  const runs = expandGrid(s);
  let stored = new Set<string>();
  if (options.store) {
    const st = await ResultsStore.open(options.store, { exclusive: false });
    stored = new Set(runs.filter((r) => st.has(r.key)).map((r) => r.key));
    await st.close();
  }
  const q = openQueue(options);
  let added = 0;
  let existing = 0;
  try {
    const runner = runnerSpecifier(s.runner);
    for (const run of runs) {
      if (stored.has(run.key)) continue;
      const before = await q.getJob(run.key);
      if (before) {
        existing++;
        continue;
      }
      await q.add(run.configuration, { run, runner, metric: s.metric }, {
        jobId: run.key,
        attempts: options.attempts ?? 3,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
        removeOnComplete: false,
        removeOnFail: false,
      });
      added++;
    }
  } finally {
    await q.close();
  }
  return { total: runs.length, added: added, existing, stored: stored.size };
}

/** An event of a queue worker. */
export type WorkerEvent =
  | { type: 'recorded' | 'already-recorded'; key: string; wallMs: number; attempt: number }
  | { type: 'error'; key: string; error: string; attempt: number; final: boolean };

/** Options of {@link startWorker}. */
export interface WorkerOptions extends QueueTarget {
  /** The results store every worker appends to (a shared folder for several machines). */
  store: string;
  /** Folder of the runs' own folders (checkpoints): on a shared folder a re-queued run resumes from its checkpoint. */
  runsDir?: string;
  /** Runs at a time in this process; default 1. */
  concurrency?: number;
  /** BullMQ job lock (ms): a worker silent this long is taken for dead; default 30000. */
  lockDurationMs?: number;
  /** How often (ms) stalled jobs (of dead workers) are looked for and re-queued; default 30000. */
  stalledIntervalMs?: number;
  /** Times a run may be re-queued after its worker died before it is failed; default 3. */
  maxStalledCount?: number;
  /** Stop after this many jobs; default: run until closed. */
  maxJobs?: number;
  onEvent?: (event: WorkerEvent) => void;
  /** Warnings (stale locks taken over). Default `console.warn`. */
  warn?: (message: string) => void;
}

/** A running queue worker. */
export interface SweepWorker {
  /** Stops taking jobs, waits for the current ones, closes the connections and the store. */
  close(): Promise<void>;
  /** Resolves once `maxJobs` jobs are done (never without `maxJobs`). */
  readonly finished: Promise<void>;
}

/**
 * Starts a worker: takes jobs from the queue, trains each run in this process and records its result in the
 * store exactly once (the key is checked under the store's append lock; a run already recorded — a retry of
 * one whose worker died after recording — is not trained again). BullMQ's stalled-job check re-queues the
 * run of a worker that died; a run that throws is retried with backoff and failed after its attempts.
 */
export async function startWorker(options: WorkerOptions): Promise<SweepWorker> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const lockDuration = options.lockDurationMs ?? 30_000;
  if (options.runsDir) mkdirSync(options.runsDir, { recursive: true });
  const store = await ResultsStore.open(options.store, { exclusive: false, warn });
  const runners = new Map<string, Promise<Executor>>();
  const executorFor = (runner: string) => {
    let e = runners.get(runner);
    if (!e) {
      e = loadRunner(runner).then((fn) => ({ description: 'queue worker', slots: 1, run: fn, close: async () => {} }));
      runners.set(runner, e);
    }
    return e;
  };
  let jobs = 0;
  let resolveFinished: () => void = () => {};
  const finished = new Promise<void>((r) => { resolveFinished = r; });
  const processor = async (job: Job<SweepJobData>) => {
    const { run, runner, metric } = job.data;
    const attempt = job.attemptsMade + 1;
    const t0 = performance.now();
    try {
      store.refresh();
      if (store.has(run.key)) {
        options.onEvent?.({ type: 'already-recorded', key: run.key, wallMs: 0, attempt });
        return { key: run.key, recorded: false };
      }
      // one process per run folder: a worker whose job lock lapsed (a long synchronous stretch) may still be
      // training this run; wait for it (or take over its lock when it died), then look at the store again
      const folder = runFolder(options.runsDir, run.key);
      const runLock = folder ? await acquireLock(`${folder}.lock`, { purpose: `run ${run.key}`, waitMs: 2 * lockDuration, takeOverForeign: true, onStale: warn }) : null;
      try {
        store.refresh();
        if (store.has(run.key)) {
          options.onEvent?.({ type: 'already-recorded', key: run.key, wallMs: 0, attempt });
          return { key: run.key, recorded: false };
        }
        const { record, wrote } = await executeAndRecord(await executorFor(runner), store, run, { runsDir: options.runsDir, attempt, metric });
        options.onEvent?.({ type: wrote ? 'recorded' : 'already-recorded', key: run.key, wallMs: performance.now() - t0, attempt });
        return { key: run.key, recorded: wrote, wallMs: (record as GridRecord).meta.wallMs, metric: record.result[metric] };
      } finally {
        await runLock?.release();
      }
    } catch (e) {
      options.onEvent?.({ type: 'error', key: run.key, error: e instanceof Error ? e.message : String(e), attempt, final: attempt >= (job.opts.attempts ?? 1) });
      throw e;
    } finally {
      jobs++;
      if (options.maxJobs !== undefined && jobs >= options.maxJobs) resolveFinished();
    }
  };
  const worker = new Worker<SweepJobData>(options.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: parseQueueUrl(options.queue),
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 3,
  });
  worker.on('error', () => {}); // connection hiccups: ioredis reconnects
  await worker.waitUntilReady();
  return {
    finished,
    close: async () => {
      await worker.close();
      await store.close();
    },
  };
}

/** Progress of the sweeps on a queue. */
export interface SweepStatus {
  /** Jobs in the queue (every state). */
  total: number;
  done: number;
  running: number;
  waiting: number;
  failed: number;
  /** Workers connected now. */
  workers: number;
  /** Mean wall time of a finished run (ms), measured from the finished jobs; NaN before the first. */
  meanRunMs: number;
  /** Estimated time left (ms): runs not done × mean run time / max(1, workers); NaN before the first run. */
  etaMs: number;
  /** The failed runs with the error each was stopped with. */
  failures: { key: string; error: string; attempts: number }[];
}

/** Done / running / waiting / failed counts, workers, and an ETA from the measured run times. */
export async function sweepStatus(target: QueueTarget): Promise<SweepStatus> {
  const q = openQueue(target);
  try {
    const c = await q.getJobCounts('completed', 'active', 'waiting', 'delayed', 'prioritized', 'waiting-children', 'failed');
    const done = c.completed ?? 0;
    const running = c.active ?? 0;
    const waiting = (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
    const failed = c.failed ?? 0;
    const finished = await q.getJobs(['completed'], 0, 499);
    const times = finished.map((j) => (j.finishedOn ?? NaN) - (j.processedOn ?? NaN)).filter(Number.isFinite);
    const meanRunMs = times.length ? times.reduce((a, b) => a + b, 0) / times.length : NaN;
    const workers = (await q.getWorkers()).length;
    const failedJobs = await q.getJobs(['failed'], 0, 99);
    return {
      total: done + running + waiting + failed,
      done,
      running,
      waiting,
      failed,
      workers,
      meanRunMs,
      etaMs: ((waiting + running) * meanRunMs) / Math.max(1, workers),
      failures: failedJobs.map((j) => ({ key: String(j.id), error: j.failedReason ?? '', attempts: j.attemptsMade })),
    };
  } finally {
    await q.close();
  }
}

/** Removes every job of the queue (all sweeps on it). */
export async function clearQueue(target: QueueTarget): Promise<void> {
  const q = openQueue(target);
  try {
    await q.obliterate({ force: true });
  } finally {
    await q.close();
  }
}
