// runBench: every requested backend × model × mode, the prototype rows, the memory run, the PyTorch peer,
// the ratios.
import { MODES } from './config.mjs';
import { activateBackend } from './backends.mjs';
import { buildCase, describeModel, peerModelOf } from './cases.mjs';
import { timeModes } from './time-case.mjs';
import { memoryRun } from './memory.mjs';
import { probePeer, runPeer } from './peer.mjs';
import { computeRatios } from './report.mjs';
import { machineInfo } from './machine.mjs';

/** The reduced Kim CNN of the long memory run: vocabulary 2,000, 50-d embeddings, 32 filters. */
export function reducedCnnShapes(shapes) {
  return { ...shapes, vocabSize: Math.min(shapes.vocabSize, 2000), embeddingDim: Math.min(shapes.embeddingDim, 50), numFilters: Math.min(shapes.numFilters, 32) };
}

/**
 * The timed runs: each requested backend as is, then (with `prototypes`) `wasm+proto`: the wasm backend with
 * the exact prototype patches of tools/bench/prototypes installed (matMul gradient without transposed
 * operands, GatherNd row gathers, Slice/SplitV/Unpack without a copy of the whole input) and the prototype
 * Kim CNN (`cnn-proto`) added.
 */
function plannedRuns(options) {
  const runs = options.backends.map((b) => ({ name: b, backend: b, models: options.models, proto: false }));
  if (options.prototypes && options.backends.includes('wasm')) {
    const models = [...options.models];
    if (models.includes('cnn')) models.splice(models.indexOf('cnn') + 1, 0, 'cnn-proto');
    runs.push({ name: 'wasm+proto', backend: 'wasm', models, proto: true });
  }
  return runs;
}

async function installPrototypes(backend) {
  const { installFastMatMulGrad } = await import('../prototypes/fast-matmul-grad.mjs');
  const { installGatherNdKernel } = await import('../prototypes/gather-nd.mjs');
  const { installWasmSliceFix } = await import('../prototypes/wasm-slice.mjs');
  const undo = [installFastMatMulGrad(), installGatherNdKernel(backend), installWasmSliceFix(backend)];
  return () => undo.reverse().forEach((u) => u());
}

/**
 * Runs the bench for resolved options (see parseBenchArgs) and returns plain data:
 * { machine, options, argv, models, results, memory, peer, ratios, skipped }. `log` gets progress lines.
 */
export async function runBench(options, { argv = [], log = () => {} } = {}) {
  const { shapes, steps, warmup } = options;
  const machine = machineInfo();
  const results = [];
  const memory = [];
  const skipped = [];
  const ran = new Set();
  for (const run of plannedRuns(options)) {
    const act = await activateBackend(run.backend);
    if (!act.ok) {
      skipped.push(`backend ${run.backend}: ${act.message}`);
      log(`skip backend ${run.backend}: ${act.message}`);
      continue;
    }
    // the memory run first, so that the RSS it samples is not inflated by the large models' heaps
    if (options.memorySteps > 0 && !run.proto) {
      log(`${run.name} memory run: ${options.memorySteps} AMP steps of ${options.memoryModel} …`);
      try {
        const s = options.memoryModel === 'cnn' ? reducedCnnShapes(shapes) : shapes;
        memory.push({ backend: run.name, ...(await memoryRun(options.memoryModel, s, options.memorySteps)) });
      } catch (e) {
        skipped.push(`memory run on ${run.name}: ${e.message}`);
      }
    }
    const uninstall = run.proto ? await installPrototypes(act.tfBackend) : null;
    try {
      for (const model of run.models) {
        const builds = {};
        try {
          for (const mode of MODES) builds[mode] = await buildCase(model, shapes);
        } catch (e) {
          for (const b of Object.values(builds)) b.dispose();
          const msg = `model ${model}: ${e.message}`;
          if (!skipped.includes(msg)) skipped.push(msg);
          log(`skip ${msg}`);
          continue;
        }
        try {
          log(`${run.name} ${model}: ${warmup} warm-up + ${steps} timed steps of ${MODES.join(', ')}, interleaved …`);
          const r = await timeModes(builds, MODES, { steps, warmup });
          for (const mode of MODES) results.push({ backend: run.name, model, mode, ...r[mode] });
          log(`${run.name} ${model}: ${MODES.map((m) => `${m} ${r[m].medianMs.toFixed(1)} ms`).join(', ')}`);
          ran.add(peerModelOf(model));
        } finally {
          for (const b of Object.values(builds)) b.dispose();
        }
      }
    } finally {
      uninstall?.();
    }
  }
  const probe = probePeer(options.python, options.peerLibPath);
  let peer = { ok: false, message: probe.ok ? '' : probe.message, rows: [] };
  if (probe.ok && ran.size) {
    log(`PyTorch peer (torch ${probe.torch}, threads ${options.peerThreads.join(',')}) …`);
    try {
      const rows = await runPeer(options.python, { shapes, models: [...ran], modes: MODES, threads: options.peerThreads, steps, warmup, libPath: options.peerLibPath });
      peer = { ok: true, torch: probe.torch, blas: probe.blas, rows };
    } catch (e) {
      peer = { ok: false, message: e.message, rows: [] };
    }
  } else if (probe.ok) {
    peer.message = 'PyTorch peer skipped: no tfjs case ran';
  } else {
    log(probe.message);
  }
  const described = [...new Set(plannedRuns(options).flatMap((r) => r.models))];
  const models = described.map((m) => ({ model: m, description: describeModel(m, shapes) }));
  if (options.memorySteps > 0) {
    const s = options.memoryModel === 'cnn' ? reducedCnnShapes(shapes) : shapes;
    models.push({ model: `memory run (${options.memoryModel})`, description: describeModel(options.memoryModel, s) });
  }
  return { machine, options, argv, models, results, memory, peer, ratios: computeRatios(results, peer.rows), skipped };
}
