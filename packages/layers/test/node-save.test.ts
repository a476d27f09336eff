import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadModelFromDir, saveModelToDir } from '../src/node/index.js';
import { branchedModel, randomTensor } from './helpers.js';

describe('@ampmix/layers/node', () => {
  it('saveModelToDir writes model.json + weights.bin that loadModelFromDir (and tf.loadLayersModel) read back: same predictions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ampmix-layers-'));
    try {
      const model = branchedModel(9);
      const file = await saveModelToDir(model, path.join(dir, 'm'));
      expect(fs.readdirSync(path.join(dir, 'm')).sort()).toEqual(['model.json', 'weights.bin']);
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(json.modelTopology.class_name ?? json.modelTopology.model_config?.class_name).toBeTruthy();
      expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
      const loaded = await loadModelFromDir(path.join(dir, 'm'));
      const x = randomTensor(1, [5, 4]);
      const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
      expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
      tf.dispose([x, p, q]);
      model.dispose();
      loaded.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
