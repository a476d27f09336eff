import { describe, expect, inject, it } from 'vitest';
import { browserBundle } from '../lib/bundle.mjs';

const pack = inject('pack');

// The browser-safe entries: core, every variant, and the non-Node entries of text, vision, datasets, trainer, sweep.
const BROWSER_ENTRIES = [
  '@ampmix/core', '@ampmix/input-mixup', '@ampmix/manifold-mixup', '@ampmix/cutmix', '@ampmix/sentence-mixup',
  '@ampmix/text', '@ampmix/vision', '@ampmix/datasets', '@ampmix/trainer', '@ampmix/sweep',
];

describe('esbuild, platform browser, tfjs external', () => {
  it.each(BROWSER_ENTRIES)('%s bundles with no Node built-in', async (specifier) => {
    const { ok, problems, bytes } = await browserBundle(specifier, pack.full);
    // the message names each import that breaks the bundle, and the chain of files that reaches it
    expect(problems, `${specifier} does not bundle for a browser:\n${problems.join('\n')}`).toEqual([]);
    expect(ok).toBe(true);
    expect(bytes).toBeGreaterThan(0);
  });

  it('the check fails on a Node-only entry, naming the import (@ampmix/text/node)', async () => {
    const { ok, problems } = await browserBundle('@ampmix/text/node', pack.full);
    expect(ok).toBe(false);
    expect(problems.some((p) => /"(node:)?fs(\/promises)?" \(a Node built-in\) imported by node_modules\/@ampmix\/text\/dist\/node\/index\.js/.test(p))).toBe(true);
  });
});
