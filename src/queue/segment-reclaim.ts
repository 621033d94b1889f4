import { unlink } from 'node:fs/promises';
import { ackPath } from './acks.js';
import type { QueueContext, SegmentState } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';

/**
 * Fully delivered segments are deleted — the only way the queue gives space back, so it must work
 * on a full disk: deleting needs no new space, and nothing here writes. The segment being appended
 * to counts too: once every entry in it is delivered and no append is in flight, it is closed and
 * deleted (the next append starts a new one), so a long-running process whose backlog drained does
 * not keep a full segment's bytes on disk.
 */
export function isFullyDelivered(state: SegmentState): boolean {
  return state.entries !== undefined && state.removed.size >= state.entries;
}

export class SegmentReclaimer {
  constructor(
    private readonly ctx: QueueContext,
    /** Closes the active segment when it is fully delivered and idle; false when it is busy. */
    private readonly retireActive: (state: SegmentState) => Promise<boolean>,
  ) {}

  /** Deletes the segment when it is sealed (or idle and active) and every entry is delivered. */
  async reclaim(segmentId: string): Promise<boolean> {
    const state = this.ctx.segments.get(segmentId);
    if (!state || !isFullyDelivered(state)) return false;
    if (this.ctx.active?.state === state && !(await this.retireActive(state))) return false;
    if (!state.sealed || !this.ctx.segments.has(state.id)) return false;
    this.ctx.segments.delete(state.id);
    if (this.ctx.beforeSegmentDelete) {
      try {
        await this.ctx.beforeSegmentDelete();
      } catch (error) {
        // Keep the segment (its entries are all acked: a restart only re-reads it) rather than lose what it proves.
        this.ctx.log('warn', 'vaxelia: kept a delivered buffer segment (beforeSegmentDelete hook failed)', { error: errorSummary(error) });
        return false;
      }
    }
    await unlink(state.path).catch(() => {});
    await unlink(ackPath(this.ctx, state.id)).catch(() => {});
    return true;
  }

  /** Every fully delivered segment this process holds (an append hit a full disk: give space back first). */
  async reclaimAll(): Promise<number> {
    let n = 0;
    for (const id of [...this.ctx.segments.keys()]) if (await this.reclaim(id)) n++;
    return n;
  }
}
