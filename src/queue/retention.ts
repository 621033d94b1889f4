import type { AckBook } from './acks.js';
import { type QueueContext, readLimit } from './queue-context.js';
import { summarizeSegment } from './segment-reader.js';

/**
 * Entries older than the retention (default 7 days, `retentionMs`) are purged — acked, never sent —
 * and every purge is reported at WARN with the count and the oldest age. `entries()` applies the
 * retention as it reads; `buffer purge --older-than` calls `purgeOlderThan`.
 */
export function warnPurged(ctx: QueueContext, count: number, oldestEnqueuedAt: number): void {
  ctx.log('warn', 'vaxelia: purged buffered decisions older than the retention', {
    count,
    oldestAgeMs: ctx.now() - oldestEnqueuedAt,
    retentionMs: ctx.retentionMs,
  });
}

/** Tracks what one pass purged, so it is reported once at the end. */
export class PurgeTally {
  purged = 0;
  oldest: number | undefined;

  add(enqueuedAt: number): void {
    this.purged++;
    this.oldest = Math.min(this.oldest ?? enqueuedAt, enqueuedAt);
  }

  report(ctx: QueueContext): void {
    if (this.purged > 0) warnPurged(ctx, this.purged, this.oldest!);
  }
}

export async function purgeOlderThan(ctx: QueueContext, acks: AckBook, olderThanMs: number): Promise<{ purged: number; oldestAgeMs: number | undefined }> {
  const now = ctx.now();
  const cutoff = now - olderThanMs;
  const tally = new PurgeTally();
  for (const state of [...ctx.segments.values()]) {
    const summary = await summarizeSegment(state.path).catch(() => undefined);
    if (!summary) continue;
    const limit = readLimit(ctx, state) ?? Number.POSITIVE_INFINITY;
    for (const frame of summary.frames) {
      if (frame.offset >= limit || state.removed.has(frame.offset) || frame.enqueuedAt >= cutoff) continue;
      tally.add(frame.enqueuedAt);
      acks.ack({ segmentId: state.id, offset: frame.offset });
    }
  }
  await acks.flush();
  tally.report(ctx);
  return { purged: tally.purged, oldestAgeMs: tally.oldest === undefined ? undefined : now - tally.oldest };
}
