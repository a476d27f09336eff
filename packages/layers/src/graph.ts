import type * as tf from '@tensorflow/tfjs';
import { OptionError } from '@ampmix/core';
import { UnsupportedModelError } from './errors.js';

/** The parts of a tfjs symbolic tensor the walk reads (tfjs-layers `SymbolicTensor`). */
export interface SymbolicLike {
  readonly id: number;
  readonly name: string;
  readonly shape: (number | null)[];
  readonly sourceLayer: LayerLike;
  readonly inputs: SymbolicLike[];
}

/** The parts of a tfjs layer the walk reads and calls. */
export interface LayerLike {
  name: string;
  getClassName(): string;
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[];
  computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] | null;
  supportsMasking: boolean;
  inboundNodes: { outputTensors: SymbolicLike[] }[];
  readonly nonTrainableWeights: { read(): tf.Variable; write(v: tf.Tensor): unknown }[];
  activation?: { getClassName(): string; apply(x: tf.Tensor, axis?: number): tf.Tensor } | null;
}

/** How the model's output maps to logits. */
export type OutputKind =
  /** The output layer computes its pre-activation, then a softmax activation (e.g. `dense({activation: 'softmax'})`). */
  | { kind: 'activation'; layer: LayerLike }
  /** The output layer is a softmax layer (`tf.layers.softmax()` or an `activation` layer with softmax): logits are its input. */
  | { kind: 'layer'; layer: LayerLike }
  /** The output has no softmax: it is the logits. */
  | { kind: 'none' };

/** What the adapter needs to know about a model's graph, found once at wrap time. */
export interface ModelGraph {
  readonly input: SymbolicLike;
  /** The symbolic tensor whose value is the logits. */
  readonly logits: SymbolicLike;
  readonly output: OutputKind;
  /** Every layer that may be a mix site, in the model's (topological) order. */
  readonly siteLayers: readonly string[];
  /** The site layers every path from the input to the logits passes through (what `sites: 'all'` offers). */
  readonly cutLayers: readonly string[];
  /** Layer name → why it cannot be a site. */
  readonly notSites: ReadonlyMap<string, string>;
  /** Every non-input layer, in model order (its index seeds its randomness). */
  readonly layers: readonly LayerLike[];
  readonly numClasses: number;
  /** Per-example input shape, e.g. [28, 28, 1]. */
  readonly inputShape: readonly number[];
}

const SOFTMAX_LAYERS = new Set(['Softmax']);

function isSoftmaxLayer(layer: LayerLike): boolean {
  if (SOFTMAX_LAYERS.has(layer.getClassName())) return true;
  return layer.getClassName() === 'Activation' && layer.activation?.getClassName() === 'softmax';
}

/**
 * Reads the graph of a built `tf.LayersModel` (Sequential or functional): its one input and output, the tensor
 * that holds the logits (before a final softmax) and the layers that can be mix sites. Throws an
 * {@link UnsupportedModelError} for several inputs or outputs or an unbuilt model.
 */
