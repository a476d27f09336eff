import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmFastPathsInstalled } from '@ampmix/core';
import { BenchOptionError, MODES, QUICK_SHAPES, parseBenchArgs } from '../src/config.mjs';
import { buildCase } from '../src/cases.mjs';
import { openLiveChild } from '../src/live-child.mjs';
import { timeModes } from '../src/time-case.mjs';
import { createStepper, OPTIMIZER_OF } from '../src/train-step.mjs';
import { runBench } from '../src/run.mjs';
import { activateBackend } from '../src/backends.mjs';
import { computeRatios, formatReport } from '../src/report.mjs';
import { leastSquares, pairedRatio, quantile, summarize } from '../src/stats.mjs';

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

describe('per-round ratios', () => {
  it('quantile interpolates between order statistics', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([3, 1, 2, 4], 0.25)).toBeCloseTo(1.75, 12); // position 0.75 between 1 and 2
    expect(quantile([7], 0.75)).toBe(7);
  });
  it('pairedRatio takes the median of round-by-round ratios, not the ratio of medians', () => {
    const a = { medianMs: 10, cpuMedianMs: 10, samples: { wall: [10, 20, 30], cpu: [10, 20, 30] } };
    const b = { medianMs: 10, cpuMedianMs: 10, samples: { wall: [5, 20, 10], cpu: [10, 10, 10] } };
    // per round: wall 2, 1, 3 → median 2, [1.5, 2.5]; cpu 1, 2, 3 → median 2
    const r = pairedRatio(a, b);
    expect(r.value).toBe(2);
    expect(r.spread).toEqual([1.5, 2.5]);
    expect(r.cpuValue).toBe(2);
    expect(r.cpuSpread).toEqual([1.5, 2.5]);
    // rows of different runs (no samples of one length): the ratio of the medians
    expect(pairedRatio({ medianMs: 6, cpuMedianMs: 3 }, b)).toEqual({ value: 0.6, cpuValue: 0.3, spread: null, cpuSpread: null });
    expect(pairedRatio(undefined, b).value).toBeNull();
  });
});

describe('interleaving', () => {
  it('a live child answers one JSON line per command and a dead one is named with its stderr', async () => {
    const echo = "console.log(JSON.stringify({ready:true}));require('readline').createInterface({input:process.stdin}).on('line',(l)=>{if(l==='quit')process.exit(0);console.log(JSON.stringify(l==='bad'?{error:'no such command'}:{got:l}))})";
    const child = await openLiveChild('echo', process.execPath, ['-e', echo]);
    expect(child.ready).toEqual({ ready: true });
    expect(await child.ask('step cnn amp')).toEqual({ got: 'step cnn amp' });
    await expect(child.ask('bad')).rejects.toThrow(/^echo answered an error \(no such command\)/);
    await child.close();
    await expect(openLiveChild('dying peer', process.execPath, ['-e', "console.error('torch missing'); process.exit(3)"])).rejects.toThrow(/^dying peer exited \(code 3\): torch missing$/);
  });

  it('timeModes asks every peer for the same model and mode right after each tfjs step', async () => {
    await tf.setBackend('cpu');
    const order: string[] = [];
    const peer = (threads: number) => ({
      threads,
      step: async (model: string, mode: string) => {
        order.push(`peer${threads} ${model} ${mode}`);
        return { wall: 2, cpu: 1, loss: 0.5 };
      },
      drop: async (model: string) => void order.push(`drop${threads} ${model}`),
    });
    const n0 = tf.memory().numTensors;
    const builds = Object.fromEntries(await Promise.all(['mixup', 'amp'].map(async (m) => [m, await buildCase('mlp', QUICK_SHAPES)])));
    const r = await timeModes(builds, ['mixup', 'amp'], { steps: 2, warmup: 1, peers: [peer(1), peer(2)], model: 'mlp' });
    for (const b of Object.values(builds)) b.dispose();
    expect(tf.memory().numTensors).toBe(n0);
    const round = ['peer1 mlp mixup', 'peer2 mlp mixup', 'peer1 mlp amp', 'peer2 mlp amp'];
    expect(order).toEqual([...round, ...round, ...round, 'drop1 mlp', 'drop2 mlp']);
    expect(r.ours.amp.samples.wall).toHaveLength(2);
    expect(r.peers.map((p) => [p.threads, p.mode, p.medianMs, p.cpuMedianMs, p.samples.wall.length])).toEqual([
      [1, 'mixup', 2, 1, 2],
      [1, 'amp', 2, 1, 2],
      [2, 'mixup', 2, 1, 2],
      [2, 'amp', 2, 1, 2],
    ]);
  });
});

