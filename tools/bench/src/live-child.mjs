// A child process that answers one JSON line per command line: the bench's peers (and the thread A/B's tfjs
// children) are kept alive and asked for one step in turn.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Spawns `command args` and resolves, once it has printed its first JSON line (its "ready" line), to
 * { ready, ask(line) → Promise<answer object>, close() }. A child that exits, prints a non-JSON line or answers
 * { error } rejects the pending ask with its last stderr lines, under `name`.
 */
export async function openLiveChild(name, command, args, { env = process.env } = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('error', (e) => resolve((exited = `could not start (${e.message})`)));
    child.on('close', (code, signal) => resolve((exited = `exited (${signal ?? `code ${code}`})`)));
  });
  const fail = (why) => new Error(`${name} ${why}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no stderr'}`);
  const next = async () => {
    const r = await Promise.race([lines.next(), exit.then(() => null)]);
    if (!r || r.done) {
      // stdout ends before 'close' fires: wait for the exit to name it
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 5000))]);
      throw fail(exited ?? 'closed its output');
    }
    let answer;
    try {
      answer = JSON.parse(r.value);
    } catch {
      throw fail(`printed a line that is not JSON (${JSON.stringify(r.value.slice(0, 200))})`);
    }
    if (answer.error) throw fail(`answered an error (${answer.error})`);
    return answer;
  };
  let ready;
  try {
    ready = await next();
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    ready,
    async ask(line) {
      if (exited) throw fail(exited);
      child.stdin.write(`${line}\n`);
      return next();
    },
    async close() {
      if (exited) return;
      child.stdin.write('quit\n');
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
