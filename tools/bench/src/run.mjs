// runBench: every requested backend × model × mode, the wasm-stock rows, the memory run, the PyTorch peer,
// the ratios.
import { installWasmFastPaths } from '@ampmix/core';
import { MODES } from './config.mjs';
import { activateBackend } from './backends.mjs';
import { buildCase, describeModel } from './cases.mjs';
import { timeModes } from './time-case.mjs';
import { memoryRun } from './memory.mjs';
import { openPeer, probePeer } from './peer.mjs';
import { computeRatios } from './report.mjs';
import { machineInfo } from './machine.mjs';

/** The reduced Kim CNN of the long memory run: vocabulary 2,000, 50-d embeddings, 32 filters. */
export function reducedCnnShapes(shapes) {
  return { ...shapes, vocabSize: Math.min(shapes.vocabSize, 2000), embeddingDim: Math.min(shapes.embeddingDim, 50), numFilters: Math.min(shapes.numFilters, 32) };
}

/**
 * The timed runs: each requested backend as is (wasm with core's fast paths, the default), then (with
 * `stock`) `wasm-stock`: the wasm backend with the fast paths off (the stock tfjs kernels and gradients),
 * last, so that no other run sees the stock kernels; the fast paths are re-installed after it.
 */
function plannedRuns(options) {
  const runs = options.backends.map((b) => ({ name: b, backend: b, models: options.models, stock: false }));
  if (options.stock && options.backends.includes('wasm')) runs.push({ name: 'wasm-stock', backend: 'wasm', models: options.models, stock: true });
  return runs;
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
  const peerRows = [];
  // the live peers, one per thread count: each takes its step right after each tfjs step (not for wasm-stock)
  const probe = probePeer(options.python, options.peerLibPath);
  let peer = probe.ok ? { ok: true, torch: probe.torch, blas: probe.blas, rows: peerRows } : { ok: false, message: probe.message, rows: [] };
  const peers = [];
  if (probe.ok) {
    log(`PyTorch peer (torch ${probe.torch}, threads ${options.peerThreads.join(',')}): steps interleaved with the tfjs steps`);
    try {
      for (const threads of options.peerThreads) peers.push(await openPeer(options.python, { shapes, threads, libPath: options.peerLibPath }));
    } catch (e) {
      peer = { ok: false, message: `PyTorch peer failed: ${e.message}`, rows: [] };
    }
  } else {
    log(probe.message);
  }
  try {
    for (const run of plannedRuns(options)) {
      const act = await activateBackend(run.backend, { fastPaths: !run.stock, threads: options.wasmThreads });
      if (!act.ok) {
        skipped.push(`backend ${run.backend}: ${act.message}`);
        log(`skip backend ${run.backend}: ${act.message}`);
        continue;
      }
      // the memory run first, so that the RSS it samples is not inflated by the large models' heaps
      if (options.memorySteps > 0 && !run.stock) {
        log(`${run.name} memory run: ${options.memorySteps} AMP steps of ${options.memoryModel} …`);
        try {
          const s = options.memoryModel === 'cnn' ? reducedCnnShapes(shapes) : shapes;
          memory.push({ backend: run.name, ...(await memoryRun(options.memoryModel, s, options.memorySteps)) });
        } catch (e) {
          skipped.push(`memory run on ${run.name}: ${e.message}`);
        }
      }
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
            const withPeers = peer.ok && !run.stock ? peers : [];
            const r = await timeModes(builds, MODES, { steps, warmup, peers: withPeers, model, optimizer: options.optimizer });
            for (const mode of MODES) results.push({ backend: run.name, model, mode, ...r.ours[mode] });
            for (const p of r.peers) peerRows.push({ backend: run.name, model, ...p });
            log(`${run.name} ${model}: ${MODES.map((m) => `${m} ${r.ours[m].medianMs.toFixed(1)} ms`).join(', ')}`);
          } finally {
            for (const b of Object.values(builds)) b.dispose();
          }
        }
      } finally {
        if (run.stock) installWasmFastPaths(); // the library's default on wasm again
      }
    }
  } finally {
    for (const p of peers) await p.close();
  }
  const described = [...new Set(plannedRuns(options).flatMap((r) => r.models))];
  const models = described.map((m) => ({ model: m, description: describeModel(m, shapes) }));
  if (options.memorySteps > 0) {
    const s = options.memoryModel === 'cnn' ? reducedCnnShapes(shapes) : shapes;
    models.push({ model: `memory run (${options.memoryModel})`, description: describeModel(options.memoryModel, s) });
  }
  return { machine, options, argv, models, results, memory, peer, ratios: computeRatios(results, peer.rows), skipped };
}
