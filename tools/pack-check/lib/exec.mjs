import { spawnSync } from 'node:child_process';

/**
 * Runs a command to completion and returns `{ status, stdout, stderr, output, ms }` (never throws on a
 * non-zero exit: callers assert on `status` and show `output`).
 */
export function run(command, args, { cwd, env, timeoutMs = 300_000, input } = {}) {
  const start = performance.now();
  const r = spawnSync(command, args, {
    cwd, input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  const status = r.status ?? (r.error ? `error: ${r.error.message}` : `signal ${r.signal}`);
  return { status, stdout, stderr, output: `${stdout}${stderr}`, ms: performance.now() - start };
}

/** Like {@link run}, but throws with the command and its output when it does not exit 0. */
export function runOk(command, args, options) {
  const r = run(command, args, options);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${options?.cwd ?? process.cwd()}) exited ${r.status}:\n${tail(r.output)}`);
  }
  return r;
}

/** The last `n` characters of a text, for error messages. */
export function tail(text, n = 4000) {
  return text.length > n ? `…${text.slice(-n)}` : text;
}
