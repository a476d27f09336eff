import * as tf from '@tensorflow/tfjs';
import { installMatMulGradient } from './matmul-gradient.js';
import { installSliceKernels } from './slice-kernels.js';

let uninstallers: (() => void)[] | null = null;

/** Whether {@link installWasmFastPaths} is in effect (core's `gatherRows` then runs GatherNd on wasm). */
export function wasmFastPathsInstalled(): boolean {
  return uninstallers !== null;
}

/** What {@link installWasmFastPaths} did. */
export interface WasmFastPathsResult {
  /** True when the fast paths are now in effect. */
  readonly installed: boolean;
  /** Why not, when `installed` is false. */
  readonly reason?: string;
}

/**
 * Exact speed-ups for the tfjs wasm backend (tfjs-backend-wasm 4.22), measured in `docs/PERFORMANCE.md`:
 * 1. a BatchMatMul gradient with untransposed matMuls only (the transposed ones take a naive loop on wasm,
 *    ~13× slower); on other backends tfjs's own gradient still runs;
 * 2. Slice, SplitV and Unpack kernels that copy only the slice (the stock ones copy the whole input first);
 * 3. `gatherRows` through GatherNd instead of GatherV2 (~100× faster there; same scatterND gradient).
 * Same values as without them (tested bitwise). Global and idempotent; `chooseBackend` calls it when it picks
 * wasm. Call it yourself after `tf.setBackend('wasm')` if you choose the backend without `chooseBackend`.
 * The wasm backend's kernels must be registered (`import '@tensorflow/tfjs-backend-wasm'`) first.
 */
export function installWasmFastPaths(): WasmFastPathsResult {
  if (uninstallers) return { installed: true };
  if (!tf.getKernel('Slice', 'wasm')) return { installed: false, reason: '@tensorflow/tfjs-backend-wasm is not loaded' };
  const done: (() => void)[] = [];
  try {
    done.push(installSliceKernels('wasm'));
    done.push(installMatMulGradient(['wasm']));
  } catch (e) {
    for (const u of done.reverse()) u();
    return { installed: false, reason: e instanceof Error ? e.message : String(e) };
  }
  uninstallers = done;
  return { installed: true };
}

/** Undoes {@link installWasmFastPaths} (stock tfjs kernels and gradients again). */
export function uninstallWasmFastPaths(): void {
  if (!uninstallers) return;
  for (const u of uninstallers.reverse()) u();
  uninstallers = null;
}
