/**
 * Float64 reference implementations, written independently of the tfjs models, from the papers'
 * equations: Kim (2014) CNN and the AMP reference code's BiLSTM with attention pooling.
 */
import type * as tf from '@tensorflow/tfjs';

export type Mat = number[][];

/** Reads a variable as nested arrays / a flat array. */
export const arr = (v: tf.Tensor): number[] => Array.from(v.dataSync());
export function mat(v: tf.Tensor): Mat {
  const [r, c] = v.shape;
  const d = arr(v);
  return Array.from({ length: r }, (_, i) => d.slice(i * c!, (i + 1) * c!));
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const vecMat = (v: number[], m: Mat) => m[0].map((_, j) => v.reduce((s, x, i) => s + x * m[i][j], 0));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Embedding rows of `ids` (PAD → zeros). */
export function embed(table: Mat, ids: number[]): Mat {
  return ids.map((id) => (id === 0 ? table[0].map(() => 0) : [...table[id]]));
}

/** Kim CNN logits of one sentence: pad (max width − 1) zeros at both ends, conv + ReLU + max per width, dense. */
export function kimCnnLogits(e: Mat, filters: { h: number; w: number[][][]; b: number[] }[], outW: Mat, outB: number[]): number[] {
  const d = e[0].length;
  const pad = Math.max(...filters.map((f) => f.h)) - 1;
  const zeros = () => new Array<number>(d).fill(0);
  const x = [...Array.from({ length: pad }, zeros), ...e, ...Array.from({ length: pad }, zeros)];
  const pooled: number[] = [];
  for (const { h, w, b } of filters) {
    const nF = b.length;
    for (let f = 0; f < nF; f++) {
      let best = -Infinity;
      for (let t = 0; t + h <= x.length; t++) {
        let s = b[f];
        for (let k = 0; k < h; k++) for (let c = 0; c < d; c++) s += x[t + k][c] * w[k][c][f];
        best = Math.max(best, Math.max(0, s));
      }
      pooled.push(best);
    }
  }
  return vecMat(pooled, outW).map((v, j) => v + outB[j]);
}

export interface LstmDir { wx: Mat; wh: Mat; b: number[] }

/** One LSTM direction over the tokens of `x` where mask is 1 (state carried over padding). */
function lstmRun(x: Mat, mask: number[], p: LstmDir, reverse: boolean): Mat {
  const hsz = p.wh.length;
  let h = new Array<number>(hsz).fill(0);
  let c = new Array<number>(hsz).fill(0);
  const out: Mat = new Array(x.length);
  for (let s = 0; s < x.length; s++) {
    const t = reverse ? x.length - 1 - s : s;
    if (mask[t] === 1) {
      const g = vecMat(x[t], p.wx).map((v, j) => v + p.b[j] + vecMat(h, p.wh)[j]);
      const i = g.slice(0, hsz).map(sigmoid);
      const f = g.slice(hsz, 2 * hsz).map(sigmoid);
      const gg = g.slice(2 * hsz, 3 * hsz).map(Math.tanh);
      const o = g.slice(3 * hsz).map(sigmoid);
      c = c.map((cv, j) => f[j] * cv + i[j] * gg[j]);
      h = c.map((cv, j) => o[j] * Math.tanh(cv));
    }
    out[t] = [...h];
  }
  return out;
}

/** BiLSTM + attention pooling + ReLU + dense logits of one sentence (mask: 1 token, 0 padding). */
export function biLstmLogits(e: Mat, mask: number[], fw: LstmDir, bw: LstmDir, attW: number[], outW: Mat, outB: number[]): number[] {
  const hf = lstmRun(e, mask, fw, false);
  const hb = lstmRun(e, mask, bw, true);
  const H = hf.map((r, t) => [...r, ...hb[t]]);
  const scores = H.map((r) => dot(r.map(Math.tanh), attW));
  const real = scores.map((s, t) => (mask[t] ? s : -Infinity));
  const m = Math.max(...real);
  const ex = real.map((s) => (Number.isFinite(s) ? Math.exp(s - m) : 0));
  const z = ex.reduce((a, b) => a + b, 0);
  const pooled = H[0].map((_, k) => H.reduce((s, r, t) => s + (ex[t] / z) * r[k], 0));
  return vecMat(pooled.map((v) => Math.max(0, v)), outW).map((v, j) => v + outB[j]);
}

/** Soft-target cross-entropy −Σ_c y_c log softmax(z)_c, in float64. */
export function softCrossEntropy(logits: number[], target: number[]): number {
  const m = Math.max(...logits);
  const lse = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0));
  return -target.reduce((s, y, c) => s + y * (logits[c] - lse), 0);
}
