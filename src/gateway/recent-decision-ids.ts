import { TouchOrder } from '../core/touch-order.js';
import type { RecordedIdsJournal } from './recorded-ids-journal.js';

/**
 * The decision ids this gateway recorded recently, least recently seen evicted first. A Collector
 * retries a request whose acknowledgement it did not get; the retry's spans are found here and not
 * chained again. Bounded: a retry arriving after `maxEntries` newer spans is recorded again (the
 * endpoint still de-duplicates it by Idempotency-Key, leaving a gap in the chain). With a journal,
 * newly recorded ids are also written to disk, so a restarted gateway still knows them.
 */
export class RecentDecisionIds {
  // Not a Set refreshed by delete + add: forgetting its oldest id walked the holes of every earlier
  // deletion (56 µs per recorded decision at the default 100,000; see touch-order.ts).
  private readonly ids = new TouchOrder<string>();
  private journal: RecordedIdsJournal | undefined;

  constructor(private readonly maxEntries: number) {}

  persistTo(journal: RecordedIdsJournal): void {
    this.journal = journal;
  }

  /** Ids whose decisions were just durably queued: remembered, and journaled (not awaited; see the journal). */
  addRecorded(ids: readonly string[]): void {
    for (const id of ids) this.add(id);
    if (ids.length > 0) void this.journal?.append(ids);
  }

  has(id: string): boolean {
    if (!this.ids.has(id)) return false;
    // Refresh: a span retried again and again stays known.
    this.ids.touch(id);
    return true;
  }

  add(id: string): void {
    this.ids.touch(id);
    if (this.ids.size > this.maxEntries) this.ids.shift();
  }

  get size(): number {
    return this.ids.size;
  }
}
