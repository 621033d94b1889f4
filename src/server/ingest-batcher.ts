import type { DecisionStore, IngestItem, IngestResult } from './decision-store.js';

/**
 * Group commit: requests that arrive in the same turn of the event loop are stored in one
 * transaction, so concurrent exporters share one fsync instead of queueing behind each other's.
 * Each record has its own savepoint: one that fails rejects only its own request.
 */
export interface IngestBatcher {
  ingest(item: IngestItem): Promise<IngestResult>;
  /** Resolves when everything queued so far is committed. */
  drain(): Promise<void>;
}

const MAX_BATCH = 500;

export function createIngestBatcher(store: DecisionStore): IngestBatcher {
  const pending: { item: IngestItem; resolve(r: IngestResult): void; reject(e: unknown): void }[] = [];
  let scheduled: Promise<void> | undefined;

  function flush(): void {
    while (pending.length > 0) {
      const batch = pending.splice(0, MAX_BATCH);
      try {
        const results = store.ingestMany(batch.map((p) => p.item));
        for (let i = 0; i < batch.length; i++) {
          const result = results[i]!;
          if ('failed' in result) batch[i]!.reject(result.failed);
          else batch[i]!.resolve(result);
        }
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }

  return {
    ingest(item) {
      return new Promise<IngestResult>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        scheduled ??= new Promise<void>((done) =>
          setImmediate(() => {
            scheduled = undefined;
            flush();
            done();
          }),
        );
      });
    },
    async drain() {
      while (scheduled) await scheduled;
      if (pending.length > 0) flush();
    },
  };
}
