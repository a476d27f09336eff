/** The page's tasks (names and titles only: the main thread loads no tfjs). */
export const TASK_LIST = {
  'mnist-input-mixup': { data: 'mnist', title: 'MNIST digits, small CNN', method: 'Input Mixup' },
  'mnist-cutmix': { data: 'mnist', title: 'MNIST digits, small CNN', method: 'CutMix' },
  'mnist-manifold-mixup': { data: 'mnist', title: 'MNIST digits, small CNN', method: 'Manifold Mixup' },
  'trec-word-mixup': { data: 'trec', title: 'TREC questions, Kim CNN', method: 'WordMixup' },
  'trec-sen-mixup': { data: 'trec', title: 'TREC questions, Kim CNN', method: 'SenMixup' },
} as const satisfies Record<string, { data: 'mnist' | 'trec'; title: string; method: string }>;
export type TaskName = keyof typeof TASK_LIST;
export const TASK_NAMES = Object.keys(TASK_LIST) as TaskName[];

/** The page's defaults for a task's batch size and learning rate. */
export function taskDefaults(task: TaskName): { batchSize: number; learningRate: number } {
  return TASK_LIST[task].data === 'mnist' ? { batchSize: 32, learningRate: 2e-3 } : { batchSize: 50, learningRate: 1e-3 };
}
