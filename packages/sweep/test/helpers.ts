import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { GridSpec } from '../src/node/index.js';
import { parseQueueUrl } from '../src/node/index.js';

export const RUNNER = fileURLToPath(new URL('../examples/blobs-runner.mjs', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/ampmix-sweep.js', import.meta.url));

/** The smoke grid: two configurations (one the other's baseline) × `seeds`, a few steps each. */
export function blobsSpec(name: string, shared: Record<string, unknown> = {}, seeds = [1, 2, 3]): GridSpec {
  return {
    name,
    runner: RUNNER,
    configurations: [
      { id: 'wide', params: { hidden: 16, learningRate: 0.05 } },
      { id: 'narrow', params: { hidden: 4, learningRate: 0.05 }, baseline: 'wide' },
    ],
    seeds,
    fractions: [1],
    shared: { steps: 8, ...shared },
  };
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const REDIS_MISSING = 'redis-server is not on PATH: the queue tests need Redis ≥ 6.2 (Debian: apt-get install -y redis-server; .ci/run installs it)';

/** The variable naming a Redis the queue tests use instead of starting their own (CI starts one). */
export const TEST_REDIS_ENV = 'AMPMIX_TEST_REDIS_URL';

/**
 * A BullMQ queue name no other test (in this run, another process or an earlier run on a shared Redis) uses:
 * `<name>-<pid>-<time>-<random>`.
 */
export function uniqueQueueName(name: string): string {
  return `${name}-${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * The Redis of the queue tests: the server at `$AMPMIX_TEST_REDIS_URL` when that is set (left running; each
 * test uses a queue name of its own, see {@link uniqueQueueName}), otherwise a `redis-server` started on a
 * free loopback port (no persistence) and stopped by `stop()`; fails when it is not installed.
 */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const shared = process.env[TEST_REDIS_ENV];
  if (shared) {
    parseQueueUrl(shared); // a bad URL fails here, with a message naming it
    return { url: shared, stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version']).error) throw new Error(REDIS_MISSING);
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${out}`)), 10_000);
    proc.stdout?.on('data', (d) => {
      out += String(d);
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}
