// Ratios and the printed report (markdown tables, pasteable into docs/PERFORMANCE.md).
import { pairedRatio, ratio } from './stats.mjs';
import { MODES } from './config.mjs';

const find = (rows, where) => rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v));

/**
 * Ratios measured in the same run: AMP/Mixup (ours and the peer's), ours/peer per mode and peer thread count,
 * and for wasm stock/fast per model and mode (the `wasm-stock` row over the `wasm` row: the speed-up of core's
 * wasm fast paths; > 1 when they are faster). Rows timed in the same rounds (the modes of one case, and the
 * peer steps interleaved with them) give per-round ratios with their [p25, p75] spread (see pairedRatio);
 * stock/fast, from two runs, is the ratio of the medians.
 */
export function computeRatios(results, peerRows) {
  const out = [];
  for (const key of new Set(results.map((r) => `${r.backend}|${r.model}`))) {
    const [backend, model] = key.split('|');
    const row = (mode) => find(results, { backend, model, mode });
    out.push({ kind: 'amp/mixup', side: 'ours', backend, model, ...pairedRatio(row('amp'), row('mixup')) });
    out.push({ kind: 'mixup/none', side: 'ours', backend, model, ...pairedRatio(row('mixup'), row('none')) });
    for (const p of peerRows.filter((p) => p.backend === backend && p.model === model)) {
      out.push({ kind: 'ours/peer', backend, model, mode: p.mode, threads: p.threads, ...pairedRatio(row(p.mode), p) });
    }
  }
  for (const model of new Set(results.filter((r) => r.backend === 'wasm-stock').map((r) => r.model))) {
    const row = (backend, mode) => find(results, { backend, model, mode });
    for (const mode of MODES) {
      const [stock, fast] = [row('wasm-stock', mode), row('wasm', mode)];
      if (!stock || !fast) continue;
      out.push({ kind: 'stock/fast', backend: 'wasm', model, mode, value: ratio(stock.medianMs, fast.medianMs), cpuValue: ratio(stock.cpuMedianMs, fast.cpuMedianMs), spread: null, cpuSpread: null });
    }
  }
  for (const key of new Set(peerRows.map((p) => `${p.backend}|${p.model}|${p.threads}`))) {
    const [backend, model, th] = key.split('|');
    const threads = Number(th);
    const row = (mode) => find(peerRows, { backend, model, mode, threads });
    out.push({ kind: 'amp/mixup', side: 'peer', backend, model, threads, ...pairedRatio(row('amp'), row('mixup')) });
  }
  return out;
}

