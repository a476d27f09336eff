import { AmpmixError } from '@ampmix/core';

/** Why a line of a data or embeddings file was rejected (or, with `lenient`, skipped). */
export type DataProblem =
  | 'no-label'
  | 'empty-sentence'
  | 'unknown-label'
  | 'encoding'
  | 'blank-line'
  | 'glove-dimension'
  | 'glove-number'
  | 'unreadable'
  | 'no-examples';

/**
 * A malformed data or embeddings file. The message names the file, the 1-based line (0 when the
 * problem is the whole file), what is wrong and how to proceed; `file`, `line` and `problem` are
 * there for programs.
 */
export class DataError extends AmpmixError {
  readonly file: string;
  readonly line: number;
  readonly problem: DataProblem;
  constructor(file: string, line: number, problem: DataProblem, detail: string) {
    super('E_DATA', `${file}${line > 0 ? `:${line}` : ''}: ${detail}`);
    this.name = 'DataError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

/** An optional package a feature needs is not installed; the message gives the install command. */
export class MissingPackageError extends AmpmixError {
  readonly packageName: string;
  constructor(packageName: string, feature: string) {
    super(
      'E_MISSING_PACKAGE',
      `${feature} needs the optional package "${packageName}", which is not installed. Install it with: npm install ${packageName}`,
    );
    this.name = 'MissingPackageError';
    this.packageName = packageName;
  }
}

/** A line that `lenient` reading skipped, for the load summary. */
export interface SkippedLine {
  readonly file: string;
  readonly line: number;
  readonly problem: DataProblem;
  readonly detail: string;
}

/**
 * Collects problems: throws a {@link DataError} at once (strict), or records the line as skipped
 * (lenient). Readers call `report` and skip the line when it returns.
 */
export class ProblemLog {
  readonly skipped: SkippedLine[] = [];
  constructor(readonly lenient: boolean) {}

  report(file: string, line: number, problem: DataProblem, detail: string): void {
    if (!this.lenient) throw new DataError(file, line, problem, `${detail} (pass lenient: true to skip such lines)`);
    this.skipped.push({ file, line, problem, detail });
  }
}
