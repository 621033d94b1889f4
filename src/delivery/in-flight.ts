import type { EntryRef } from '../queue/encrypted-queue.js';

/**
 * What the delivery layer holds in flight: queue entries claimed by a sender (so the drain loop
 * and a fresh delivery never send one entry twice at the same moment), deliveries still running,
 * and appends not yet durable. `forceFlush`, `flushBuffer` and `shutdown` wait on these sets.
 */
export class InFlight {
  private readonly claims = new Set<string>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly writes = new Set<Promise<unknown>>();

  /** Claims an entry; `false` when another sender holds it. */
  claim(ref: EntryRef): boolean {
    const key = refKey(ref);
    if (this.claims.has(key)) return false;
    this.claims.add(key);
    return true;
  }

  /** Whether a sender holds the entry now. */
  isClaimed(ref: EntryRef): boolean {
    return this.claims.has(refKey(ref));
  }

  release(ref: EntryRef): void {
    this.claims.delete(refKey(ref));
  }

  /** Deliveries running (fresh ones with their retries). */
  get taskCount(): number {
    return this.tasks.size;
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.tasks.add(promise);
    void promise.finally(() => this.tasks.delete(promise)).catch(() => {});
    return promise;
  }

  trackWrite<T>(promise: Promise<T>): Promise<T> {
    this.writes.add(promise);
    void promise.finally(() => this.writes.delete(promise)).catch(() => {});
    return promise;
  }

  /** Settles once every delivery running now has settled. */
  async tasksSettled(): Promise<void> {
    await Promise.allSettled([...this.tasks]);
  }

  /** Settles once every append issued before the call is durable or failed. */
  async writesSettled(): Promise<void> {
    await Promise.allSettled([...this.writes]);
  }
}

function refKey(ref: EntryRef): string {
  return `${ref.segmentId}:${ref.offset}`;
}
