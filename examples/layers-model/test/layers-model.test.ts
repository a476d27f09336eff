import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { formatRows, installFastConv2dGradients, PRESETS, resolveConfig, ROWS, runLayersExample } from '../src/index.js';

describe('the layers-model example', () => {
  it('the smoke preset trains, saves, reloads and evaluates all four rows (files under outDir), leak-free', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ampmix-layers-example-'));
    const lines: string[] = [];
    try {
      const before = tf.memory().numTensors;
      const result = await runLayersExample({ preset: 'smoke', seed: 1, outDir: dir, log: (l) => lines.push(l) });
      expect(tf.memory().numTensors).toBe(before);
      expect(result.rows.map((r) => r.name)).toEqual(ROWS.map((r) => r.name));
      for (const [i, r] of result.rows.entries()) {
        // one epoch on 240 digits: clearly better than chance (0.9)
        expect(r.testError).toBeLessThan(0.8);
        expect(r.epochs).toBe(1);
        // AMP trains some examples on ℓ' in its rows only
        expect(r.ampMaskRate > 0).toBe(ROWS[i].amp);
        expect(fs.readdirSync(path.join(dir, `row${i + 1}`)).sort()).toEqual(['model.json', 'weights.bin']);
      }
      expect(lines[0]).toMatch(/^MNIST: 240 train \/ 60 validation \/ 100 test digits; 1 epochs × batch 30/);
      expect(lines.at(-1)).toBe(result.table);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats the table by hand-checked example and validates the preset', () => {
    expect(formatRows([{ name: 'x', testError: 0.0123, valAcc: 0.98, ampMaskRate: 0.5, epochs: 3, elapsedMs: 1500 }]).split('\n')).toEqual([
      "model + method  test error  val acc  ℓ' > ℓ  epochs   time",
      '--------------  ----------  -------  ------  ------  -----',
      'x                   1.23 %  98.00 %  50.0 %       3  1.5 s',
    ]);
    expect(resolveConfig('smoke', { epochs: 2 })).toEqual({ ...PRESETS.smoke, epochs: 2 });
    expect(() => resolveConfig('big')).toThrow(/Invalid preset: got "big"/);
  });

  it('installFastConv2dGradients: the same Conv2D gradients as tfjs (same padding; others fall back), restored after', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 5, 3, 4], 0, 1, 'float32', 2);
    const dy = tf.randomNormal([2, 7, 6, 4], 0, 1, 'float32', 3);
    const grads = (pad: 'same' | 'valid') => tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad), pad === 'same' ? dy : dy.slice([0, 1, 2, 0], [2, 5, 2, 4]))))([x, w]);
      return g.map((t) => Array.from(t.dataSync()));
    });
    const [refSame, refValid] = [grads('same'), grads('valid')];
    const before = tf.memory().numTensors;
    const restore = installFastConv2dGradients();
    const [fastSame, fastValid] = [grads('same'), grads('valid')];
    restore();
    expect(tf.memory().numTensors).toBe(before);
    for (const k of [0, 1]) {
      expect(Math.max(...fastSame[k].map((v, i) => Math.abs(v - refSame[k][i])))).toBeLessThan(1e-4);
      expect(fastValid[k]).toEqual(refValid[k]);
    }
    expect(tf.getGradient('Conv2D')!.gradFunc).not.toBe(undefined);
    tf.dispose([x, w, dy]);
  });
});
