import { AmpmixError } from '@ampmix/core';

/** A command line the CLI cannot run: unknown command or flag, missing value, conflicting flags. */
export class UsageError extends AmpmixError {
  constructor(message: string) {
    super('E_USAGE', message);
    this.name = 'UsageError';
  }
}
