/**
 * A Map that forgets its oldest entries past a size limit. The processor keeps per-span state
 * (log records, nesting marks, baggage) for spans that may never end — a rejected call in some
 * instrumentations never ends its span — so every such map must be bounded.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  evicted = 0;

  constructor(
    private readonly maxEntries: number,
    /** Told of each entry dropped for the bound, so a caller can say so or salvage it. */
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (!this.map.has(key) && this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next();
      if (!oldest.done) {
        const value = this.map.get(oldest.value)!;
        this.map.delete(oldest.value);
        this.evicted++;
        this.onEvict?.(oldest.value, value);
      }
    }
    this.map.set(key, value);
  }

  /** Removes and returns the entry. */
  take(key: K): V | undefined {
    // Most spans an app ends were never tracked: an empty map answers without hashing a fresh key.
    if (this.map.size === 0) return undefined;
    const value = this.map.get(key);
    if (value !== undefined) this.map.delete(key);
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}
