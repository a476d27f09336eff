import { readFile } from 'node:fs/promises';
import { AmpmixError } from '@ampmix/core';

/** One training step as the report needs it (fields missing from the log are `NaN`). */
export interface StepPoint {
  step: number;
  loss: number;
  lossBefore: number;
  lossAfter: number;
  maskRate: number;
  meanLambda: number;
  meanAbsDeltaLambda: number;
  skipped: boolean;
}

/** One dev evaluation. */
export interface EvalPoint {
  step: number;
  devError: number;
  devLoss: number;
}

/** A run's JSONL log, parsed. */
export interface RunLog {
  /** Where it was read from. */
  source: string;
  /** The config line's fields (seed, backend, the CLI's own config …). */
  config: Record<string, unknown>;
  steps: StepPoint[];
  evals: EvalPoint[];
  /** The final line's fields, or `null` when the run did not finish. */
  result: Record<string, unknown> | null;
}

/** A log that cannot be read or parsed; the message names the file and the line. */
export class RunLogError extends AmpmixError {
  constructor(message: string) {
    super('E_RUN_LOG', message);
    this.name = 'RunLogError';
  }
}

/** A number field, or NaN (the log writes non-finite numbers as null). */
function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses the trainer's JSONL log: a `config` line (seed, backend, resolved options, the caller's
 * config under `extra`), `step` lines (the AMP engine's statistics), `eval` lines (dev error), a
 * `result` line; `checkpoint`, `error` and other lines are ignored. A resumed run appends a second
 * `config` line with `resumedFrom.step`: records after that step from before the resume are dropped
 * (they are repeated). A torn last line (a run killed mid-write) is ignored; any other malformed line
 * is an error naming the file and the line number.
 */
export function parseRunLog(text: string, source: string): RunLog {
  const log: RunLog = { source, config: {}, steps: [], evals: [], result: null };
  const lines = text.split('\n');
  let sawConfig = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      if (lines.slice(i + 1).every((l) => l.trim() === '')) break; // torn final line
      throw new RunLogError(`${source}:${i + 1}: not a JSON line (is this an ampmix log.jsonl?)`);
    }
    if (!isRecord(line)) throw new RunLogError(`${source}:${i + 1}: expected a JSON object per line`);
    switch (line.type) {
      case 'config': {
        const from = isRecord(line.resumedFrom) ? num(line.resumedFrom.step) : NaN;
        if (sawConfig && Number.isFinite(from)) {
          log.steps = log.steps.filter((s) => s.step <= from);
          log.evals = log.evals.filter((e) => e.step <= from);
          log.result = null;
        }
        if (!sawConfig) log.config = { ...line };
        sawConfig = true;
        break;
      }
      case 'step':
        log.steps.push({
          step: num(line.step),
          loss: num(line.loss),
          lossBefore: num(line.lossBefore ?? line.loss),
          lossAfter: num(line.lossAfter ?? line.loss),
          maskRate: num(line.maskRate),
          meanLambda: num(line.meanLambda),
          meanAbsDeltaLambda: num(line.meanAbsDeltaLambda),
          skipped: line.skipped === true,
        });
        break;
      case 'eval':
        log.evals.push({ step: num(line.step), devError: num(line.devError), devLoss: num(line.devLoss) });
        break;
      case 'result':
        log.result = { ...line };
        break;
      default:
        break;
    }
  }
  if (!sawConfig) throw new RunLogError(`${source}: no config line found (is this an ampmix log.jsonl?)`);
  return log;
}

/** The caller's own config recorded in the log (the `extra` field of the config line), or `{}`. */
export function extraConfig(log: RunLog): Record<string, unknown> {
  return isRecord(log.config.extra) ? log.config.extra : {};
}

/** Reads and parses a JSONL log file (see {@link parseRunLog}). */
export async function readRunLog(path: string): Promise<RunLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RunLogError(code === 'ENOENT' ? `run log not found: ${path}` : `cannot read run log ${path} (${code ?? String(e)})`);
  }
  return parseRunLog(text, path);
}
