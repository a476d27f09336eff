/** Where the CLI writes: results to `out` (stdout), messages and errors to `err` (stderr). */
export interface CliIO {
  /** Writes one or more lines to standard output. */
  out(text: string): void;
  /** Writes one or more lines to standard error. */
  err(text: string): void;
}

const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);

/** The process's stdout and stderr. */
export const processIO: CliIO = {
  out: (t) => void process.stdout.write(line(t)),
  err: (t) => void process.stderr.write(line(t)),
};
