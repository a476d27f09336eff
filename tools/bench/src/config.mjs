// Bench configuration: the shapes of the issue (full) or tiny ones (--quick), and CLI parsing.
import { parseArgs } from 'node:util';

export const MODELS = ['mlp', 'cnn', 'lstm'];
export const BACKENDS = ['cpu', 'wasm', 'node'];
export const MODES = ['none', 'mixup', 'amp'];
/** The tfjs side's optimizers (see train-step.mjs). */
export const OPTIMIZERS = ['tfjs', 'trainer'];

/** The shapes: batch 50, length 40, 300-d embeddings, 18k vocabulary, 6 classes; MLP 784-256-128-10. */
export const FULL_SHAPES = Object.freeze({
  batch: 50,
  length: 40,
  embeddingDim: 300,
  vocabSize: 18000,
  numClasses: 6,
  filterSizes: [3, 4, 5],
  numFilters: 100,
  hiddenSize: 100,
  dropout: 0.5,
  mlp: { inputSize: 784, hiddenSizes: [256, 128], numClasses: 10 },
});

/** Tiny shapes for --quick (seconds; checks the pipeline and the output format, not speed). */
export const QUICK_SHAPES = Object.freeze({
  batch: 8,
  length: 12,
  embeddingDim: 16,
  vocabSize: 200,
  numClasses: 6,
  filterSizes: [3, 4, 5],
  numFilters: 8,
  hiddenSize: 8,
  dropout: 0.5,
  mlp: { inputSize: 64, hiddenSizes: [32, 16], numClasses: 10 },
});

export const USAGE = `usage: node tools/bench [--quick] [--backend cpu|wasm|node|all] [--model mlp|cnn|lstm|all]
                        [--steps N] [--warmup N] [--memory-steps N] [--memory-model mlp|cnn]
                        [--peer-threads 1,2] [--python /usr/bin/python3] [--peer-lib-path DIR] [--no-peer]
                        [--wasm-threads N] [--optimizer tfjs|trainer] [--no-stock] [--json out.json]
  --quick          tiny shapes, 3 timed steps, 40 memory steps (a smoke test, not a benchmark)
  --backend        tfjs backends to time (default all: cpu, wasm and tfjs-node when installed)
  --model          models to time (default all: the 784-256-128-10 MLP, Kim CNN, BiLSTM-attention)
  --steps          timed steps per case after warm-up (default 20)
  --warmup         untimed warm-up steps per case (default 3)
  --memory-steps   AMP steps of the memory run per backend, 0 to skip (default 2000)
  --memory-model   model of the memory run (default mlp; cnn = a reduced Kim CNN)
  --peer-threads   torch.set_num_threads values of the PyTorch peer (default 1,2)
  --python         interpreter with torch for the peer (default /usr/bin/python3, Debian's python3-torch)
  --peer-lib-path  a directory put first on the peer's LD_LIBRARY_PATH, e.g. OpenBLAS's libblas.so.3
                   (Debian's python3-torch uses whatever libblas.so.3 the system has; the reference BLAS by default)
  --no-peer        skip the PyTorch peer (whose steps are otherwise interleaved with the tfjs steps)
  --wasm-threads   wasm threads of the tfjs side, 1-4 (default 1; chooseBackend({ threads }): the threaded SIMD
                   build in Node); compare with --peer-threads of the same count
  --optimizer      the tfjs side's update: tfjs (default: tf.train.adam on dense gradients) or trainer
                   (@ampmix/trainer's Adam, the embedding gradient row-sparse, as train() runs it)
  --no-stock       skip the wasm-stock rows (wasm with the stock tfjs kernels: core's fast paths off; the
                   plain wasm rows have them on, as users get by default) and the stock/fast ratios
  --json           also write every number to this file`;

/** A BenchOptionError carries a one-line message for the CLI (exit 2). */
export class BenchOptionError extends Error {}

function list(name, value, allowed) {
  const items = value === 'all' ? [...allowed] : value.split(',').map((s) => s.trim());
  for (const it of items) {
    if (!allowed.includes(it)) throw new BenchOptionError(`--${name} must be one of ${allowed.join(', ')} or all; got ${JSON.stringify(value)}`);
  }
  return [...new Set(items)];
}

function count(name, value, fallback, min) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new BenchOptionError(`--${name} must be an integer ≥ ${min}; got ${JSON.stringify(value)}`);
  return n;
}

function wasmThreads(value) {
  const n = count('wasm-threads', value, 1, 1);
  if (n > 4) throw new BenchOptionError(`--wasm-threads must be an integer from 1 to 4; got ${JSON.stringify(value)}`);
  return n;
}

/** Parses argv (without node and the script) into resolved bench options. */
export function parseBenchArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        backend: { type: 'string', default: 'all' },
        model: { type: 'string', default: 'all' },
        steps: { type: 'string' },
        warmup: { type: 'string' },
        'memory-steps': { type: 'string' },
        'memory-model': { type: 'string', default: 'mlp' },
        'peer-threads': { type: 'string', default: '1,2' },
        python: { type: 'string', default: '/usr/bin/python3' },
        'peer-lib-path': { type: 'string' },
        'no-peer': { type: 'boolean', default: false },
        'no-stock': { type: 'boolean', default: false },
        'wasm-threads': { type: 'string' },
        optimizer: { type: 'string', default: 'tfjs' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new BenchOptionError(e.message);
  }
  const quick = values.quick;
  const threads = values['peer-threads'].split(',').map((s) => count('peer-threads', s.trim(), 1, 1));
  const memoryModel = values['memory-model'];
  if (!['mlp', 'cnn'].includes(memoryModel)) throw new BenchOptionError(`--memory-model must be mlp or cnn; got ${JSON.stringify(memoryModel)}`);
  if (!OPTIMIZERS.includes(values.optimizer)) throw new BenchOptionError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}; got ${JSON.stringify(values.optimizer)}`);
  return {
    help: values.help,
    quick,
    backends: list('backend', values.backend, BACKENDS),
    models: list('model', values.model, MODELS),
    steps: count('steps', values.steps, quick ? 3 : 20, 1),
    warmup: count('warmup', values.warmup, quick ? 1 : 3, 0),
    memorySteps: count('memory-steps', values['memory-steps'], quick ? 40 : 2000, 0),
    memoryModel,
    peerThreads: [...new Set(threads)],
    python: values['no-peer'] ? null : values.python,
    stock: !values['no-stock'],
    wasmThreads: wasmThreads(values['wasm-threads']),
    optimizer: values.optimizer,
    peerLibPath: values['peer-lib-path'] ?? null,
    json: values.json ?? null,
    shapes: quick ? QUICK_SHAPES : FULL_SHAPES,
  };
}
