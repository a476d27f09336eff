import fs from 'node:fs';
import path from 'node:path';

/** File holding a checkpoint's plain-data state. */
export const STATE_JSON = 'state.json';
/** Weight groups in `weights.bin`: tensor names are `${group}/${localName}`. */
export const GROUPS = { model: 'model', adamM: 'adam.m', adamV: 'adam.v', best: 'best' } as const;

const STEP_DIR = /^step-(\d+)$/;

/** Directory name of the checkpoint of `step` (zero-padded, so names sort by step). */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

/** Complete-looking checkpoints directly under `root` (named `step-N`), newest first. */
export function listCheckpoints(root: string): { step: number; path: string }[] {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return [];
  return fs
    .readdirSync(root)
    .map((name) => ({ m: STEP_DIR.exec(name), name }))
    .filter((e) => e.m && fs.statSync(path.join(root, e.name)).isDirectory())
    .map((e) => ({ step: Number(e.m![1]), path: path.join(root, e.name) }))
    .sort((a, b) => b.step - a.step);
}
