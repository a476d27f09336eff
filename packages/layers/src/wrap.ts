import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, MixableModel } from '@ampmix/core';
import { mixAt, mixAtMemo, noUnknownKeys, OptionError, ShapeError, uniqueScope } from '@ampmix/core';
import type { LayerLike, SymbolicLike } from './graph.js';
import { readModelGraph, resolveSites } from './graph.js';
import { applySeeded, isSeededClass, layerSeed, refuseUnseededRandomness } from './stochastic.js';

/** Options of {@link wrapLayersModel}. */
export interface WrapLayersModelOptions {
  /**
   * The mix sites to offer: `'all'` (default: `input` and every layer that all paths from the input to the output
   * pass through, so a mix there mixes the whole example) or a list of `'input'` and layer names (offered in model
   * order; a layer inside one branch of a functional model may be listed: only that branch is then mixed). A
   * layer's site is its output. The output layer, shared layers (called more than once) and layers with several
   * outputs cannot be sites.
   */
  sites?: string[] | 'all';
}

/** A `tf.LayersModel` as a {@link MixableModel}: what {@link wrapLayersModel} returns. */
export interface LayersMixableModel extends MixableModel<tf.Tensor> {
  /** The wrapped model; its own variables are the ones trained. */
  readonly model: tf.LayersModel;
  /** `softmax` when the model ends in a softmax (forward then returns the logits before it), else `none`. */
  readonly outputActivation: 'softmax' | 'none';
  /** Per-example input shape, e.g. `[28, 28, 1]`. */
  readonly inputShape: readonly number[];
  /** The model's own output (probabilities when it ends in a softmax), computed by the same walk: equals `model.predict(x)`. */
  predict(x: tf.Tensor): tf.Tensor2D;
  /** Disposes the wrapped model (its weights): only when you are done with `model` itself. */
  dispose(): void;
}

interface Pass {
  readonly opts: ForwardOptions | undefined;
  readonly training: boolean;
  /** A pass that needs no weight gradients (AMP's λ-gradient and Min passes): layer state must not change. */
  readonly sideEffectFree: boolean;
  readonly values: Map<number, tf.Tensor>;
  readonly masks: Map<number, tf.Tensor | null>;
}

/**
 * Wraps a built `tf.LayersModel` (Sequential or functional, branches and merges included; one input, one output)
 * as a {@link MixableModel} whose sites are `input` and the output of any named layer, so Input Mixup, Manifold
 * Mixup at any layer, CutMix and AMP (Liu et al., EMNLP 2021, arXiv 2109.07177) train the user's own model.
 *
 * `forward` walks the model's graph itself (each layer's `apply` on tensors, in dependency order, as tfjs's
 * `execute` does) and applies the mix at the chosen layer's output; with no mix it computes exactly what
 * `model.predict` computes (before a final softmax, which it leaves out: `forward` returns logits). `weights` are the
 * model's trainable variables (keyed by their tfjs names), so training updates the model in place and
 * `model.save(...)` / `tf.loadLayersModel` round-trip it.
 *
 * In training mode: `Dropout`, `SpatialDropout1D`, `GaussianNoise`, `GaussianDropout` and `AlphaDropout` draw their
 * noise from `ForwardOptions.seed` (one seed per layer derived from it), so AMP's passes of one step share masks and
 * steps differ; any other layer that draws unseeded random numbers is refused with an error naming it. Layers with
 * state updated in training (`batchNormalization`'s moving mean and variance) update it only in the pass that is
 * trained: passes that carry a `stepCache` not yet in its taped training pass (AMP's λ-gradient and Min passes) restore it after each layer call.
 *
 * @example
 * ```ts
 * const mixable = wrapLayersModel(model, { sites: ['input', 'hidden'] });
 * const plan = manifoldMixup().policy.plan({ batchSize: 8, rng, sites: mixable.sites });
 * const { grads } = await mixStep({ model: mixable, inputs: x, labels: y, plan, amp: resolveAmpOptions(), seed: 1 });
 * ```
 */
