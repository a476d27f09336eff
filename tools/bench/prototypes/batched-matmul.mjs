// Why the lockstep BiLSTM (both directions as one batched [2, B, ·] recurrence) was slower on wasm: a BatchMatMul
// with batch 2 against two unbatched matMuls of the same shapes, and sigmoid over [2, B, 4H] against two [B, 4H].
//   node tools/bench/prototypes/batched-matmul.mjs
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '@ampmix/core';
import { measure } from './measure.mjs';
await chooseBackend({ backend: 'wasm', log: () => {} });
const a = tf.randomNormal([2, 50, 100]); const b = tf.randomNormal([2, 100, 400]);
const a0 = tf.randomNormal([50, 100]); const b0 = tf.randomNormal([100, 400]);
const g = tf.randomNormal([2, 50, 400]); const g0 = tf.randomNormal([50, 400]);
for (let r = 0; r < 2; r++) {
  const one = await measure(() => { const o = []; for (let i = 0; i < 50; i++) { o.push(tf.matMul(a0, b0), tf.matMul(a0, b0)); } return o; }, { reps: 5 });
  const bat = await measure(() => { const o = []; for (let i = 0; i < 50; i++) o.push(tf.matMul(a, b)); return o; }, { reps: 5 });
  const sig4 = await measure(() => { const o = []; for (let i = 0; i < 50; i++) o.push(tf.sigmoid(g)); return o; }, { reps: 5 });
  const sig1 = await measure(() => { const o = []; for (let i = 0; i < 50; i++) o.push(tf.sigmoid(g0), tf.sigmoid(g0)); return o; }, { reps: 5 });
  console.log(`50× two [50,100]·[100,400]: cpu ${one.cpuMs.toFixed(1)} ms; 50× one [2,50,100]·[2,100,400]: cpu ${bat.cpuMs.toFixed(1)} ms; 50× sigmoid [2,50,400]: ${sig4.cpuMs.toFixed(1)} ms vs 2×[50,400]: ${sig1.cpuMs.toFixed(1)} ms`);
}