const ms = (x) => (x == null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (r) => (r ? `${ms(r.medianMs)} (${ms(r.minMs)}–${ms(r.maxMs)})` : '—');
const x2 = (v) => (v == null ? '—' : `${v.toFixed(2)}×`);
const iqr = (sp) => (sp ? ` [${sp[0].toFixed(2)}–${sp[1].toFixed(2)}]` : '');
const both = (r) => (r ? `${x2(r.value)}${iqr(r.spread)} (cpu ${x2(r.cpuValue)}${iqr(r.cpuSpread)})` : '—');
const num = (v, d = 2) => (v == null ? '—' : v.toFixed(d));

/** The report as text lines. */
export function formatReport(run) {
  const L = [];
  const m = run.machine;
  L.push(`# ampmix bench${run.options.quick ? ' (--quick: tiny shapes, not a benchmark)' : ''}`);
  L.push(`machine: nproc ${m.nproc}, ${m.cpu}, Node ${m.node}, tfjs ${m.tfjs}, load average at start ${m.loadavg.join(' ')}`);
  L.push(`command: node tools/bench ${run.argv.join(' ')}`.trimEnd());
  if (run.options.wasmThreads > 1) L.push(`wasm threads: ${run.options.wasmThreads} (chooseBackend({ threads }))`);
  if (run.options.optimizer === 'trainer') L.push("optimizer: @ampmix/trainer's Adam, the embedding gradient row-sparse (mixStep sparseGradients), as train() runs it");
  L.push(`step = plan sampling + mixStep + Adam update; wall ms median (min–max) over ${run.options.steps} timed steps after ${run.options.warmup} warm-up, modes interleaved step by step;`);
  L.push('cpu = median CPU time of the process per step (≈ the uncontended wall time of a single-threaded backend when the machine is shared); ratios: wall (cpu); a ratio of steps timed in the same rounds is the median of the per-round ratios [p25–p75]');
  if (run.results.some((r) => r.backend === 'wasm-stock')) {
    L.push("wasm = core's wasm fast paths on (chooseBackend's default); wasm-stock = chooseBackend({ backend: 'wasm', fastPaths: false }): the stock tfjs kernels and gradients");
  }
  for (const d of run.models) L.push(`- ${d.model}: ${d.description}`);
  for (const s of run.skipped) L.push(`skipped: ${s}`);
  L.push('');
  L.push('## tfjs');
  L.push('| backend | model | no-mix | Mixup | Mixup+AMP | cpu no-mix / Mixup / AMP | AMP/Mixup |');
  L.push('|---|---|---|---|---|---|---|');
  const amp = (side, extra) => find(run.ratios, { kind: 'amp/mixup', side, ...extra });
  const cpus = (rows, where) => MODES.map((mode) => ms(find(rows, { ...where, mode })?.cpuMedianMs)).join(' / ');
  for (const key of new Set(run.results.map((r) => `${r.backend}|${r.model}`))) {
    const [backend, model] = key.split('|');
    const cells = MODES.map((mode) => cell(find(run.results, { backend, model, mode })));
    L.push(`| ${backend} | ${model} | ${cells.join(' | ')} | ${cpus(run.results, { backend, model })} | ${both(amp('ours', { backend, model }))} |`);
  }
  const sf = run.ratios.filter((r) => r.kind === 'stock/fast');
  if (sf.length) {
    L.push('');
    L.push('## wasm fast paths: stock/fast (wasm-stock over wasm, same run; > 1 = faster with the fast paths)');
    L.push('| model | no-mix | Mixup | Mixup+AMP |');
    L.push('|---|---|---|---|');
    for (const model of new Set(sf.map((r) => r.model))) L.push(`| ${model} | ${MODES.map((mode) => both(find(sf, { model, mode }))).join(' | ')} |`);
  }
  L.push('');
  L.push('## PyTorch peer');
  if (!run.peer.ok) {
    L.push(run.peer.message);
  } else {
    L.push(`torch ${run.peer.torch}, BLAS ${run.peer.blas}; same model, same min-max-rand step, Adam`);
    L.push('| interleaved with | threads | model | no-mix | Mixup | Mixup+AMP | cpu no-mix / Mixup / AMP | AMP/Mixup |');
    L.push('|---|---|---|---|---|---|---|---|');
    for (const key of new Set(run.peer.rows.map((p) => `${p.backend}|${p.threads}|${p.model}`))) {
      const [backend, th, model] = key.split('|');
      const threads = Number(th);
      const cells = MODES.map((mode) => cell(find(run.peer.rows, { backend, model, mode, threads })));
      L.push(`| ${backend} | ${threads} | ${model} | ${cells.join(' | ')} | ${cpus(run.peer.rows, { backend, model, threads })} | ${both(amp('peer', { backend, model, threads }))} |`);
    }
    L.push('');
    L.push('## ours/peer (per-round ratio: median [p25–p75]; each peer step taken right after the tfjs step)');
    L.push('| backend | model | peer threads | no-mix | Mixup | Mixup+AMP |');
    L.push('|---|---|---|---|---|---|');
    const op = run.ratios.filter((r) => r.kind === 'ours/peer');
    for (const key of new Set(op.map((r) => `${r.backend}|${r.model}|${r.threads}`))) {
      const [backend, model, th] = key.split('|');
      const cells = MODES.map((mode) => {
        return both(find(op, { backend, model, threads: Number(th), mode }));
      });
      L.push(`| ${backend} | ${model} | ${th} | ${cells.join(' | ')} |`);
    }
  }
  L.push('');
  L.push('## memory (Mixup+AMP steps; slope per 1,000 steps by least squares after the first 10 % / over the second half)');
  if (!run.memory.length) L.push('not run (--memory-steps 0)');
  else {
    L.push('| backend | model | steps | numTensors first→last | numTensors slope | RSS MB first→last | RSS MB slope | V8 heap-used MB slope | wasm heap MB first→last |');
    L.push('|---|---|---|---|---|---|---|---|---|');
    for (const r of run.memory) {
      const wasm = r.wasmHeapMB ? `${num(r.wasmHeapMB.first, 0)}→${num(r.wasmHeapMB.last, 0)}` : '—';
      L.push(`| ${r.backend} | ${r.model} | ${r.steps} | ${r.numTensors.first}→${r.numTensors.last} | ${num(r.numTensors.slopePer1000)} | ${num(r.rssMB.first, 1)}→${num(r.rssMB.last, 1)} | ${num(r.rssMB.slopePer1000)} / ${num(r.rssMB.secondHalfSlopePer1000)} | ${num(r.v8HeapUsedMB.slopePer1000)} / ${num(r.v8HeapUsedMB.secondHalfSlopePer1000)} | ${wasm} |`);
    }
  }
  return L;
}
