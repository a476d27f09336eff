import * as tf from '@tensorflow/tfjs';
import { backend_util, slice_util, util } from '@tensorflow/tfjs';

/** The two methods of tfjs-backend-wasm's `BackendWasm` these kernels use (no import of the optional package). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

type Args = { inputs: Record<string, tf.TensorInfo>; backend: WasmHeapBackend; attrs: Record<string, unknown> };

/**
 * A slice of `x` copied straight from the wasm heap: the output is allocated first (so heap growth cannot
 * detach the views), then contiguous innermost runs are copied. tfjs-backend-wasm 4.22's own Slice first copies
 * the whole input out of the heap (`readSync`), so a slice costs the input's size, and SplitV / Unpack pay it
 * once per output.
 */
export function sliceFromHeap(backend: WasmHeapBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const [b, s] = slice_util.parseSliceParams(x, begin, size);
  const out = backend.makeOutput(s, x.dtype);
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
  const outer = s.slice(0, rank - 1);
  const idx = new Array<number>(rank - 1).fill(0);
  const n = util.sizeFromShape(outer);
  for (let r = 0, o = 0; r < n; r++, o += inner) {
    let off = b[rank - 1];
    for (let d = 0; d < rank - 1; d++) off += (b[d] + idx[d]) * strides[d];
    ov.set(xv.subarray(off, off + inner), o);
    // odometer over the outer axes
    for (let d = rank - 2; d >= 0 && ++idx[d] === outer[d]; d--) idx[d] = 0;
  }
  return out;
}

function sliceKernel(args: Args, original: tf.KernelConfig): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs;
  if (x.dtype === 'string') return original.kernelFunc(args as never);
  return sliceFromHeap(args.backend, x, args.attrs.begin as number[], args.attrs.size as number[]);
}

function splitVKernel(args: Args, original: tf.KernelConfig): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs;
  if (x.dtype === 'string') return original.kernelFunc(args as never);
  const axis = util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x, args.attrs.numOrSizeSplits as number | number[], axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((n) => {
    const size = [...x.shape];
    size[axis] = n;
    const out = sliceFromHeap(args.backend, x, begin, size);
    begin[axis] += n;
    return out;
  });
}

function unpackKernel(args: Args, original: tf.KernelConfig): tf.TensorInfo | tf.TensorInfo[] {
  const { value } = args.inputs;
  if (value.dtype === 'string') return original.kernelFunc(args as never);
  const rank = value.shape.length;
  const a = args.attrs.axis as number;
  const axis = a < 0 ? a + rank : a;
  const shape = value.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(rank).fill(0);
  const size = [...value.shape];
  size[axis] = 1;
  const outs: tf.TensorInfo[] = [];
  for (let i = 0; i < value.shape[axis]; i++) {
    begin[axis] = i;
    const o = sliceFromHeap(args.backend, value, begin, size);
    outs.push({ dataId: o.dataId, dtype: o.dtype, shape });
  }
  return outs;
}

const KERNELS = { Slice: sliceKernel, SplitV: splitVKernel, Unpack: unpackKernel } as const;

/**
 * Re-registers the wasm backend's Slice, SplitV and Unpack kernels with {@link sliceFromHeap} (string tensors
 * keep the originals). Same values. Returns an uninstaller restoring the originals.
 */
export function installSliceKernels(backendName = 'wasm'): () => void {
  const originals: tf.KernelConfig[] = [];
  for (const [name, impl] of Object.entries(KERNELS)) {
    const original = tf.getKernel(name, backendName);
    if (!original) throw new Error(`backend "${backendName}" has no ${name} kernel to replace`);
    originals.push(original);
    tf.unregisterKernel(name, backendName);
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: ((args: Args) => impl(args, original)) as unknown as tf.KernelFunc });
  }
  return () => {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backendName);
      tf.registerKernel(k);
    }
  };
}
