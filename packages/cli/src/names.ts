/** Datasets the CLI knows: the text benchmarks of `@ampmix/sentence-mixup` and MNIST of `@ampmix/vision`. */
export const DATASET_CHOICES = ['trec', 'trec-fine', 'sst1', 'sst2', 'mr', 'subj', 'mnist'] as const;
/** A `--dataset` value. */
export type DatasetChoice = (typeof DATASET_CHOICES)[number];

/** Text models (Kim CNN, BiLSTM) and image models (MLP, small CNN). */
export const MODEL_CHOICES = ['cnn', 'lstm', 'mlp', 'small-cnn'] as const;
/** A `--model` value. */
export type ModelChoice = (typeof MODEL_CHOICES)[number];
/** Models that read token ids. */
export const TEXT_MODELS: readonly ModelChoice[] = ['cnn', 'lstm'];
/** Models that read images. */
export const IMAGE_MODELS: readonly ModelChoice[] = ['mlp', 'small-cnn'];

/** Mixing variants; `none` trains without mixing. */
export const VARIANT_CHOICES = ['none', 'word-mixup', 'sen-mixup', 'input-mixup', 'manifold-mixup', 'cutmix'] as const;
/** A `--variant` value. */
export type VariantChoice = (typeof VARIANT_CHOICES)[number];
/** Variants that need a text model. */
export const TEXT_VARIANTS: readonly VariantChoice[] = ['word-mixup', 'sen-mixup'];
/** Variants that need an image model. */
export const IMAGE_VARIANTS: readonly VariantChoice[] = ['input-mixup', 'cutmix'];

/** Per-example losses. */
export const LOSS_CHOICES = ['softmax-ce', 'softmax-bce'] as const;
/** Backends of `--backend`. */
export const BACKEND_FLAG_CHOICES = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;
/** Progress displays of `--progress`. */
export const PROGRESS_CHOICES = ['auto', 'bar', 'lines', 'none'] as const;
