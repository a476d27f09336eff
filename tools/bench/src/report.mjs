// Ratios and the printed report (markdown tables, pasteable into docs/PERFORMANCE.md).
import { ratio } from './stats.mjs';
import { MODES } from './config.mjs';

const find = (rows, where) => rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v));

/**
 * Ratios measured in the same run: AMP/Mixup (ours and the peer's), ours/peer per mode and thread count, and
 * for wasm stock/fast per model and mode (the `wasm-stock` row over the `wasm` row: the speed-up of core's
 * wasm fast paths; > 1 when they are faster).
 */
export function computeRatios(results, peerRows) {
  const out = [];
  const pairs = new Set(results.map((r) => `${r.backend}|${r.model}`));
  for (const key of pairs) {
    const [backend, model] = key.split('|');
    const t = (mode) => find(results, { backend, model, mode })?.medianMs;
    const c = (mode) => find(results, { backend, model, mode })?.cpuMedianMs;
    out.push({ kind: 'amp/mixup', side: 'ours', backend, model, value: ratio(t('amp'), t('mixup')), cpuValue: ratio(c('amp'), c('mixup')) });
    out.push({ kind: 'mixup/none', side: 'ours', backend, model, value: ratio(t('mixup'), t('none')), cpuValue: ratio(c('mixup'), c('none')) });
    for (const p of peerRows.filter((p) => p.model === model)) {
      out.push({
        kind: 'ours/peer',
        backend,
        model,
        mode: p.mode,
        threads: p.threads,
        value: ratio(t(p.mode), p.medianMs),
        cpuValue: p.threads === 1 ? ratio(c(p.mode), p.cpuMedianMs) : null,
      });
    }
  }
  for (const model of new Set(results.filter((r) => r.backend === 'wasm-stock').map((r) => r.model))) {
    const row = (backend, mode) => find(results, { backend, model, mode });
    for (const mode of MODES) {
      const [stock, fast] = [row('wasm-stock', mode), row('wasm', mode)];
      if (!stock || !fast) continue;
      out.push({ kind: 'stock/fast', backend: 'wasm', model, mode, value: ratio(stock.medianMs, fast.medianMs), cpuValue: ratio(stock.cpuMedianMs, fast.cpuMedianMs) });
    }
  }
  for (const key of new Set(peerRows.map((p) => `${p.model}|${p.threads}`))) {
    const [model, th] = key.split('|');
    const t = (mode) => find(peerRows, { model, mode, threads: Number(th) })?.medianMs;
    const c = (mode) => find(peerRows, { model, mode, threads: Number(th) })?.cpuMedianMs;
    out.push({ kind: 'amp/mixup', side: 'peer', model, threads: Number(th), value: ratio(t('amp'), t('mixup')), cpuValue: ratio(c('amp'), c('mixup')) });
  }
  return out;
}

const ms = (x) => (x == null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (r) => (r ? `${ms(r.medianMs)} (${ms(r.minMs)}–${ms(r.maxMs)})` : '—');
const x2 = (v) => (v == null ? '—' : `${v.toFixed(2)}×`);
const both = (r) => (r ? `${x2(r.value)} (cpu ${x2(r.cpuValue)})` : '—');
const num = (v, d = 2) => (v == null ? '—' : v.toFixed(d));

/** The report as text lines. */
export function formatReport(run) {
  const L = [];
  const m = run.machine;
  L.push(`# ampmix bench${run.options.quick ? ' (--quick: tiny shapes, not a benchmark)' : ''}`);
  L.push(`machine: nproc ${m.nproc}, ${m.cpu}, Node ${m.node}, tfjs ${m.tfjs}, load average at start ${m.loadavg.join(' ')}`);
  L.push(`command: node tools/bench ${run.argv.join(' ')}`.trimEnd());
  L.push(`step = plan sampling + mixStep + Adam update; wall ms median (min–max) over ${run.options.steps} timed steps after ${run.options.warmup} warm-up, modes interleaved step by step;`);
  L.push('cpu = median CPU time of the process per step (≈ the uncontended wall time of a single-threaded backend when the machine is shared); ratios: wall (cpu)');
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
    L.push('| threads | model | no-mix | Mixup | Mixup+AMP | cpu no-mix / Mixup / AMP | AMP/Mixup |');
    L.push('|---|---|---|---|---|---|---|');
    for (const key of new Set(run.peer.rows.map((p) => `${p.threads}|${p.model}`))) {
      const [th, model] = key.split('|');
      const threads = Number(th);
      const cells = MODES.map((mode) => cell(find(run.peer.rows, { model, mode, threads })));
      L.push(`| ${threads} | ${model} | ${cells.join(' | ')} | ${cpus(run.peer.rows, { model, threads })} | ${both(amp('peer', { model, threads }))} |`);
    }
    L.push('');
    L.push('## ours/peer (median over median; cpu-time ratio against the 1-thread peer only)');
    L.push('| backend | model | peer threads | no-mix | Mixup | Mixup+AMP |');
    L.push('|---|---|---|---|---|---|');
    const op = run.ratios.filter((r) => r.kind === 'ours/peer');
    for (const key of new Set(op.map((r) => `${r.backend}|${r.model}|${r.threads}`))) {
      const [backend, model, th] = key.split('|');
      const cells = MODES.map((mode) => {
        const r = find(op, { backend, model, threads: Number(th), mode });
        return r && r.cpuValue != null ? both(r) : x2(r?.value);
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
