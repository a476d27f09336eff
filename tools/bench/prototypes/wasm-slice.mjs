// Prototype: the wasm backend's Slice without a copy of its whole input.
//
// tfjs-backend-wasm 4.22's Slice kernel starts with `backend.readSync(x.dataId)`, which copies the ENTIRE
// input out of the wasm heap into a new JS buffer, then copies the slice from that copy. A slice therefore
// costs the input's size, not the output's: 3.8 ms for a 160 KB step of a [50, 40, 800] tensor, and an
// unstack over 40 time steps copies the tensor 40 times (SplitV and Unpack call the same function).
// This version views the input in the heap (after allocating the output, so no heap growth can detach the
// view) and copies only the slice, row by contiguous row. Same values; re-registers Slice, SplitV and Unpack.
import * as tf from '@tensorflow/tfjs';

const { slice_util, util, backend_util } = tf;

/** Slice of `x` at begin/size into a new output: rank ≤ 4 by contiguous innermost runs, else by index. */
export function wasmSliceNoCopy(backend, x, begin, size) {
  const [b, s] = slice_util.parseSliceParams(x, begin, size);
  const out = backend.makeOutput(s, x.dtype); // allocate first: the views below stay valid
  if (util.sizeFromShape(s) === 0) return out;
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const strides = util.computeStrides(x.shape);
  if (slice_util.isSliceContinous(x.shape, b, s)) {
    const off = slice_util.computeFlatOffset(b, strides);
    ov.set(xv.subarray(off, off + util.sizeFromShape(s)));
    return out;
  }
  const rank = x.shape.length;
  const inner = s[rank - 1];
  // iterate over every index of the outer rank − 1 axes, copying one innermost run each
  const outer = s.slice(0, rank - 1);
  const nOuter = util.sizeFromShape(outer);
  const idx = new Array(rank - 1).fill(0);
  let o = 0;
  for (let n = 0; n < nOuter; n++) {
    let off = b[rank - 1];
    for (let d = 0; d < rank - 1; d++) off += (b[d] + idx[d]) * strides[d];
    ov.set(xv.subarray(off, off + inner), o);
    o += inner;
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d] < outer[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Re-registers the wasm Slice, SplitV and Unpack kernels with {@link wasmSliceNoCopy} (string tensors keep the
 * original kernels). Returns an uninstaller restoring the originals.
 */
export function installWasmSliceFix(backendName = 'wasm') {
  const originals = ['Slice', 'SplitV', 'Unpack'].map((k) => tf.getKernel(k, backendName));
  const [slice, splitV, unpack] = originals;
  const reg = (kernelName, kernelFunc) => {
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc });
  };
  reg('Slice', (args) => {
    const { inputs: { x }, attrs: { begin, size }, backend } = args;
    return x.dtype === 'string' ? slice.kernelFunc(args) : wasmSliceNoCopy(backend, x, begin, size);
  });
  reg('SplitV', (args) => {
    const { inputs: { x }, attrs: { numOrSizeSplits, axis }, backend } = args;
    if (x.dtype === 'string') return splitV.kernelFunc(args);
    const ax = util.parseAxisParam(axis, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, ax);
    const begin = new Array(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[ax] = n;
      const out = wasmSliceNoCopy(backend, x, begin, size);
      begin[ax] += n;
      return out;
    });
  });
  reg('Unpack', (args) => {
    const { inputs: { value }, attrs, backend } = args;
    if (value.dtype === 'string') return unpack.kernelFunc(args);
    const rank = value.shape.length;
    const axis = attrs.axis < 0 ? attrs.axis + rank : attrs.axis;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const begin = new Array(rank).fill(0);
    const size = [...value.shape];
    size[axis] = 1;
    const outs = [];
    for (let i = 0; i < value.shape[axis]; i++) {
      begin[axis] = i;
      const o = wasmSliceNoCopy(backend, value, begin, size);
      outs.push({ dataId: o.dataId, dtype: o.dtype, shape: outShape });
    }
    return outs;
  });
  return () => {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backendName);
      tf.registerKernel(k);
    }
  };
}
