import { DecisionNotRecordedError } from '../errors.js';
import { entryBytes, encryptEntryInto } from './entry-cipher.js';
import { FrameStager, type StagedSlice } from './frame-stager.js';
import type { QueueContext } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';
import type { AppendResult, EntryRef } from './queue-types.js';
import { FRAME_HEADER_BYTES, writeFrameHeader } from './segment-format.js';
import { AppendFailedError, type SegmentWriter } from './segment-writer.js';

interface PendingAppend {
  /** The append's frames (header ‖ nonce ‖ ciphertext ‖ tag each), back to back. */
  slice: StagedSlice;
  /** Byte length of each frame, in order: the entries' offsets once the group has a place. */
  frameBytes: number[];
  bytes: number;
  count: number;
  /** Handed to `afterCommit` once this append is durable. */
  mark: unknown;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

export interface GroupCommitOptions {
  maxGroupBytes: number;
  writer: SegmentWriter;
  /** Creates the directories (retried by every group until it works). */
  open: () => Promise<void>;
  /** Deletes fully delivered segments; called once when a group hits a full disk, before it is retried. */
  reclaimSpace: () => Promise<number>;
  afterCommit: ((mark: unknown) => Promise<void>) | undefined;
}

/**
 * Group commit: appends issued close together are encrypted at once into a staging buffer, then
 * written with one `writev` and made durable with one `fdatasync` — an append resolves only after
 * that fsync (and after `afterCommit`). A group that fails rejects every append in it with an
 * `AppendFailedError`; the segment writer has cut the file back by then. A group that hits a full
 * disk is retried once after fully delivered segments were deleted.
 */
export class GroupCommit {
  private pending: PendingAppend[] = [];
  private readonly stager = new FrameStager();
  private flushing: Promise<void> | undefined;
  /** The mark of the newest durable append (what a retried `afterCommit` persists). */
  private committedMark: unknown;
  /** `afterCommit` failed for the newest group: nothing new may be read for sending. */
  private heldBack = false;

  constructor(
    private readonly ctx: QueueContext,
    private readonly options: GroupCommitOptions,
  ) {}

  append(bodies: readonly string[], mark: unknown): Promise<AppendResult> {
    const enqueuedAt = this.ctx.now();
    const frameBytes = bodies.map((body) => FRAME_HEADER_BYTES + entryBytes(Buffer.byteLength(body, 'utf8')));
    const bytes = frameBytes.reduce((sum, n) => sum + n, 0);
    // Encrypted now, into the staging buffer: from here on only ciphertext waits for the fsync.
    const slice = this.stager.reserve(bytes);
    try {
      let offset = 0;
      for (let i = 0; i < bodies.length; i++) {
        const entryLength = frameBytes[i]! - FRAME_HEADER_BYTES;
        writeFrameHeader(slice.bytes, offset, entryLength, enqueuedAt);
        if (encryptEntryInto(this.ctx.key, bodies[i]!, slice.bytes, offset + FRAME_HEADER_BYTES) !== entryLength) throw new RangeError('entry size mismatch');
        offset += frameBytes[i]!;
      }
    } catch (error) {
      this.stager.release(slice);
      return Promise.reject(new DecisionNotRecordedError(`Could not encrypt ${bodies.length} decision(s) (${errorSummary(error)}).`, undefined, { cause: error }));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ slice, frameBytes, bytes, count: bodies.length, mark, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves once every append issued so far has settled. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * While `afterCommit` keeps failing, nothing may be dispatched (a sealed segment could otherwise
   * expose held-back entries): retry the hook first. False while it still fails.
   */
  async releaseHeldBack(): Promise<boolean> {
    if (!this.heldBack || !this.options.afterCommit) return true;
    try {
      await this.options.afterCommit(this.committedMark);
    } catch {
      return false;
    }
    this.heldBack = false;
    if (this.ctx.active) this.ctx.active.published = this.ctx.active.size;
    return true;
  }

  private async flushLoop(): Promise<void> {
    // Yield once so appends issued in the same tick join the group.
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.pending.length > 0) {
        const group: PendingAppend[] = [];
        let bytes = 0;
        while (this.pending.length > 0 && (group.length === 0 || bytes + this.pending[0]!.bytes <= this.options.maxGroupBytes)) {
          const next = this.pending.shift()!;
          group.push(next);
          bytes += next.bytes;
        }
        try {
          await this.commit(group, bytes);
        } finally {
          for (const append of group) this.stager.release(append.slice);
        }
      }
    } finally {
      this.flushing = undefined;
      if (this.pending.length > 0) this.flushing = this.flushLoop();
    }
  }

  private async commit(group: PendingAppend[], bytes: number): Promise<void> {
    const count = group.reduce((n, a) => n + a.count, 0);
    const buffers: Buffer[] = [];
    for (const append of group) pushCoalesced(buffers, append.slice.bytes);
    let placed: { segmentId: string; offset: number };
    try {
      placed = await this.write(buffers, bytes, count);
    } catch (error) {
      const failure = error instanceof AppendFailedError ? error : new AppendFailedError(count, false, error);
      // One error per append; the decision to log and count lives with the caller (pipeline/not-recorded.ts).
      for (const append of group) append.reject(new AppendFailedError(append.count, failure.recordsMayRemain, failure.cause));
      return;
    }
    const refs: EntryRef[][] = [];
    let offset = placed.offset;
    for (const append of group) {
      const own: EntryRef[] = [];
      for (const frameBytes of append.frameBytes) {
        own.push({ segmentId: placed.segmentId, offset });
        offset += frameBytes;
      }
      refs.push(own);
    }
    for (const append of group) if (append.mark !== undefined) this.committedMark = append.mark;
    let dispatchable = true;
    if (this.options.afterCommit) {
      try {
        await this.options.afterCommit(this.committedMark);
        this.heldBack = false;
      } catch (error) {
        dispatchable = false;
        this.heldBack = true;
        this.ctx.log('error', 'vaxelia: afterCommit hook failed; queued decisions are held back until it succeeds', { error: errorSummary(error) });
      }
    }
    if (!this.heldBack && this.ctx.active) this.ctx.active.published = this.ctx.active.size;
    group.forEach((append, i) => {
      append.resolve({ refs: refs[i]!, dispatchable });
    });
  }

  /** One attempt, and one more after giving space back when the disk was full and the cut-back worked. */
  private async write(buffers: Buffer[], bytes: number, count: number): Promise<{ segmentId: string; offset: number }> {
    await this.options.open();
    try {
      return await this.options.writer.writeGroup(buffers, bytes, count);
    } catch (error) {
      if (!(error instanceof AppendFailedError) || error.recordsMayRemain || !isNoSpace(error.cause)) throw error;
      if ((await this.options.reclaimSpace()) === 0) throw error;
      return await this.options.writer.writeGroup(buffers, bytes, count);
    }
  }
}

function isNoSpace(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Appends `next` to `buffers`, merged with the last one when they are adjacent in one staging buffer. */
function pushCoalesced(buffers: Buffer[], next: Buffer): void {
  const last = buffers[buffers.length - 1];
  if (last && last.buffer === next.buffer && last.byteOffset + last.length === next.byteOffset) {
    buffers[buffers.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + next.length);
  } else {
    buffers.push(next);
  }
}
