/** Base class of every error thrown by ampmix; `code` is stable for programmatic handling. */
export class AmpmixError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'AmpmixError';
    this.code = code;
  }
}

/** An option or argument outside its valid range. The message names the option, the value and the range. */
export class OptionError extends AmpmixError {
  readonly option: string;
  readonly value: unknown;
  readonly expected: string;
  constructor(option: string, value: unknown, expected: string) {
    super('E_OPTION', `Invalid ${option}: got ${formatValue(value)}; expected ${expected}.`);
    this.name = 'OptionError';
    this.option = option;
    this.value = value;
    this.expected = expected;
  }
}

/** Input tensors or data that do not fit what the operation needs (rank, batch size, shape). */
export class ShapeError extends AmpmixError {
  constructor(message: string) {
    super('E_SHAPE', message);
    this.name = 'ShapeError';
  }
}

/** A name that is not registered, or registered twice. */
export class RegistryError extends AmpmixError {
  constructor(message: string) {
    super('E_REGISTRY', message);
    this.name = 'RegistryError';
  }
}

/** A requested TensorFlow.js backend that cannot be loaded here. */
export class BackendError extends AmpmixError {
  constructor(message: string) {
    super('E_BACKEND', message);
    this.name = 'BackendError';
  }
}

/** Renders a value for an error message: short, unambiguous (strings quoted, arrays truncated). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) {
    const head = value.slice(0, 6).map(formatValue).join(', ');
    return `[${head}${value.length > 6 ? `, … (${value.length} items)` : ''}]`;
  }
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}
