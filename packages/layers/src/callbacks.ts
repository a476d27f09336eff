import * as tf from '@tensorflow/tfjs';
import { OptionError } from '@ampmix/core';

/** Object-literal hooks, as `model.fit` takes them (`tf.CustomCallbackArgs`). */
export type CallbackHooks = tf.CustomCallbackArgs;

/** What `fitMixup` accepts as `callbacks`: tfjs callbacks (`tf.callbacks.earlyStopping(...)`, `new tf.CustomCallback(...)`, a `tf.Callback` subclass) and hook objects, alone or in an array. */
export type FitCallbacks = tf.Callback | tf.CustomCallback | CallbackHooks | (tf.Callback | tf.CustomCallback | CallbackHooks)[];

const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd', 'onYield', 'nowFunc', 'nextFrameFunc'];

type BaseCallbackLike = tf.CustomCallback;

/** How often tfjs's `CustomCallback` yields to the event loop (`model.fit`'s `yieldEvery`). */
export type YieldEvery = 'auto' | 'batch' | 'epoch' | 'never' | number;

function isCallbackObject(c: unknown): c is BaseCallbackLike {
  const o = c as Record<string, unknown>;
  return typeof o.setParams === 'function' && typeof o.setModel === 'function' && typeof o.onEpochEnd === 'function';
}

/**
 * Callbacks as tfjs's `CallbackList` takes them: callback objects pass through, hook objects become
 * `tf.CustomCallback`s (with `yieldEvery`), as `model.fit` does. Unknown hook names are an `OptionError`.
 */
export function standardizeCallbacks(callbacks: unknown, yieldEvery: YieldEvery): BaseCallbackLike[] {
  if (callbacks === undefined || callbacks === null) return [];
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  return list.map((c, i) => {
    if (isCallbackObject(c)) return c;
    if (c === null || typeof c !== 'object') throw new OptionError(`callbacks[${i}]`, c, 'a tf.Callback, a tf.CustomCallback or an object of hooks (onEpochEnd, onBatchEnd, …)');
    for (const k of Object.keys(c)) if (!HOOKS.includes(k)) throw new OptionError(`callbacks[${i}] hook "${k}"`, k, `one of ${HOOKS.map((h) => JSON.stringify(h)).join(', ')}`);
    return new tf.CustomCallback(c as tf.CustomCallbackArgs, yieldEvery);
  });
}
