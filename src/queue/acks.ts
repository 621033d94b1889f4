import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueueContext } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';
import { ACKS_DIR } from './queue-layout.js';
import { FILE_MODE } from './secure-fs.js';
import type { EntryRef } from './queue-types.js';

/**
 * Delivered entries are not cut out of their segment: their offsets are appended to
 * `acks/<segmentId>.ack` (u32 BE each), lazily — a lost ack only means a redelivery, which the
 * endpoint de-duplicates by `Idempotency-Key`. A segment whose entries are all removed is deleted
 * (segment-reclaim.ts).
 */
export class AckBook {
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: QueueContext,
    /** Told when a segment may have become fully delivered. */
    private readonly onSegmentDone: (segmentId: string) => void,
  ) {}

  ack(ref: EntryRef): void {
    const state = this.ctx.segments.get(ref.segmentId);
    if (!state || state.removed.has(ref.offset)) return;
    state.removed.add(ref.offset);
    state.pendingAcks.push(ref.offset);
    if (state.entries !== undefined && state.removed.size >= state.entries) this.onSegmentDone(state.id);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 200).unref();
  }

  isPending(ref: EntryRef): boolean {
    const state = this.ctx.segments.get(ref.segmentId);
    return state !== undefined && !state.removed.has(ref.offset);
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const state of this.ctx.segments.values()) {
        if (state.pendingAcks.length === 0) continue;
        const offsets = state.pendingAcks;
        state.pendingAcks = [];
        const bytes = Buffer.alloc(offsets.length * 4);
        offsets.forEach((o, i) => {
          bytes.writeUInt32BE(o, i * 4);
        });
        try {
          await appendFile(ackPath(this.ctx, state.id), bytes, { mode: FILE_MODE });
        } catch (error) {
          // Lost acks only mean a redelivery after a restart, which the endpoint de-duplicates.
          this.ctx.log('warn', 'vaxelia: could not persist delivery acknowledgements (they are redelivered after a restart)', {
            error: errorSummary(error),
          });
        }
      }
    });
    return this.flushing;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export function ackPath(ctx: QueueContext, segmentId: string): string {
  return join(ctx.bufferDir, ACKS_DIR, `${segmentId}.ack`);
}

/** The offsets acked in earlier runs (empty when the file is missing or unreadable). */
export async function loadAcks(ctx: QueueContext, segmentId: string): Promise<Set<number>> {
  try {
    const bytes = await readFile(ackPath(ctx, segmentId));
    const set = new Set<number>();
    for (let i = 0; i + 4 <= bytes.length; i += 4) set.add(bytes.readUInt32BE(i));
    return set;
  } catch {
    return new Set();
  }
}
