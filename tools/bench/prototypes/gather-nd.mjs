// Prototype: row gathers through the GatherNd kernel instead of GatherV2.
//
// On the wasm backend GatherV2 (tf.gather) copies element by element: 25 ms for 2,000 rows of an
// [18000, 300] table, 21 ms for the [50, 40, 300] partner gather of a mix, while GatherNd moves whole
// rows: 0.2 ms and 0.3 ms (prototypes/kernels.mjs). Two ways to adopt it:
//  - in @ampmix/core's gatherRows: `value: tf.gatherND(xIn, tf.expandDims(idx, 1))` (same custom gradient,
//    a scatterND): see gatherRowsNd below — the recommended change;
//  - without touching the library, re-register the wasm GatherV2 kernel so that axis-0 gathers run GatherNd
//    (installGatherNdKernel; used by the bench's `wasm+proto` rows).
import * as tf from '@tensorflow/tfjs';

/** core's gatherRows with the GatherNd forward: identical values and gradient (scatterND into x's shape). */
export function gatherRowsNd(x, indices) {
  const idx = indices.dtype === 'int32' ? indices : indices.toInt();
  const op = tf.customGrad((xIn, save) => {
    const idx2 = tf.expandDims(idx, 1);
    save([idx2]);
    return { value: tf.gatherND(xIn, idx2), gradFunc: (dy, [i2]) => tf.scatterND(i2, dy, xIn.shape) };
  });
  return op(x);
}

/**
 * Re-registers `backendName`'s GatherV2 so that gathers along axis 0 without batch dims run the GatherNd
 * kernel (other gathers run the original). Returns an uninstaller that restores the original kernel.
 */
export function installGatherNdKernel(backendName = 'wasm') {
  const original = tf.getKernel('GatherV2', backendName);
  const gatherNd = tf.getKernel('GatherNd', backendName);
  if (!original || !gatherNd) throw new Error(`backend ${backendName} lacks GatherV2 or GatherNd`);
  const reshape = tf.getKernel('Reshape', backendName);
  tf.unregisterKernel('GatherV2', backendName);
  tf.registerKernel({
    kernelName: 'GatherV2',
    backendName,
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const { x, indices } = inputs;
      const axis = attrs.axis < 0 ? attrs.axis + x.shape.length : attrs.axis;
      if (axis !== 0 || (attrs.batchDims ?? 0) !== 0 || indices.dtype !== 'int32') return original.kernelFunc(args);
      const n = indices.shape.reduce((p, q) => p * q, 1);
      const idx2 = reshape.kernelFunc({ inputs: { x: indices }, backend, attrs: { shape: [n, 1] } });
      const flat = gatherNd.kernelFunc({ inputs: { params: x, indices: idx2 }, backend, attrs: {} });
      const out = reshape.kernelFunc({ inputs: { x: flat }, backend, attrs: { shape: [...indices.shape, ...x.shape.slice(1)] } });
      backend.disposeData(idx2.dataId);
      backend.disposeData(flat.dataId);
      return out;
    },
  });
  return () => {
    tf.unregisterKernel('GatherV2', backendName);
    tf.registerKernel(original);
  };
}
