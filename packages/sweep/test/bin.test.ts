// The command line on a JSON spec (the built bin, as a user runs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, blobsSpec } from './helpers.js';

const sweep = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('ampmix-sweep on a .json spec', () => {
  it('runs it in-process, records each run once, and tabulates the store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ampmix-bin-'));
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(blobsSpec('json', { steps: 3 }, [1, 2])));
    const store = join(dir, 'results.jsonl');
    const r = sweep(['run', specFile, '--store', store, '--in-process']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[sweep\] 4 runs, 0 already stored, 4 to run \(in-process\)/);
    const keys = readFileSync(store, 'utf8').trim().split('\n').map((l) => JSON.parse(l).key);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    const t = sweep(['table', specFile, '--store', store]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toBe(r.stdout); // the table of the store is the table the run printed
    expect(t.stdout.split('\n')[2]).toMatch(/^wide\s+1\s+2\s/);
  }, 60_000);

  it('names a spec file that is not valid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ampmix-bin-'));
    writeFileSync(join(dir, 'bad.json'), '{ "name": ');
    const r = sweep(['table', join(dir, 'bad.json'), '--store', join(dir, 'r.jsonl')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ampmix-sweep: .*bad\.json is not valid JSON: /);
  });
});
