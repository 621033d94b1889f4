/**
 * The decision ids this gateway recorded recently, least recently seen evicted first. A Collector
 * retries a request whose acknowledgement it did not get; the retry's spans are found here and not
 * chained again. Bounded: a retry arriving after `maxEntries` newer spans, or after a restart, is
 * recorded again (the endpoint still de-duplicates it by Idempotency-Key).
 */
export class RecentDecisionIds {
  private readonly ids = new Set<string>();

  constructor(private readonly maxEntries: number) {}

  has(id: string): boolean {
    if (!this.ids.has(id)) return false;
    // Refresh: a span retried again and again stays known.
    this.ids.delete(id);
    this.ids.add(id);
    return true;
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.maxEntries) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
