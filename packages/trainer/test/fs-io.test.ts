import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fileSystemIO, registerFileRouter } from '../src/node/checkpoint/fs-io.js';
import { tmpDir } from './helpers.js';

describe('fileSystemIO', () => {
  it('saves model artifacts in the tfjs format and loads them back exactly (also as file:// URLs)', async () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([[1.5, -2.25], [3e-8, 1e30]]);
    const b = tf.tensor1d([7, 8, 9], 'int32');
    const { data, specs } = await tf.io.encodeWeights({ a, b });
    const dir = path.join(tmpDir(), 'nested', 'model');
    const result = await fileSystemIO(dir).save({ weightSpecs: specs, weightData: [data.slice(0, 8), data.slice(8)], format: 'test' });
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(data.byteLength);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: specs }]);
    expect(fs.statSync(path.join(dir, 'weights.bin')).size).toBe(data.byteLength);

    registerFileRouter();
    registerFileRouter(); // idempotent: one handler per URL
    expect(tf.io.getSaveHandlers(`file://${dir}`)).toHaveLength(1);
    const [handler] = tf.io.getLoadHandlers(`file://${dir}`);
    const loaded = await handler.load!();
    expect(loaded.format).toBe('test');
    const back = tf.io.decodeWeights(loaded.weightData!, loaded.weightSpecs!);
    expect(back.a.arraySync()).toEqual(a.arraySync());
    expect(back.b.dtype).toBe('int32');
    expect(Array.from(back.b.dataSync())).toEqual([7, 8, 9]);
    [a, b, back.a, back.b].forEach((t) => t.dispose());
    expect(tf.io.getSaveHandlers('http://example.com/x')).toHaveLength(1); // tfjs' own http router, not ours
    expect(tf.memory().numTensors).toBe(before);
  });
});
