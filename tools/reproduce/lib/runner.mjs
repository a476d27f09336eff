// The runner of the reproduce grids (@ampmix/sweep imports it in each pool process): loads the packages and picks
// the backend once per process (AMPMIX_REPRODUCE_BACKEND, default auto), then trains one run per call and returns
// its result with the process's backend, tfjs version and where the packages came from.
import { executeRun } from './execute.mjs';
import { specOfRun } from './presets.mjs';
import { loadPackages } from './runtime.mjs';

/** @type {Promise<{ pk: any, tf: any, chosen: any, cache: Map<string, any> }> | null} */
let state = null;

async function init() {
  const pk = await loadPackages();
  const tf = await import('@tensorflow/tfjs');
  const chosen = await pk.core.chooseBackend({ backend: process.env.AMPMIX_REPRODUCE_BACKEND ?? 'auto', log: () => {}, importer: (s) => import(s) });
  return { pk, tf, chosen, cache: new Map() };
}

/** @param {{ params: Record<string, any>, seed: number, fraction: number }} run */
export async function run(run) {
  state ??= init();
  const s = await state;
  const result = await executeRun(s.pk, specOfRun(run), s.cache);
  return { ...result, worker: { pid: process.pid, backend: s.chosen.choice, tfBackend: s.chosen.tfBackend, tfjs: s.tf.version.tfjs, from: s.pk.from, numTensors: s.tf.memory().numTensors } };
}
