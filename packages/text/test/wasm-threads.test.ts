import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each thread count needs its own process (the wasm backend initialises once). The child runs the built
// packages (the root `npm test` builds first): a few Kim CNN WordMixup + AMP steps with Adam.
const script = fileURLToPath(new URL('./fixtures/threads-steps.mjs', import.meta.url));
function run(threads: number): { threads: number; steps: string[][] } {
  const r = spawnSync(process.execPath, [script, String(threads), '3'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`threads-steps.mjs ${threads} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

describe('wasm threads in Node (chooseBackend({ threads }) with @ampmix/core/node)', () => {
  it('2 threads give bit-identical losses, λ-gradients and weights to the single-threaded build, and the process exits', () => {
    const one = run(1);
    const two = run(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2); // the threaded build loaded, past tfjs's cap of half the logical cores
    expect(two.steps).toHaveLength(3);
    expect(two.steps).toEqual(one.steps);
    expect(new Set(one.steps.map((s) => s[0])).size).toBe(3); // the steps trained (the loss moved)
  });
});