describe('--optimizer trainer', () => {
  it('steps with the trainer\'s Adam, the embedding gradient row-sparse, leaving no tensor', async () => {
    await tf.setBackend('cpu');
    const built = await buildCase('cnn', QUICK_SHAPES);
    let lookups = 0;
    const inner = built.model.rowLookups.embedding;
    const model = { ...built.model, rowLookups: { embedding: (x) => (lookups++, inner(x)) } };
    const stepper = createStepper({ ...built, model }, 'amp', { optimizer: OPTIMIZER_OF.trainer });
    const table = built.model.weights.embedding.dataSync().slice();
    await stepper.step(0);
    const n = tf.memory().numTensors;
    const stats = await stepper.step(1);
    expect(tf.memory().numTensors).toBe(n);
    expect(lookups).toBe(2);
    expect(Number.isFinite(stats.gradNorm) && stats.gradNorm > 0).toBe(true);
    expect(built.model.weights.embedding.dataSync()).not.toEqual(table);
    stepper.dispose();
    built.dispose();
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
    expect(o.wasmThreads).toBe(1);
    expect(parseBenchArgs(['--wasm-threads', '2']).wasmThreads).toBe(2);
    expect(o.optimizer).toBe('tfjs');
    expect(parseBenchArgs(['--optimizer', 'trainer']).optimizer).toBe('trainer');
  });
  it('names the flag and the valid values when an option is wrong', () => {
    expect(() => parseBenchArgs(['--no-prototypes'])).toThrow(BenchOptionError);
    expect(() => parseBenchArgs(['--backend', 'gpu'])).toThrow(BenchOptionError);
    expect(() => parseBenchArgs(['--backend', 'gpu'])).toThrow(/--backend must be one of cpu, wasm, node or all; got "gpu"/);
    expect(() => parseBenchArgs(['--steps', '0'])).toThrow(/--steps must be an integer ≥ 1; got "0"/);
    expect(() => parseBenchArgs(['--memory-model', 'lstm'])).toThrow(/--memory-model must be mlp or cnn/);
    expect(() => parseBenchArgs(['--wasm-threads', '8'])).toThrow(/--wasm-threads must be an integer from 1 to 4; got "8"/);
    expect(() => parseBenchArgs(['--optimizer', 'sgd'])).toThrow(/--optimizer must be one of tfjs, trainer; got "sgd"/);
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
      // the 1-thread peer took a step after every cpu and wasm step (not after wasm-stock's)
      const interleaved = run.results.filter((r) => r.backend !== 'wasm-stock');
      expect(run.peer.rows).toHaveLength(interleaved.length);
      for (const p of run.peer.rows) {
        expect([p.medianMs, p.minMs, p.maxMs, p.cpuMedianMs, p.loss].every(finite)).toBe(true);
        expect(p.samples.wall).toHaveLength(3);
      }
      const op = run.ratios.filter((x) => x.kind === 'ours/peer');
      expect(op).toHaveLength(interleaved.length);
      expect(op.every((x) => finite(x.value) && finite(x.cpuValue) && x.spread!.length === 2)).toBe(true);
      // per round: the median of ours[i] / peer[i]
      const r = interleaved[0];
      const p = run.peer.rows.find((x) => x.backend === r.backend && x.model === r.model && x.mode === r.mode)!;
      const o = op.find((x) => x.backend === r.backend && x.model === r.model && x.mode === r.mode)!;
      const perRound = r.samples.cpu.map((c, i) => c / p.samples.cpu[i]).sort((a, b) => a - b);
      expect(o.cpuValue).toBeCloseTo(perRound[1], 12);
    } else {
      expect(run.peer.message).toMatch(/PyTorch peer (skipped|failed)/);
    }
  });

  it('without wasm-stock rows (--no-stock), no stock/fast ratio and no stock section', () => {
    const results = run.results.filter((r) => r.backend !== 'wasm-stock');
    const ratios = computeRatios(results, run.peer.rows.filter((p) => p.backend !== 'wasm-stock'));
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
    // AMP/Mixup of one case: per-round, with its spread
    expect(text).toMatch(/^\| wasm \| cnn \| [\d.]+ \([\d.]+–[\d.]+\) \| .* \| [\d.]+× \[[\d.]+–[\d.]+\] \(cpu [\d.]+× \[[\d.]+–[\d.]+\]\) \|$/m);
    expect(text).toMatch(/^\| wasm-stock \| cnn \| [\d.]+ \([\d.]+–[\d.]+\) \| .* \| [\d.]+× \[[\d.]+–[\d.]+\] \(cpu [\d.]+× \[[\d.]+–[\d.]+\]\) \|$/m);
    expect(text).toMatch(/^wasm = core's wasm fast paths on .*; wasm-stock = chooseBackend\(\{ backend: 'wasm', fastPaths: false \}\)/m);
    expect(text).toMatch(/^## wasm fast paths: stock\/fast/m);
    for (const m of ['mlp', 'cnn', 'lstm']) expect(text).toMatch(new RegExp(`^\\| ${m} \\|( [\\d.]+× \\(cpu [\\d.]+×\\) \\|){3}$`, 'm'));
    expect(text).not.toMatch(/proto/);
    expect(text).toMatch(/^## memory/m);
    if (run.peer.ok) expect(text).toMatch(/^\| wasm \| cnn \| 1 \|( [\d.]+× \[[\d.]+–[\d.]+\] \(cpu [\d.]+× \[[\d.]+–[\d.]+\]\) \|){3}$/m);
    else expect(text).toMatch(/PyTorch peer (skipped|failed)/);
  });
});
