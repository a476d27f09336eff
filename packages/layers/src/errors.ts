import { AmpmixError } from '@ampmix/core';

/**
 * A layer or model shape the adapter cannot run faithfully (e.g. a layer whose randomness cannot be seeded, a
 * model with several inputs). The message names the layer, its class and what to do. Code `E_UNSUPPORTED`.
 */
export class UnsupportedModelError extends AmpmixError {
  constructor(message: string) {
    super('E_UNSUPPORTED', message);
    this.name = 'UnsupportedModelError';
  }
}
