import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmFastPathsInstalled } from '@ampmix/core';
import { BenchOptionError, MODES, parseBenchArgs } from '../src/config.mjs';
import { runBench } from '../src/run.mjs';
import { activateBackend } from '../src/backends.mjs';
import { computeRatios, formatReport } from '../src/report.mjs';
import { leastSquares, summarize } from '../src/stats.mjs';

const cli = fileURLToPath(new URL('../index.mjs', import.meta.url));

describe('stats', () => {
  it('summarize gives median, min and max', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });
  it('leastSquares recovers the slope of an exact line and a known fit', () => {
    expect(leastSquares([0, 1, 2, 3], [1, 3, 5, 7]).slope).toBeCloseTo(2, 12);
    // y = [0, 1, 1, 2] at x = [0, 1, 2, 3]: slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = 3/5
    expect(leastSquares([0, 1, 2, 3], [0, 1, 1, 2]).slope).toBeCloseTo(0.6, 12);
  });
});

describe('CLI options', () => {
  it('defaults to the issue’s run: every backend and model, 20 steps, 2,000 memory steps', () => {
    const o = parseBenchArgs([]);
    expect(o.backends).toEqual(['cpu', 'wasm', 'node']);
    expect(o.models).toEqual(['mlp', 'cnn', 'lstm']);
    expect([o.steps, o.warmup, o.memorySteps]).toEqual([20, 3, 2000]);
    expect(o.shapes).toMatchObject({ batch: 50, length: 40, embeddingDim: 300, vocabSize: 18000, numClasses: 6 });
    expect(o.peerThreads).toEqual([1, 2]);
    expect(o.stock).toBe(true);
    expect(parseBenchArgs(['--no-stock']).stock).toBe(false);
  });
  it('names the flag and the valid values when an option is wrong', () => {
    expect(() => parseBenchArgs(['--no-prototypes'])).toThrow(BenchOptionError);
    expect(() => parseBenchArgs(['--backend', 'gpu'])).toThrow(BenchOptionError);
    expect(() => parseBenchArgs(['--backend', 'gpu'])).toThrow(/--backend must be one of cpu, wasm, node or all; got "gpu"/);
    expect(() => parseBenchArgs(['--steps', '0'])).toThrow(/--steps must be an integer ≥ 1; got "0"/);
    expect(() => parseBenchArgs(['--memory-model', 'lstm'])).toThrow(/--memory-model must be mlp or cnn/);
  });
  it('the CLI exits 2 with one message and the usage on a bad option', () => {
    const r = spawnSync(process.execPath, [cli, '--model', 'rnn'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bench: --model must be one of mlp, cnn, lstm or all; got "rnn"\nusage: node tools\/bench/);
  });
});

describe('activateBackend', () => {
  it('activates wasm with core’s fast paths by default and without them with fastPaths: false', async () => {
    expect(await activateBackend('wasm', { fastPaths: false })).toEqual({ ok: true, tfBackend: 'wasm', fastPaths: false });
    expect(wasmFastPathsInstalled()).toBe(false);
    expect(await activateBackend('wasm')).toEqual({ ok: true, tfBackend: 'wasm', fastPaths: true });
    expect(wasmFastPathsInstalled()).toBe(true);
    expect(await activateBackend('cpu')).toEqual({ ok: true, tfBackend: 'cpu', fastPaths: false });
  });
});

describe('--quick run (cpu, wasm with the fast paths, wasm-stock, every model, the PyTorch peer when installed)', () => {
  let run: Awaited<ReturnType<typeof runBench>>;
  let tensorsBefore: number;
  beforeAll(async () => {
    tensorsBefore = tf.memory().numTensors;
    const options = parseBenchArgs(['--quick', '--backend', 'cpu,wasm', '--peer-threads', '1', '--memory-steps', '30']);
    run = await runBench(options, { argv: ['--quick'] });
  }, 300_000);
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

  it('times every backend × model × mode with finite, ordered numbers and no leaked tensor', () => {
    const expected = [
      ...['cpu', 'wasm'].flatMap((b) => ['mlp', 'cnn', 'lstm'].map((m) => [b, m])),
      ...['mlp', 'cnn', 'lstm'].map((m) => ['wasm-stock', m]),
    ];
    for (const [backend, model] of expected) {
      for (const mode of MODES) {
        const r = run.results.find((x) => x.backend === backend && x.model === model && x.mode === mode);
        expect(r, `${backend} ${model} ${mode}`).toBeDefined();
        expect([r!.medianMs, r!.minMs, r!.maxMs, r!.cpuMedianMs, r!.loss].every(finite)).toBe(true);
        expect(r!.minMs).toBeLessThanOrEqual(r!.medianMs);
        expect(r!.medianMs).toBeLessThanOrEqual(r!.maxMs);
        expect(r!.steps).toBe(3);
        expect(r!.tensorsLeaked).toBe(0);
      }
    }
    expect(run.results).toHaveLength(expected.length * MODES.length);
    expect([...new Set(run.results.map((r) => r.backend))]).toEqual(['cpu', 'wasm', 'wasm-stock']); // stock last
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('re-installs the wasm fast paths after the wasm-stock rows', () => {
    expect(wasmFastPathsInstalled()).toBe(true);
  });

  it('reports stock/fast (wasm-stock over wasm) for every model and mode', () => {
    const sf = run.ratios.filter((x) => x.kind === 'stock/fast');
    expect(sf).toHaveLength(3 * MODES.length);
    for (const model of ['mlp', 'cnn', 'lstm']) {
      for (const mode of MODES) {
        const r = sf.find((x) => x.model === model && x.mode === mode);
        expect(r?.backend).toBe('wasm');
        expect(finite(r?.value) && finite(r?.cpuValue)).toBe(true);
        const t = (backend: string) => run.results.find((x) => x.backend === backend && x.model === model && x.mode === mode)!;
        expect(r!.value).toBeCloseTo(t('wasm-stock').medianMs / t('wasm').medianMs, 12);
      }
    }
  });

  it('reports AMP/Mixup for every backend and model, and ours/peer when the peer ran', () => {
    for (const r of run.results.filter((x) => x.mode === 'amp')) {
      const a = run.ratios.find((x) => x.kind === 'amp/mixup' && x.side === 'ours' && x.backend === r.backend && x.model === r.model);
      expect(finite(a?.value) && finite(a?.cpuValue)).toBe(true);
    }
    if (run.peer.ok) {
      expect(run.peer.rows).toHaveLength(3 * MODES.length);
      for (const p of run.peer.rows) expect([p.medianMs, p.minMs, p.maxMs, p.cpuMedianMs, p.loss].every(finite)).toBe(true);
      const op = run.ratios.filter((x) => x.kind === 'ours/peer');
      expect(op).toHaveLength(run.results.length); // one per tfjs row (peer at 1 thread)
      expect(op.every((x) => finite(x.value) && finite(x.cpuValue))).toBe(true);
    } else {
      expect(run.peer.message).toMatch(/PyTorch peer (skipped|failed)/);
    }
  });

  it('without wasm-stock rows (--no-stock), no stock/fast ratio and no stock section', () => {
    const results = run.results.filter((r) => r.backend !== 'wasm-stock');
    const ratios = computeRatios(results, run.peer.rows);
    expect(ratios.some((r) => r.kind === 'stock/fast')).toBe(false);
    expect(ratios.filter((r) => r.kind === 'amp/mixup' && r.side === 'ours')).toHaveLength(6);
    const text = formatReport({ ...run, results, ratios }).join('\n');
    expect(text).not.toMatch(/wasm-stock|stock\/fast/);
  });

  it('samples memory over the long run: numTensors flat (slope 0), RSS finite', () => {
    expect(run.memory.map((m) => m.backend)).toEqual(['cpu', 'wasm']);
    for (const m of run.memory) {
      expect(m.steps).toBe(30);
      expect(m.numTensors.slopePer1000).toBe(0);
      expect(m.numTensors.first).toBe(m.numTensors.last);
      expect(m.numTensors.secondHalfSlopePer1000).toBe(0);
      expect([m.rssMB.slopePer1000, m.rssMB.secondHalfSlopePer1000, m.v8HeapUsedMB.slopePer1000].every(finite)).toBe(true);
      expect(m.series.step).toHaveLength(m.samples);
      if (m.backend === 'wasm') expect(finite(m.wasmHeapMB?.last)).toBe(true);
      else expect(m.wasmHeapMB).toBeNull();
    }
  });

  it('prints the machine line, the tables and the ratios', () => {
    const text = formatReport(run).join('\n');
    expect(text).toMatch(/^machine: nproc \d+, .+, Node v\d+\.\d+\.\d+, tfjs 4\.22\.0, load average at start /m);
    expect(text).toMatch(/^\| backend \| model \| no-mix \| Mixup \| Mixup\+AMP \| cpu no-mix \/ Mixup \/ AMP \| AMP\/Mixup \|$/m);
    expect(text).toMatch(/^\| wasm \| cnn \| [\d.]+ \([\d.]+–[\d.]+\) \| .* \| [\d.]+× \(cpu [\d.]+×\) \|$/m);
    expect(text).toMatch(/^\| wasm-stock \| cnn \| [\d.]+ \([\d.]+–[\d.]+\) \| .* \| [\d.]+× \(cpu [\d.]+×\) \|$/m);
    expect(text).toMatch(/^wasm = core's wasm fast paths on .*; wasm-stock = chooseBackend\(\{ backend: 'wasm', fastPaths: false \}\)/m);
    expect(text).toMatch(/^## wasm fast paths: stock\/fast/m);
    for (const m of ['mlp', 'cnn', 'lstm']) expect(text).toMatch(new RegExp(`^\\| ${m} \\|( [\\d.]+× \\(cpu [\\d.]+×\\) \\|){3}$`, 'm'));
    expect(text).not.toMatch(/proto/);
    expect(text).toMatch(/^## memory/m);
    if (run.peer.ok) expect(text).toMatch(/^\| wasm \| cnn \| 1 \| [\d.]+× \(cpu [\d.]+×\) \| [\d.]+× \(cpu [\d.]+×\) \| [\d.]+× \(cpu [\d.]+×\) \|$/m);
    else expect(text).toMatch(/PyTorch peer (skipped|failed)/);
  });
});
