import type { ChosenBackend } from '@ampmix/core';
import type { ModelFile } from './model-file.js';
import type { RunSettings, StepReport } from './run.js';

/** A backend the page offers. */
export type PageBackend = 'webgl' | 'wasm' | 'webgpu' | 'cpu';
export const PAGE_BACKENDS: readonly PageBackend[] = ['webgl', 'wasm', 'webgpu', 'cpu'];

/** Page → worker. */
export type ToWorker =
  | { type: 'start'; settings: RunSettings; backend: PageBackend }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'export' };

/** Worker → page. */
export type FromWorker =
  | { type: 'backend'; chosen: ChosenBackend; line: string }
  | { type: 'data'; train: number; dev: number; test: number; ms: number }
  | { type: 'step'; report: StepReport }
  | { type: 'eval'; step: number; devError: number }
  | { type: 'done'; stopped: boolean; testError: number | null; bestDevError: number | null; numTensors: number; numTensorsBefore: number }
  | { type: 'model'; json: ModelFile; bin: ArrayBuffer }
  | { type: 'error'; message: string };
