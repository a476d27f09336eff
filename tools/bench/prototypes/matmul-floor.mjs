// How much of the ours/peer gap is the matrix products alone: the BatchMatMul kernels of one Kim CNN (or other
// model) training step, by shape (from tf.profile of a step after warm-up; transposes inferred from the shapes),
// each timed on its own on the tfjs backend (median of 9, one thread) and in PyTorch (torch.matmul, one thread,
// the peer's interpreter), summed per step. The PyTorch peer computes its convolutions with its own kernels, so
// the torch column is what the same products cost there, not what the peer's step spends.
//   node tools/bench/prototypes/matmul-floor.mjs [--model cnn] [--mode mixup] [--backend wasm] [--python /usr/bin/python3]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from '../src/backends.mjs';
import { buildCase } from '../src/cases.mjs';
import { FULL_SHAPES } from '../src/config.mjs';
import { createStepper } from '../src/train-step.mjs';
import { quantile } from '../src/stats.mjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'cnn' },
    mode: { type: 'string', default: 'mixup' },
    backend: { type: 'string', default: 'wasm' },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const act = await activateBackend(values.backend);
if (!act.ok) throw new Error(act.message);

// the step's BatchMatMul calls, by input shapes
const built = await buildCase(values.model, FULL_SHAPES);
const stepper = createStepper(built, values.mode);
for (let i = 0; i < 3; i++) await stepper.step(i);
const info = await tf.profile(async () => {
  await stepper.step(3);
  return [];
});
stepper.dispose();
built.dispose();
const calls = new Map();
for (const k of info.kernels.filter((k) => k.name === 'BatchMatMul')) {
  const key = JSON.stringify([k.inputShapes, k.outputShapes[0]]);
  calls.set(key, (calls.get(key) ?? 0) + 1);
}

/** [batch, m, k, n, transposeA, transposeB] of a product with these shapes (a square operand: no transpose). */
function gemmOf(a, b, out) {
  const [m, n] = out.slice(-2);
  const [a0, a1] = a.slice(-2);
  const ta = a0 !== m;
  const k = ta ? a0 : a1;
  const tb = b.at(-2) !== k;
  const batch = out.slice(0, -2).reduce((x, y) => x * y, 1);
  return [batch, m, k, n, ta, tb];
}

const shapes = [...calls.entries()].map(([key, count]) => {
  const [[a, b], out] = JSON.parse(key);
  return { a, b, out, count, gemm: gemmOf(a, b, out) };
});
const time = (f, reps = 9) => {
  for (let i = 0; i < 2; i++) tf.dispose(f());
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const y = f();
    y.dataSync();
    t.push(performance.now() - t0);
    y.dispose();
  }
  return quantile(t, 0.5);
};
for (const s of shapes) {
  const [, , , , ta, tb] = s.gemm;
  const a = tf.randomNormal(s.a);
  const b = tf.randomNormal(s.b);
  s.oursMs = time(() => tf.matMul(a, b, ta, tb));
  tf.dispose([a, b]);
}

const py = `
import json, sys, time, torch
torch.set_num_threads(1)
out = []
for a, b, ta, tb in json.loads(sys.argv[1]):
    x = torch.randn(*a); y = torch.randn(*b)
    f = lambda: torch.matmul(x.transpose(-1, -2) if ta else x, y.transpose(-1, -2) if tb else y)
    for _ in range(2): f()
    t = []
    for _ in range(9):
        t0 = time.perf_counter(); f(); t.append((time.perf_counter() - t0) * 1000)
    out.append(sorted(t)[len(t) // 2])
print(json.dumps({"torch": torch.__version__, "ms": out}))
`;
const r = spawnSync(values.python, ['-c', py, JSON.stringify(shapes.map((s) => [s.a, s.b, s.gemm[4], s.gemm[5]]))], { encoding: 'utf8' });
const torchMs = r.status === 0 ? JSON.parse(r.stdout) : null;
shapes.forEach((s, i) => {
  s.torchMs = torchMs ? torchMs.ms[i] : NaN;
});
if (!torchMs) console.log(`(no PyTorch column: ${values.python} failed: ${r.stderr.trim().split('\n').pop()})`);

console.log(`${values.backend} ${values.model} ${values.mode} step: BatchMatMul calls by shape, each timed alone (median of 9 ms; one thread)${torchMs ? `; torch ${torchMs.torch}` : ''}`);
let ours = 0;
let theirs = 0;
shapes.sort((x, y) => y.oursMs * y.count - x.oursMs * x.count);
for (const s of shapes) {
  const [batch, m, k, n, ta, tb] = s.gemm;
  const t = s.torchMs;
  ours += s.count * s.oursMs;
  theirs += s.count * t;
  const gflops = (2 * batch * m * k * n) / (s.oursMs * 1e6);
  console.log(`  ${String(s.count).padStart(2)} × [${s.a}]·[${s.b}]${ta ? ' (Aᵀ)' : ''}${tb ? ' (Bᵀ)' : ''} → [${s.out}]  ours ${s.oursMs.toFixed(2).padStart(6)} ms (${gflops.toFixed(1)} GFLOP/s)  torch ${t.toFixed(2).padStart(6)} ms  ours/torch ${(s.oursMs / t).toFixed(2)}`);
}
console.log(`  per step: ours ${ours.toFixed(1)} ms, torch ${theirs.toFixed(1)} ms, ours/torch ${(ours / theirs).toFixed(2)}`);
