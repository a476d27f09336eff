import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { GridSpec } from '../src/index.js';

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

/** Starts `redis-server` on a free loopback port (no persistence); fails when it is not installed. */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
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
