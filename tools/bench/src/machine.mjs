// The machine line of the report: cores, CPU model, Node and tfjs versions, load.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';

/** { nproc, cpu, node, tfjs, loadavg } of this machine and process. */
export function machineInfo() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    node: process.version,
    tfjs: tf.version.tfjs,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}
