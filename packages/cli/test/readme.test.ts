import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { optionsTable } from '../src/options-table.js';
import { TRAIN_FLAGS } from '../src/train-flags.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const BEGIN = '<!-- train-options:begin (generated from the descriptors: AMPMIX_UPDATE_README=1 npx vitest run test/readme.test.ts) -->';
const END = '<!-- train-options:end -->';

describe('README', () => {
  it("holds the options table of `ampmix train`, generated from the flag specs and the packages' descriptors", () => {
    const text = fs.readFileSync(README, 'utf8');
    const a = text.indexOf(BEGIN);
    const b = text.indexOf(END);
    expect(a, 'README lacks the train-options markers').toBeGreaterThanOrEqual(0);
    const table = `\n${optionsTable(TRAIN_FLAGS)}\n`;
    if (process.env.AMPMIX_UPDATE_README) fs.writeFileSync(README, text.slice(0, a + BEGIN.length) + table + text.slice(b));
    expect(fs.readFileSync(README, 'utf8').slice(a + BEGIN.length, b)).toBe(table);
  });
});
