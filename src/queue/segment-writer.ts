import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DecisionNotRecordedError } from '../errors.js';
import { type ActiveSegment, newSegmentState, type QueueContext, type SegmentState } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';
import { FILE_MODE, fsyncDir } from './secure-fs.js';
import { encodeSegmentHeader, SEGMENT_HEADER_BYTES } from './segment-format.js';

/**
 * The rule for a failed append: **the file is cut back to the last good frame before anything else
 * is written.** A short write (a full disk) or a failed fdatasync leaves part of a group in the
 * file; the writer truncates to where the group started. When even that fails, the segment is
 * sealed at the last good frame (readers of this process stop there) and the next append starts a
 * new segment — later good frames are never appended after a bad spot.
 *
 * The error says whether the failed records may still be in the file (`recordsMayRemain`): then a
 * recovery after a restart may find and deliver them, so the chain must not give their seqs to
 * other records (it records a skip instead of rolling back; see pipeline/not-recorded.ts).
 */
export class AppendFailedError extends DecisionNotRecordedError {
  constructor(
    count: number,
    readonly recordsMayRemain: boolean,
    cause: unknown,
  ) {
    super(`Could not write ${count} decision(s) to the buffer directory (${errorSummary(cause)}).`, undefined, { cause });
  }
}

/** Whether an error (or one it wraps) says the failed records may still be on disk. */
export function recordsMayRemain(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { recordsMayRemain?: unknown }).recordsMayRemain === true) return true;
  }
  return false;
}

export class SegmentWriter {
  private counter = 0;
  /** An append is between its write and its fdatasync: the active segment must not be retired. */
  busy = false;

  constructor(
    private readonly ctx: QueueContext,
    private readonly segmentMaxBytes: number,
    /** Called when a sealed segment may now be deletable. */
    private readonly onSealed: (segmentId: string) => void,
    /** Recreates the buffer directory and this process's owner directory. */
    private readonly reopen: () => Promise<void>,
  ) {}

  /**
   * Writes one group (frames back to back) at the end of the active segment and fdatasyncs it.
   * Resolves the segment id and the offset of the group's first frame.
   */
  async writeGroup(buffers: Buffer[], bytes: number, count: number): Promise<{ segmentId: string; offset: number }> {
    this.busy = true;
    try {
      let active: ActiveSegment;
      try {
        active = await this.segmentFor(bytes);
      } catch (error) {
        throw new AppendFailedError(count, false, error);
      }
      const start = active.size;
      try {
        const { bytesWritten } = await active.handle.writev(buffers);
        if (bytesWritten !== bytes) throw Object.assign(new Error(`short write (${bytesWritten} of ${bytes} bytes)`), { code: 'ENOSPC' });
        await active.handle.datasync();
      } catch (error) {
        throw new AppendFailedError(count, !(await this.cutBack(active, start)), error);
      }
      active.size = start + bytes;
      active.state.entries = (active.state.entries ?? 0) + count;
      return { segmentId: active.state.id, offset: start };
    } finally {
      this.busy = false;
    }
  }

  /** Cuts the file back to `goodEnd`; when that fails, seals the segment there. True when the cut worked. */
  private async cutBack(active: ActiveSegment, goodEnd: number): Promise<boolean> {
    try {
      await active.handle.truncate(goodEnd);
      await active.handle.datasync();
      return true;
    } catch (error) {
      active.state.goodEnd = goodEnd;
      this.ctx.log('error', 'vaxelia: could not cut a failed append off its buffer segment; the segment is sealed at its last good frame', {
        segment: active.state.id,
        goodEnd,
        error: errorSummary(error),
      });
      await this.seal();
      return false;
    }
  }

  /** The active segment, a new one when there is none or `bytes` would overflow it. */
  private async segmentFor(bytes: number): Promise<ActiveSegment> {
    const current = this.ctx.active;
    if (current && current.size > SEGMENT_HEADER_BYTES && current.size + bytes > this.segmentMaxBytes) await this.seal();
    if (this.ctx.active && (await this.ctx.active.handle.stat()).nlink === 0) {
      // The segment was unlinked under us (the buffer directory was deleted): writing on would
      // "succeed" into a file no reader can reach. Recreate the directory and a new segment.
      this.ctx.log('error', 'vaxelia: the buffer directory was deleted while in use; recreating it', { bufferDir: this.ctx.bufferDir });
      const gone = this.ctx.active;
      this.ctx.active = undefined;
      this.ctx.segments.delete(gone.state.id);
      await gone.handle.close().catch(() => {});
      await this.reopen();
    }
    return this.ctx.active ?? (await this.create());
  }

  private async create(): Promise<ActiveSegment> {
    const createdAt = this.ctx.now();
    const id = `${String(createdAt).padStart(14, '0')}-${this.ctx.ownerId}-${this.counter++}`;
    const path = join(this.ctx.ownerDir, `${id}.seg`);
    const handle = await open(path, 'wx', FILE_MODE);
    try {
      const header = encodeSegmentHeader(this.ctx.keyIds[0]!, createdAt);
      const { bytesWritten } = await handle.write(header, 0, header.length);
      if (bytesWritten !== header.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      await handle.datasync();
      await fsyncDir(this.ctx.ownerDir);
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(path).catch(() => {});
      throw error;
    }
    const state = newSegmentState(id, path, { entries: 0, sealed: false });
    this.ctx.segments.set(id, state);
    this.ctx.active = { state, handle, size: SEGMENT_HEADER_BYTES, published: SEGMENT_HEADER_BYTES };
    return this.ctx.active;
  }

  /** Closes the active segment for good (no more appends); it is deleted once fully delivered. */
  async seal(): Promise<void> {
    const active = this.ctx.active;
    if (!active) return;
    this.ctx.active = undefined;
    active.state.sealed = true;
    await active.handle.close().catch(() => {});
    this.onSealed(active.state.id);
  }

  /** Seals the active segment if it is `state`, fully delivered and no append is writing to it. */
  async retireIfIdle(state: SegmentState): Promise<boolean> {
    if (this.busy || this.ctx.active?.state !== state || this.ctx.active.published !== this.ctx.active.size) return false;
    const active = this.ctx.active;
    this.ctx.active = undefined;
    active.state.sealed = true;
    await active.handle.close().catch(() => {});
    return true;
  }
}
