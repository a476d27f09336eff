// The machine and software a sweep ran on, for the report.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './runtime.mjs';

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** nproc, CPU model, memory, OS, Node and tfjs versions, load average now. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjs: packageVersion('@tensorflow/tfjs'),
    tfjsWasm: packageVersion('@tensorflow/tfjs-backend-wasm'),
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/** A command line as a shell would read it back (single-quoting what needs it). */
export function shellCommand(argv) {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}
