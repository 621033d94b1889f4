import { open, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidBufferKeyError } from '../errors.js';
import type { AckBook } from './acks.js';
import type { QueueContext, SegmentState } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';
import { QUARANTINE_DIR } from './queue-layout.js';
import { encodeFrameHeader, SEGMENT_HEADER_BYTES } from './segment-format.js';
import { writeFileDurably } from './secure-fs.js';

/**
 * Bytes the queue cannot use are never deleted silently and never stop the drain: a copy goes to
 * `quarantine/` with an ERROR naming the file. An entry that fails authentication is copied and
 * acked. An unframeable range in the middle of a segment is copied once and skipped by the reader
 * (good frames after it are still delivered); at the end of a segment that is not being written
 * (a torn last append) it is copied and cut off. When the copy cannot be written (a full disk) the
 * bytes stay where they are, so nothing is lost, and the ERROR says so.
 */
export class Quarantine {
  constructor(
    private readonly ctx: QueueContext,
    private readonly acks: AckBook,
  ) {}

  async entry(state: SegmentState, offset: number, entry: Buffer, enqueuedAt: number): Promise<void> {
    const name = `${state.id}-${offset}.entry`;
    const frame = Buffer.concat([encodeFrameHeader(entry.length, enqueuedAt), entry]);
    if (!(await this.copy(name, frame))) return;
    this.acks.ack({ segmentId: state.id, offset });
    this.ctx.log('error', 'vaxelia: a buffered decision failed authentication (tampered or foreign key); quarantined', { quarantineFile: name });
    this.ctx.onQuarantine?.(1);
  }

  /** An unframeable byte range; reported once per process and segment offset. */
  async range(state: SegmentState, offset: number, length: number, atEnd: boolean): Promise<void> {
    if (state.reportedBad.has(offset)) return;
    if (this.ctx.active?.state === state) return; // our own live segment: only its published part is read
    state.reportedBad.add(offset);
    const name = `${state.id}-${offset}.bad`;
    const copied = await this.copyRange(state.path, offset, length, name);
    this.ctx.log(atEnd ? 'warn' : 'error', 'vaxelia: unreadable bytes in a buffer segment; quarantined, and reading resumed at the next good frame', {
      quarantineFile: copied ? name : undefined,
      bytes: length,
      atEnd,
      ...(copied ? {} : { note: 'the copy could not be written (left in the segment, nothing deleted)' }),
    });
    if (!copied) return;
    this.ctx.onQuarantine?.(1);
    if (!atEnd) return;
    if (offset <= SEGMENT_HEADER_BYTES) {
      // nothing readable was left: the whole file is now in quarantine
      await unlink(state.path).catch(() => {});
      this.ctx.segments.delete(state.id);
      return;
    }
    await truncate(state.path, offset).catch(() => {});
  }

  /** A file that has no segment header at all: moved out of the way whole. */
  async wholeFile(state: SegmentState): Promise<void> {
    const size = (await stat(state.path).catch(() => undefined))?.size ?? 0;
    await this.range(state, 0, size, true);
  }

  private async copyRange(path: string, offset: number, length: number, name: string): Promise<boolean> {
    let bytes: Buffer;
    try {
      const handle = await open(path, 'r');
      try {
        bytes = Buffer.alloc(length);
        const { bytesRead } = await handle.read(bytes, 0, length, offset);
        bytes = bytes.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch {
      return false;
    }
    return this.copy(name, bytes);
  }

  private async copy(name: string, bytes: Buffer): Promise<boolean> {
    try {
      await writeFileDurably(join(this.ctx.bufferDir, QUARANTINE_DIR, name), bytes);
      return true;
    } catch (error) {
      this.ctx.log('error', 'vaxelia: could not write a quarantine file; the bytes stay in their segment', { error: errorSummary(error) });
      return false;
    }
  }
}

/** Segments written with a key this process does not hold: a configuration error, reported once per file; nothing is touched. */
export function reportForeignKey(ctx: QueueContext, path: string): void {
  ctx.foreignError ??= new InvalidBufferKeyError(
    'queued decisions were written with a different key; set VAXELIA_BUFFER_KEY (or `previousKeys` / ' +
      'VAXELIA_BUFFER_PREVIOUS_KEYS) to the key that wrote them. Nothing was deleted.',
  );
  if (ctx.reportedForeign.has(path)) return;
  ctx.reportedForeign.add(path);
  ctx.log('error', `vaxelia: ${ctx.foreignError.message}`, { segment: path, code: ctx.foreignError.code });
}
