import { decryptEntry } from './entry-cipher.js';
import type { AckBook } from './acks.js';
import { isKnownKey, type QueueContext, readLimit, type SegmentState } from './queue-context.js';
import type { EntryRef, QueuedEntry } from './queue-types.js';
import { type Quarantine, reportForeignKey } from './quarantine.js';
import { PurgeTally } from './retention.js';
import { readSegmentFrames, readSegmentHeader } from './segment-reader.js';

/**
 * The drain's view of the queue: pending entries of the segments this process holds, decrypted,
 * oldest segment first. On the way: expired entries are purged (retention.ts), entries that do not
 * authenticate and unframeable bytes are quarantined (quarantine.ts), segments of a foreign key are
 * skipped with an ERROR. Reading needs no new space: on a full or read-only disk the stream still
 * yields every readable entry (a failed quarantine copy leaves the bytes in place).
 */
export async function* pendingEntries(
  ctx: QueueContext,
  acks: AckBook,
  quarantine: Quarantine,
  /** Told when a sealed segment was read completely (it may be deletable now). */
  onSegmentCounted: (segmentId: string) => Promise<void>,
  /** Entries the caller already holds (being sent from memory): counted, not decrypted nor yielded. */
  held: (ref: EntryRef) => boolean = () => false,
): AsyncGenerator<QueuedEntry> {
  const tally = new PurgeTally();
  const cutoff = ctx.now() - ctx.retentionMs;
  try {
    for (const id of [...ctx.segments.keys()].sort()) {
      const state = ctx.segments.get(id);
      if (!state || state.foreign || !(await hasKnownKey(ctx, state, quarantine))) continue;
      let count = 0;
      let complete = true;
      // Acked and held entries are skipped before decryption: under a backlog every pass re-reads the
      // segment: in one figure-3 process 15,150 entries were decrypted and 25 of them sent.
      const wanted = (offset: number): boolean => !state.removed.has(offset) && !held({ segmentId: id, offset });
      const open = (entry: Buffer): Buffer | undefined => decryptEntry(ctx.readKeys, entry);
      for await (const item of readSegmentFrames(state.path, { limit: readLimit(ctx, state), open, wanted })) {
        if (item.kind === 'bad-range') {
          await quarantine.range(state, item.offset, item.length, item.atEnd);
          continue;
        }
        count++;
        if (item.kind === 'frame' && item.plaintext === undefined) continue; // not wanted (acked or held)
        if (item.kind === 'bad-entry') {
          await quarantine.entry(state, item.offset, item.entry, item.enqueuedAt);
          continue;
        }
        const ref = { segmentId: id, offset: item.offset };
        if (item.enqueuedAt < cutoff) {
          tally.add(item.enqueuedAt);
          acks.ack(ref);
          continue;
        }
        yield { ref, body: item.plaintext!.toString('utf8'), enqueuedAt: item.enqueuedAt };
        if (!ctx.segments.has(id)) {
          complete = false;
          break;
        }
      }
      if (complete && state.sealed && state.entries === undefined) {
        state.entries = count;
        await onSegmentCounted(id);
      }
    }
  } finally {
    tally.report(ctx);
  }
}

async function hasKnownKey(ctx: QueueContext, state: SegmentState, quarantine: Quarantine): Promise<boolean> {
  const header = await readSegmentHeader(state.path).catch(() => undefined);
  if (!header) {
    // Not even a segment header: keep the bytes, out of the way.
    await quarantine.wholeFile(state);
    return false;
  }
  if (isKnownKey(ctx, header.keyId)) return true;
  state.foreign = true;
  reportForeignKey(ctx, state.path);
  return false;
}
