import * as tf from '@tensorflow/tfjs';

// Tests start on the pure-JS cpu backend (deterministic, always there); tests that exercise wasm switch explicitly.
await tf.setBackend('cpu');
