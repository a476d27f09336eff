import { BackendError, chooseBackend } from '@ampmix/core';
import type { BackendChoice, ChosenBackend } from '@ampmix/core';
import type { CliIO } from './io.js';
import { BACKEND_FLAG_CHOICES } from './catalog.js';

/** Activates the backend of `--backend` (default auto); an unavailable one is an error that lists the flag's choices. */
export async function selectBackend(flag: unknown, io: CliIO): Promise<ChosenBackend> {
  try {
    return await chooseBackend({ backend: (flag as BackendChoice | 'auto' | undefined) ?? 'auto', log: (l) => io.err(l) });
  } catch (e) {
    if (!(e instanceof BackendError)) throw e;
    throw new BackendError(`${e.message.replace(/\.$/, '')}. --backend choices: ${BACKEND_FLAG_CHOICES.join(', ')}.`);
  }
}
