import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CliIO } from '../io.js';

/** The subcommands of `ampmix sweep` (those of `@ampmix/sweep`'s `ampmix-sweep` bin). */
export const SWEEP_SUBCOMMANDS = ['run', 'submit', 'worker', 'status', 'table'] as const;

/** The flags `ampmix sweep` passes to `ampmix-sweep` (its usage lists each; a test checks it). */
export const SWEEP_FLAG_NAMES = ['store', 'workers', 'in-process', 'runs-dir', 'max-runs', 'queue', 'queue-name', 'attempts', 'backoff-ms', 'max-jobs', 'lock-ms', 'stalled-ms', 'watch'] as const;

/** The `ampmix-sweep` script of the installed `@ampmix/sweep`. */
function sweepBin(): string {
  const req = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return join(dirname(req.resolve('@ampmix/sweep/package.json')), 'bin', 'ampmix-sweep.js');
}

/**
 * `ampmix sweep <run|submit|worker|status|table> …`: the grid runner's command line (`ampmix-sweep`), run as a
 * child process so a worker's lifetime is its own; its output goes through `io` line by line. Returns its exit code.
 */
export async function sweepCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    io.out(`Usage: ampmix sweep <${SWEEP_SUBCOMMANDS.join('|')}> [flags]`);
    io.out('Train a grid of runs (configurations × seeds × fractions, paired by seed) with @ampmix/sweep: in this process, over local processes, or over a Redis queue with any number of `ampmix worker`s.');
    const code = await runSweepBin(['--help'], io);
    return argv.length === 0 ? 2 : code;
  }
  return runSweepBin(argv, io);
}

function runSweepBin(argv: readonly string[], io: CliIO): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [sweepBin(), ...argv], { stdio: ['inherit', 'pipe', 'pipe'] });
    const forward = (stream: NodeJS.ReadableStream, write: (line: string) => void) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) write(l.replace(/ampmix-sweep\b/g, 'ampmix sweep'));
      });
      stream.on('end', () => rest && write(rest));
    };
    forward(child.stdout, (l) => io.out(l));
    forward(child.stderr, (l) => io.err(l));
    // a signal to this process reaches the child too (same process group); the child's code is ours
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** `ampmix worker …`: `ampmix sweep worker …`. */
export function workerCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    io.out('Usage: ampmix worker --queue redis://HOST:PORT --store PATH [--queue-name NAME] [--runs-dir DIR] [--max-jobs N] [--lock-ms MS] [--stalled-ms MS]');
    io.out('Takes runs of a sweep submitted with `ampmix sweep submit` and trains them; start one on every machine (the same as `ampmix sweep worker`).');
    return Promise.resolve(0);
  }
  return sweepCommand(['worker', ...argv], io);
}
