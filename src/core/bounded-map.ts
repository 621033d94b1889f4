import { TouchOrder } from './touch-order.js';

/**
 * A Map that forgets its oldest entries past a size limit. The processor keeps per-span state
 * (log records, nesting marks, baggage) for spans that may never end — a rejected call in some
 * instrumentations never ends its span — so every such map must be bounded. The oldest entry is
 * the one set longest ago (setting a key again keeps its place, as in a Map); finding it is O(1),
 * see touch-order.ts for why the Map's own order is not used.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  private readonly order = new TouchOrder<K>();
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
    if (!this.map.has(key)) {
      if (this.map.size >= this.maxEntries) this.evictOldest();
      this.order.touch(key);
    }
    this.map.set(key, value);
  }

  /** Removes and returns the entry. */
  take(key: K): V | undefined {
    // Most spans an app ends were never tracked: an empty map answers without hashing a fresh key.
    if (this.map.size === 0) return undefined;
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.order.delete(key);
    }
    return value;
  }

  clear(): void {
    this.map.clear();
    this.order.clear();
  }

  private evictOldest(): void {
    const key = this.order.shift();
    if (key === undefined) return;
    const value = this.map.get(key)!;
    this.map.delete(key);
    this.evicted++;
    this.onEvict?.(key, value);
  }
}
