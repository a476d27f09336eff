import { RegistryError } from './errors.js';

/**
 * A named collection of factories (policies, mixers, variants, models). Registering a name twice
 * throws; an unknown name throws listing the known ones.
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  /** @param kind what the entries are, for messages (e.g. `variant`). */
  constructor(readonly kind: string) {}

  /** Adds `value` under `name`; throws if the name is taken. */
  register(name: string, value: T): this {
    if (typeof name !== 'string' || name.length === 0) throw new RegistryError(`${this.kind} name must be a non-empty string; got ${JSON.stringify(name)}`);
    if (this.entries.has(name)) throw new RegistryError(`${this.kind} "${name}" is already registered`);
    this.entries.set(name, value);
    return this;
  }

  /** The entry named `name`; throws listing the known names when there is none. */
  get(name: string): T {
    const v = this.entries.get(name);
    if (v === undefined) {
      const known = this.names();
      throw new RegistryError(`unknown ${this.kind} "${name}"; known: ${known.length ? known.join(', ') : '(none registered)'}`);
    }
    return v;
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }
}
