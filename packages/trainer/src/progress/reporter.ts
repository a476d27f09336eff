import { integerAtLeast } from '@ampmix/core';
import type { ProgressMode } from '../options.js';
import { formatDuration, formatLoss, formatPercent } from './format.js';

/** Where progress goes: a writable text stream (process.stderr by default). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  /** `bar`, `lines` or `none`; `auto` picks `bar` on a TTY stream and `lines` otherwise. */
  mode: ProgressMode;
  /** Steps of the whole run. */
  totalSteps: number;
  /** Default `process.stderr` in Node, the console in a browser. */
  stream?: ProgressStream;
  /** Lines mode: print every this many steps; default about 20 lines per run. */
  every?: number;
  /** Bar mode: minimum ms between redraws; default 100. */
  redrawMs?: number;
  /** Clock in ms (tests replace it); default `performance.now`. */
  now?: () => number;
}

/** `process.stderr` in Node; the console (one line per write, no TTY) in a browser. */
function defaultStream(): ProgressStream {
  const g = globalThis as { process?: { stderr?: ProgressStream } };
  if (g.process?.stderr) return g.process.stderr;
  return { write: (chunk: string) => console.log(chunk.replace(/\r?\x1b\[2K|\n$/g, '')) };
}

/** Resolves `auto` against the stream: a bar on a TTY, plain lines otherwise. */
export function resolveProgressMode(mode: ProgressMode, stream: ProgressStream): 'bar' | 'lines' | 'none' {
  if (mode !== 'auto') return mode;
  return stream.isTTY ? 'bar' : 'lines';
}

/**
 * Training progress: step, loss (mean since the last report), dev error and ETA. On a TTY a single
 * redrawn bar line; otherwise (CI, pipes) a plain line every `every` steps and after each evaluation.
 */
export class ProgressReporter {
  readonly mode: 'bar' | 'lines' | 'none';
  private readonly stream: ProgressStream;
  private readonly total: number;
  private readonly every: number;
  private readonly redrawMs: number;
  private readonly now: () => number;
  private startStep = 0;
  private startTime = 0;
  private lastDraw = -Infinity;
  private lossSum = 0;
  private lossCount = 0;
  private devError: number | null = null;
  private barShown = false;

  constructor(options: ProgressReporterOptions) {
    this.stream = options.stream ?? defaultStream();
    this.mode = resolveProgressMode(options.mode, this.stream);
    this.total = integerAtLeast('totalSteps', options.totalSteps, 0);
    this.every = integerAtLeast('every', options.every ?? Math.max(1, Math.ceil(this.total / 20)), 1);
    this.redrawMs = options.redrawMs ?? 100;
    this.now = options.now ?? (() => performance.now());
  }

  /** Starts the clock; `step` is where the run starts (after a resume, the checkpoint's step). */
  start(step: number): void {
    this.startStep = step;
    this.startTime = this.now();
  }

  /** Reports a finished step and its loss. */
  step(step: number, loss: number): void {
    if (Number.isFinite(loss)) {
      this.lossSum += loss;
      this.lossCount += 1;
    }
    if (this.mode === 'lines') {
      if (step % this.every === 0 || step === this.total) this.line(this.status(step));
    } else if (this.mode === 'bar') {
      const t = this.now();
      if (t - this.lastDraw >= this.redrawMs || step === this.total) {
        this.lastDraw = t;
        this.drawBar(step);
      }
    }
  }

  /** Reports a dev evaluation. */
  evaluation(step: number, devError: number, best: boolean): void {
    this.devError = devError;
    if (this.mode === 'lines') this.line(`[ampmix] eval at step ${step}: dev error ${formatPercent(devError)}${best ? ' (best)' : ''}`);
  }

  /** Prints a message on its own line (above the bar in bar mode). */
  message(text: string): void {
    if (this.mode !== 'none') this.line(text);
  }

  /**
   * Prints a warning on its own line (above the bar in bar mode) whatever the mode: `none` silences
   * progress, never warnings.
   */
  warn(text: string): void {
    this.line(text);
  }

  /** Ends the display (moves past the bar). */
  end(): void {
    if (this.mode === 'bar' && this.barShown) this.stream.write('\n');
    this.barShown = false;
  }

  private eta(step: number): string {
    const done = step - this.startStep;
    if (done <= 0) return '--';
    return formatDuration(((this.now() - this.startTime) / done) * (this.total - step));
  }

  private takeLoss(): string {
    const loss = this.lossCount ? this.lossSum / this.lossCount : NaN;
    this.lossSum = 0;
    this.lossCount = 0;
    return formatLoss(loss);
  }

  private status(step: number): string {
    const pct = this.total ? Math.floor((100 * step) / this.total) : 100;
    const dev = this.devError === null ? '' : ` dev ${formatPercent(this.devError)}`;
    return `[ampmix] step ${step}/${this.total} (${pct}%) loss ${this.takeLoss()}${dev} ETA ${this.eta(step)}`;
  }

  private drawBar(step: number): void {
    const width = 24;
    const filled = this.total ? Math.round((width * step) / this.total) : width;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const dev = this.devError === null ? '' : ` dev ${formatPercent(this.devError)}`;
    let text = `${bar} ${step}/${this.total} loss ${this.takeLoss()}${dev} ETA ${this.eta(step)}`;
    if (this.stream.columns && text.length > this.stream.columns - 1) text = text.slice(0, this.stream.columns - 1);
    this.stream.write(`\r\x1b[2K${text}`);
    this.barShown = true;
  }

  private line(text: string): void {
    if (this.mode === 'bar' && this.barShown) {
      this.stream.write('\r\x1b[2K');
      this.barShown = false;
    }
    this.stream.write(`${text}\n`);
  }
}
