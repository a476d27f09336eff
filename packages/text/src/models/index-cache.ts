/**
 * A small memo of index arrays keyed by shape, capped at `capacity` entries (the oldest is dropped first),
 * so that a model called with many batch shapes cannot grow it without bound.
 */
export class IndexCache<V> {
  private readonly entries = new Map<string, V>();

  /** @param capacity - most entries kept (≥ 1). */
  constructor(private readonly capacity = 32) {}

  /** The value under `key`, built by `make` (and stored) on a miss. */
  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }
}
