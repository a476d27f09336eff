import * as tf from '@tensorflow/tfjs';

/** Copies of every weight by local name (the caller owns them). Used to keep the best-dev model in memory. */
export function snapshotWeights(weights: Readonly<Record<string, tf.Variable>>): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, w] of Object.entries(weights)) out[name] = tf.clone(w);
  return out;
}

/** Frees every tensor of a record. */
export function disposeTensors(tensors: Readonly<Record<string, tf.Tensor>>): void {
  for (const t of Object.values(tensors)) if (!t.isDisposed) t.dispose();
}

/**
 * Differences between a model's weights and saved tensors: missing names, unexpected names, shape and
 * dtype mismatches. Empty when they fit.
 */
export function weightMismatches(weights: Readonly<Record<string, tf.Variable>>, saved: Readonly<Record<string, tf.Tensor>>): string[] {
  const problems: string[] = [];
  const missing = Object.keys(weights).filter((k) => !(k in saved));
  const extra = Object.keys(saved).filter((k) => !(k in weights));
  if (missing.length) problems.push(`missing weights ${missing.join(', ')}`);
  if (extra.length) problems.push(`unexpected weights ${extra.join(', ')}`);
  for (const [name, w] of Object.entries(weights)) {
    const t = saved[name];
    if (!t) continue;
    if (!tf.util.arraysEqual(t.shape, w.shape)) problems.push(`${name} is [${t.shape.join(', ')}] in the checkpoint but [${w.shape.join(', ')}] in the model`);
    else if (t.dtype !== w.dtype) problems.push(`${name} is ${t.dtype} in the checkpoint but ${w.dtype} in the model`);
  }
  return problems;
}

/** Assigns saved tensors to the weights of the same names; the caller checked them with {@link weightMismatches}. */
export function assignWeights(weights: Readonly<Record<string, tf.Variable>>, saved: Readonly<Record<string, tf.Tensor>>): void {
  for (const [name, w] of Object.entries(weights)) w.assign(saved[name]);
}
