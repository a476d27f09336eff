import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlLogger, readJsonl } from '../src/node/jsonl-logger.js';
import { tmpDir } from './helpers.js';

describe('JsonlLogger', () => {
  it('writes one JSON object per line, truncates or appends, and writes non-finite numbers as null', () => {
    const file = path.join(tmpDir(), 'logs', 'run.jsonl');
    const log = JsonlLogger.open(file);
    log.log({ type: 'config', seed: 1 });
    log.log({ type: 'step', loss: NaN, gradNorm: Infinity, ok: 0.5 });
    log.close();
    log.close();
    expect(() => log.log({ late: true })).toThrow(/is closed/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"type":"config","seed":1}\n{"type":"step","loss":null,"gradNorm":null,"ok":0.5}\n');
    const again = JsonlLogger.open(file, { append: true });
    again.log({ type: 'result' });
    again.close();
    expect(readJsonl(file).map((r) => r.type)).toEqual(['config', 'step', 'result']);
    const fresh = JsonlLogger.open(file);
    fresh.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });
});
