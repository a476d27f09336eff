import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunDir, checkWritableDir, createRunDir, undoRunDir } from '../src/run-dir.js';
import { configDifferences } from '../src/resume.js';
import type { RunConfig } from '../src/config.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ampmix-rundir-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('run folders', () => {
  it('createRunDir + undoRunDir remove the folders they created, and only the contents of an existing one', async () => {
    const nested = join(root, 'a', 'b', 'c');
    const made = await createRunDir(nested);
    expect(made.created).toBe(join(root, 'a'));
    await writeFile(join(nested, 'log.jsonl'), '{}');
    await undoRunDir(made);
    expect(existsSync(join(root, 'a'))).toBe(false);

    const empty = join(root, 'empty');
    await mkdir(empty);
    const made2 = await createRunDir(empty);
    expect(made2.created).toBeNull();
    await writeFile(join(empty, 'log.jsonl'), '{}');
    await undoRunDir(made2);
    expect(await readdir(empty)).toEqual([]);
  });
  it('checks writability without leaving anything', async () => {
    await checkWritableDir('--out', join(root, 'new', 'deeper'));
    expect(existsSync(join(root, 'new'))).toBe(false);
    expect((await readdir(root)).filter((n) => n.startsWith('.ampmix-probe'))).toEqual([]);
    await writeFile(join(root, 'f'), '');
    await expect(checkWritableDir('--out', join(root, 'f', 'x'))).rejects.toThrow(/^--out .*f\/x cannot be created: .*f is a file, not a folder$/);
  });
  it('requires a run to resume', async () => {
    await expect(checkRunDir(join(root, 'none'), true)).rejects.toThrow(/--resume: --out .*none holds no run to resume/);
    await checkRunDir(join(root, 'none'), false);
  });
});

describe('configDifferences', () => {
  const base: RunConfig = {
    label: 'word-mixup',
    data: { dataset: 'trec', files: null },
    model: { name: 'cnn', options: { filterSizes: [3, 4, 5] } },
    method: { variant: 'word-mixup', options: {}, amp: null },
    optim: { seed: 1, steps: 10 },
  };
  it('lists changed settings but allows a longer run', () => {
    expect(configDifferences(base, { ...base, optim: { seed: 1, steps: 20, evalEvery: 5 } })).toEqual([]);
    const other = { ...base, label: 'word-mixup+amp', model: { name: 'cnn', options: { filterSizes: [3, 4] } }, method: { variant: 'word-mixup', options: {}, amp: { epsilon: 0.1 } } };
    expect(configDifferences(base, other)).toEqual([
      'method.amp was null, now unset',
      'model.options.filterSizes was [3,4,5] (the default), now [3,4]',
      'method.amp.epsilon was unset, now 0.1',
    ]);
  });
  it('a value given equal to its default is the value left out (--alpha 1, --batch-size 50)', () => {
    const explicit: RunConfig = { ...base, model: { name: 'cnn', options: {} }, method: { variant: 'word-mixup', options: { alpha: 1, granularity: 'example' }, amp: null }, optim: { seed: 1, steps: 10, batchSize: 50 } };
    expect(configDifferences(base, explicit)).toEqual([]);
    expect(configDifferences(base, { ...explicit, method: { ...explicit.method, options: { alpha: 2 } } })).toEqual(['method.options.alpha was 1 (the default), now 2']);
  });
});
