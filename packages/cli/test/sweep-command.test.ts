import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { SWEEP_FLAG_NAMES } from '../src/commands/sweep.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-cli-sweep-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const runner = join(createRequire(import.meta.url).resolve('@ampmix/sweep/package.json'), '..', 'examples', 'blobs-runner.mjs');

describe('ampmix sweep / ampmix worker', () => {
  it('runs a grid through @ampmix/sweep, records each run once, and a rerun trains nothing', async () => {
    const spec = join(root, 'grid.mjs');
    await writeFile(spec, `export default ${JSON.stringify({
      name: 'cli-smoke', runner,
      configurations: [{ id: 'wide', params: { hidden: 8, learningRate: 0.05 } }, { id: 'narrow', params: { hidden: 4, learningRate: 0.05 }, baseline: 'wide' }],
      seeds: [1, 2], shared: { steps: 4 },
    })};\n`);
    const store = join(root, 'results.jsonl');
    const first = await runCli(['sweep', 'run', spec, '--store', store, '--in-process']);
    expect(first.code, first.err).toBe(0);
    const lines = (await readFile(store, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.run.configuration}/${l.run.seed}`).sort()).toEqual(['narrow/1', 'narrow/2', 'wide/1', 'wide/2']);
    expect(first.out).toMatch(/narrow/);
    const again = await runCli(['sweep', 'run', spec, '--store', store, '--in-process']);
    expect(again.code, again.err).toBe(0);
    expect((await readFile(store, 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it('passes usage errors through in its own terms', async () => {
    const r = await runCli(['worker', '--store', join(root, 'x.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ampmix sweep: worker needs --queue/m);
    const none = await runCli(['sweep']);
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/^Usage: ampmix sweep <run\|submit\|worker\|status\|table>/);
    expect(none.out).toMatch(/ampmix sweep submit <spec[^>]*> --queue redis:\/\/HOST:PORT/);
    // every flag the CLI names for the sweep is one the sweep's command line takes
    for (const f of SWEEP_FLAG_NAMES) expect(none.out).toContain(`--${f}`);
  });
});