export function wrapLayersModel(model: tf.LayersModel, options: WrapLayersModelOptions = {}): LayersMixableModel {
  noUnknownKeys('wrapLayersModel', options, ['sites']);
  if (!(model instanceof tf.LayersModel)) throw new OptionError('model', typeof model, 'a tf.LayersModel (tf.sequential or tf.model)');
  const graph = readModelGraph(model);
  const sites = resolveSites(graph, options.sites);
  const scope = uniqueScope('layers');
  const weights: Record<string, tf.Variable> = {};
  for (const lv of model.trainableWeights) {
    const v = lv.read() as tf.Variable;
    weights[v.name] = v;
  }
  const layerIndex = new Map(graph.layers.map((l, i) => [l, i]));
  const checkInput = (x: tf.Tensor) => {
    const expected = graph.inputShape;
    if (!(x instanceof tf.Tensor) || x.rank !== expected.length + 1 || expected.some((d, i) => Number.isFinite(d) && d !== x.shape[i + 1])) {
      const got = x instanceof tf.Tensor ? `[${x.shape.join(', ')}]` : typeof x;
      throw new ShapeError(`model "${model.name}" takes inputs of shape [batch, ${expected.join(', ')}]; got ${got}`);
    }
  };
  const logits = (x: tf.Tensor, opts: ForwardOptions | undefined): tf.Tensor2D => {
    checkInput(x);
    const training = opts?.training ?? false;
    if (opts?.site !== undefined && opts.mix && !sites.includes(opts.site)) {
      throw new OptionError('site', opts.site, `one of the model's sites: ${sites.map((s) => JSON.stringify(s)).join(', ')}`);
    }
    const pass: Pass = { opts, training, sideEffectFree: opts?.stepCache !== undefined && !opts.stepCache.taped, values: new Map(), masks: new Map() };
    pass.values.set(graph.input.id, mixAt('input', x, opts));
    pass.masks.set(graph.input.id, null);
    return evaluate(graph.logits, pass) as tf.Tensor2D;
  };

  const evaluate = (sym: SymbolicLike, pass: Pass): tf.Tensor => {
    const known = pass.values.get(sym.id);
    if (known) return known;
    const name = sym.sourceLayer.name;
    const value = pass.opts?.mix && pass.opts.site === name ? mixAtMemo(name, `${scope}/${name}`, () => runNode(sym, pass), pass.opts) : runNode(sym, pass);
    pass.values.set(sym.id, value);
    return value;
  };

  // one layer call (a node of the graph): its inputs first, then the layer, as tfjs's `execute` runs it
  const runNode = (sym: SymbolicLike, pass: Pass): tf.Tensor => {
    const layer = sym.sourceLayer;
    if (layer.getClassName() === 'InputLayer') throw new ShapeError(`model "${model.name}" reads input "${sym.name}", which is not its input`);
    const inputs = sym.inputs.map((s) => evaluate(s, pass));
    const masks = sym.inputs.map((s) => pass.masks.get(s.id) ?? null);
    const kwargs: Record<string, unknown> = { training: pass.training };
    if (masks.some((m) => m != null)) kwargs.mask = masks[0];
    const outputs = toList(callLayer(layer, inputs, kwargs, pass));
    const outMask = layer.supportsMasking ? layer.computeMask(inputs, masks as tf.Tensor[]) : null;
    const node = layer.inboundNodes.find((n) => n.outputTensors.some((t) => t.id === sym.id)) ?? layer.inboundNodes[0];
    let mine: tf.Tensor | undefined;
    node.outputTensors.forEach((t, i) => {
      if (t.id === sym.id) mine = outputs[i];
      else if (!pass.values.has(t.id)) pass.values.set(t.id, outputs[i]);
      pass.masks.set(t.id, Array.isArray(outMask) ? outMask[0] : outMask);
    });
    if (!mine) throw new ShapeError(`layer "${layer.name}" did not produce "${sym.name}"`);
    return mine;
  };

  const callLayer = (layer: LayerLike, inputs: tf.Tensor[], kwargs: Record<string, unknown>, pass: Pass): tf.Tensor | tf.Tensor[] => {
    const raw = () => {
      // the output layer's softmax is left out: forward returns logits
      if (graph.output.kind === 'activation' && layer === graph.output.layer) return withoutActivation(layer, () => layer.apply(inputs, kwargs));
      return layer.apply(inputs, kwargs);
    };
    if (!pass.training) return raw();
    const state = pass.sideEffectFree ? layer.nonTrainableWeights : [];
    const saved = state.map((w) => tf.clone(w.read()));
    try {
      if (isSeededClass(layer)) {
        const seed = pass.opts?.seed;
        if (seed === undefined) throw new OptionError('seed', seed, `an integer seed for a training-mode pass (layer "${layer.name}" is a ${layer.getClassName()})`);
        return applySeeded(layer, inputs, kwargs, layerSeed(seed, layerIndex.get(layer) ?? 0));
      }
      return refuseUnseededRandomness(layer, raw);
    } finally {
      state.forEach((w, i) => w.write(saved[i]));
      tf.dispose(saved);
    }
  };

  const outputActivation = graph.output.kind === 'none' ? 'none' : 'softmax';
  const wrapped: LayersMixableModel = {
    model,
    sites,
    numClasses: graph.numClasses,
    weights,
    outputActivation,
    inputShape: graph.inputShape,
    batchSize: (x) => x.shape[0],
    forward: (x, opts) => tf.tidy(() => logits(x, opts)),
    predict(x) {
      return tf.tidy(() => {
        const z = logits(x, undefined);
        const out = graph.output;
        if (out.kind === 'none') return z;
        if (out.kind === 'layer') return toList(out.layer.apply([z], { training: false }))[0] as tf.Tensor2D;
        return out.layer.activation!.apply(z) as tf.Tensor2D;
      });
    },
    dispose() {
      model.dispose();
    },
  };
  return wrapped;
}

function toList(t: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(t) ? t : [t];
}

/** Calls `f` with `layer.activation` replaced by the identity (same class name, so the layer takes the same code path). */
function withoutActivation<T>(layer: LayerLike, f: () => T): T {
  const original = layer.activation!;
  layer.activation = { getClassName: () => original.getClassName(), apply: (x: tf.Tensor) => x };
  try {
    return f();
  } finally {
    layer.activation = original;
  }
}

