import { AmpmixError } from '@ampmix/core';

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a component of the path is not a folder',
};

/** A file or folder the command may not write or replace (code `E_OUTPUT`); the message names it and why. */
export class OutputError extends AmpmixError {
  constructor(message: string) {
    super('E_OUTPUT', message);
    this.name = 'OutputError';
  }
}

/** The errno code of a Node file-system error (`ENOSPC`, `EACCES`, …), or `null` for any other value. */
export function errnoCode(e: unknown): string | null {
  if (e instanceof AmpmixError) return null;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/**
 * A failed write of `target` (a file or folder, described as the user should read it) as an
 * {@link OutputError}: `cannot write <target>: no space left on the device (ENOSPC)`;
 * the original error is kept as `cause`. Values that are not file-system errors are returned unchanged.
 */
export function outputError(target: string, e: unknown): unknown {
  const code = errnoCode(e);
  if (!code) return e;
  const why = CAUSES[code] ? `${CAUSES[code]} (${code})` : e instanceof Error ? e.message : String(e);
  const err = new OutputError(`cannot write ${target}: ${why}`);
  err.cause = e;
  return err;
}