export function readModelGraph(model: tf.LayersModel): ModelGraph {
  const inputs = (model.inputs ?? []) as unknown as SymbolicLike[];
  const outputs = (model.outputs ?? []) as unknown as SymbolicLike[];
  if (inputs.length === 0 || outputs.length === 0) {
    throw new UnsupportedModelError(`model "${model.name}" is not built: give its first layer an inputShape (or build it) before wrapping it`);
  }
  if (inputs.length !== 1) {
    throw new UnsupportedModelError(`model "${model.name}" has ${inputs.length} inputs (${inputs.map((t) => t.name).join(', ')}); wrapLayersModel supports models with exactly one input`);
  }
  if (outputs.length !== 1) {
    throw new UnsupportedModelError(`model "${model.name}" has ${outputs.length} outputs (${outputs.map((t) => t.name).join(', ')}); wrapLayersModel supports models with exactly one output (the class logits or probabilities)`);
  }
  const input = inputs[0];
  const out = outputs[0];
  if (out.shape.length !== 2 || !(Number(out.shape[1]) >= 1)) {
    throw new UnsupportedModelError(`model "${model.name}" outputs shape [${out.shape.join(', ')}]; expected [batch, numClasses]`);
  }
  const outLayer = out.sourceLayer;
  let output: OutputKind = { kind: 'none' };
  let logits = out;
  if (isSoftmaxLayer(outLayer)) {
    if (out.inputs.length !== 1) throw new UnsupportedModelError(`output layer "${outLayer.name}" has ${out.inputs.length} inputs; expected one`);
    output = { kind: 'layer', layer: outLayer };
    logits = out.inputs[0];
  } else if (outLayer.activation?.getClassName() === 'softmax') {
    output = { kind: 'activation', layer: outLayer };
  }
  const layers = (model.layers as unknown as LayerLike[]).filter((l) => l.getClassName() !== 'InputLayer');
  const notSites = new Map<string, string>();
  const siteLayers: string[] = [];
  // the calls (nodes) of each layer this model's graph uses; a nested model also has a node of its own construction
  const calls = new Map<LayerLike, Set<number>>();
  const seen = new Set<number>();
  const stack = [out];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const node = t.sourceLayer.inboundNodes.findIndex((n) => n.outputTensors.some((o) => o.id === t.id));
    if (!calls.has(t.sourceLayer)) calls.set(t.sourceLayer, new Set());
    calls.get(t.sourceLayer)!.add(node);
    stack.push(...t.inputs);
  }
  for (const l of layers) {
    if (l.name === 'input') {
      throw new UnsupportedModelError(`layer "input" (${l.getClassName()}) has the name of the model-input site; rename the layer`);
    }
    const used = [...(calls.get(l) ?? [])];
    if (l === outLayer) notSites.set(l.name, 'it is the output layer');
    else if (used.length !== 1) notSites.set(l.name, used.length === 0 ? 'the output does not depend on it' : `it is called ${used.length} times in the graph (a shared layer has no single output)`);
    else if (l.inboundNodes[used[0]].outputTensors.length !== 1) notSites.set(l.name, `it has ${l.inboundNodes[used[0]].outputTensors.length} outputs`);
    else siteLayers.push(l.name);
  }
  const inputShape = input.shape.slice(1).map((d) => Number(d));
  const cutLayers = siteLayers.filter((name) => !reachesInputAvoiding(logits, input, name));
  return { input, logits, output, siteLayers, cutLayers, notSites, layers, numClasses: Number(out.shape[1]), inputShape };
}

/** True when a path from `from` back to `input` avoids every tensor produced by the layer named `avoid`. */
function reachesInputAvoiding(from: SymbolicLike, input: SymbolicLike, avoid: string): boolean {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.id === input.id) return true;
    if (seen.has(t.id) || t.sourceLayer.name === avoid) continue;
    seen.add(t.id);
    stack.push(...t.inputs);
  }
  return false;
}

/**
 * The sites asked for, in model order (`input` first): `'all'` is `input` and every layer all paths from the input
 * to the output pass through (in a branch, mixing one branch would leave the other unmixed); a list may name any
 * layer that can be a site, inside a branch too.
 */
export function resolveSites(graph: ModelGraph, sites: unknown): string[] {
  if (sites === undefined || sites === 'all') return ['input', ...graph.cutLayers];
  if (!Array.isArray(sites) || sites.length === 0) throw new OptionError('sites', sites, '"all" or a non-empty array of layer names (and/or "input")');
  sites.forEach((s, i) => {
    if (typeof s !== 'string') throw new OptionError(`sites[${i}]`, s, 'a layer name or "input"');
    if (s === 'input') return;
    const why = graph.notSites.get(s);
    if (why) throw new OptionError(`sites[${i}]`, s, `a layer that can be mixed at ("${s}" cannot: ${why})`);
    if (!graph.siteLayers.includes(s)) {
      throw new OptionError(`sites[${i}]`, s, `"input" or one of the model's layers: ${graph.siteLayers.map((n) => JSON.stringify(n)).join(', ')}`);
    }
    if (sites.indexOf(s) !== i) throw new OptionError(`sites[${i}]`, s, 'a site not listed earlier (no duplicates)');
  });
  return ['input', ...graph.siteLayers].filter((s) => sites.includes(s));
}
