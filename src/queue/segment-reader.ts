import { type FileHandle, open } from 'node:fs/promises';
import { MIN_ENTRY_BYTES } from './entry-cipher.js';
import { decodeFrameHeader, decodeSegmentHeader, FRAME_HEADER_BYTES, MAX_ENTRY_BYTES, SEGMENT_HEADER_BYTES, type SegmentHeader } from './segment-format.js';

/**
 * Reading a segment — and the recovery rule: **a good frame that follows a bad one is never
 * discarded.** Bytes that cannot be framed (a torn or corrupted spot) are reported as one bad range,
 * and reading resynchronises on the next offset holding a valid frame header (CRC) whose entry
 * authenticates (AES-GCM tag) — so a failed append in the middle of a segment costs only its own bytes.
 * A frame whose header is valid but whose entry does not authenticate is first searched for a
 * resync point inside its span (a torn frame followed by good ones); only when there is none is it
 * reported as one bad entry (tampered, or another key) and reading continues after it.
 */
export interface RawFrame {
  kind: 'frame';
  /** Byte offset of the frame header in the segment: the entry's stable address. */
  offset: number;
  enqueuedAt: number;
  entry: Buffer;
  /** The decrypted entry, when the reader was given `open`. */
  plaintext: Buffer | undefined;
}

/** A well-framed entry that does not authenticate (tampered, or a key this process does not have). */
export interface BadEntry {
  kind: 'bad-entry';
  offset: number;
  enqueuedAt: number;
  entry: Buffer;
}

/** Bytes from `offset` that cannot be framed: a torn write or corruption. */
export interface BadRange {
  kind: 'bad-range';
  offset: number;
  length: number;
  /** True when the range runs to the end of the file (a torn last append). */
  atEnd: boolean;
}

export type SegmentItem = RawFrame | BadEntry | BadRange;

export interface ReadOptions {
  /** Read at most this many bytes of the file (the published size of a segment still being written). */
  limit?: number;
  /** Decrypts an entry; `undefined` when it does not authenticate. Without it, frames are checked by their header CRC only. */
  open?: (entry: Buffer) => Buffer | undefined;
  /**
   * Frames at offsets for which this returns `false` are yielded without being opened (header CRC
   * checked only): the drain does not decrypt entries already delivered or being sent from memory.
   */
  wanted?: (offset: number) => boolean;
}

const CHUNK_BYTES = 1024 * 1024;

export async function readSegmentHeader(path: string): Promise<SegmentHeader | undefined> {
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(SEGMENT_HEADER_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, SEGMENT_HEADER_BYTES, 0);
    return decodeSegmentHeader(bytes.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Streams the frames of a segment in order, in 1 MiB reads: memory stays bounded whatever the size. */
export async function* readSegmentFrames(path: string, options: ReadOptions = {}): AsyncGenerator<SegmentItem> {
  const handle = await open(path, 'r');
  const reader = new WindowReader(handle);
  try {
    const end = options.limit ?? (await handle.stat()).size;
    let pos = SEGMENT_HEADER_BYTES;
    while (pos < end) {
      const header = await readFrameHeaderAt(reader, pos, end);
      if (!header) {
        const next = await findNextFrame(handle, pos + 1, end, options.open);
        yield { kind: 'bad-range', offset: pos, length: (next ?? end) - pos, atEnd: next === undefined };
        if (next === undefined) return;
        pos = next;
        continue;
      }
      const entry = await reader.read(pos + FRAME_HEADER_BYTES, header.length);
      const open = options.wanted === undefined || options.wanted(pos) ? options.open : undefined;
      const plaintext = open?.(entry);
      if (open && !plaintext) {
        // A torn frame followed by good ones, or one bad entry: look for a good frame inside its span.
        const next = await findNextFrame(handle, pos + 1, pos + FRAME_HEADER_BYTES + header.length, options.open);
        if (next !== undefined) {
          yield { kind: 'bad-range', offset: pos, length: next - pos, atEnd: false };
          pos = next;
          continue;
        }
        yield { kind: 'bad-entry', offset: pos, enqueuedAt: header.enqueuedAt, entry };
      } else {
        yield { kind: 'frame', offset: pos, enqueuedAt: header.enqueuedAt, entry, plaintext };
      }
      pos += FRAME_HEADER_BYTES + header.length;
    }
  } finally {
    await handle.close();
  }
}

/** A valid frame header at `pos` whose frame ends by `end`, else `undefined`. */
async function readFrameHeaderAt(reader: WindowReader, pos: number, end: number): Promise<{ length: number; enqueuedAt: number } | undefined> {
  if (pos + FRAME_HEADER_BYTES > end) return undefined;
  const header = decodeFrameHeader(await reader.read(pos, FRAME_HEADER_BYTES));
  if (!header || pos + FRAME_HEADER_BYTES + header.length > end) return undefined;
  return header;
}

/**
 * The first offset in `[from, end)` where a frame starts: a valid header whose frame fits before the
 * file's end and whose entry authenticates (when `open` is given). Scans in 1 MiB windows; a cheap
 * pre-filter (a plausible length, the high bytes of a millisecond clock are zero) keeps the CRC
 * check to a few candidates.
 */
export async function findNextFrame(
  handle: FileHandle,
  from: number,
  end: number,
  open: ((entry: Buffer) => Buffer | undefined) | undefined,
): Promise<number | undefined> {
  const fileEnd = (await handle.stat()).size;
  for (let windowStart = from; windowStart + FRAME_HEADER_BYTES <= end; windowStart += CHUNK_BYTES) {
    const window = await readExactly(handle, windowStart, Math.min(CHUNK_BYTES + FRAME_HEADER_BYTES, fileEnd - windowStart));
    const last = Math.min(window.length - FRAME_HEADER_BYTES, end - windowStart - 1, CHUNK_BYTES - 1);
    for (let i = 0; i <= last; i++) {
      const length = window.readUInt32BE(i);
      if (length < MIN_ENTRY_BYTES || length > MAX_ENTRY_BYTES || window[i + 4] !== 0 || window[i + 5] !== 0) continue;
      const header = decodeFrameHeader(window.subarray(i, i + FRAME_HEADER_BYTES));
      const pos = windowStart + i;
      if (!header || pos + FRAME_HEADER_BYTES + header.length > fileEnd) continue;
      if (!open || open(await readExactly(handle, pos + FRAME_HEADER_BYTES, header.length))) return pos;
    }
  }
  return undefined;
}

/** Positional reads served from one 1 MiB window: a frame costs no syscall of its own. */
class WindowReader {
  private start = 0;
  private window: Buffer = Buffer.alloc(0);

  constructor(readonly handle: FileHandle) {}

  async read(position: number, length: number): Promise<Buffer> {
    const offset = position - this.start;
    if (offset >= 0 && offset + length <= this.window.length) return this.window.subarray(offset, offset + length);
    if (length > CHUNK_BYTES) return readExactly(this.handle, position, length);
    // A new buffer each time: slices handed out earlier stay valid.
    this.window = await readExactly(this.handle, position, CHUNK_BYTES);
    this.start = position;
    return this.window.subarray(0, Math.min(length, this.window.length));
  }
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(Math.max(0, length));
  let done = 0;
  while (done < bytes.length) {
    const { bytesRead } = await handle.read(bytes, done, bytes.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return bytes.subarray(0, done);
}

export interface SegmentSummary {
  header: SegmentHeader | undefined;
  /** Offsets, sizes and enqueue times of every frame; content is read only to resync past a bad spot. */
  frames: { offset: number; bytes: number; enqueuedAt: number }[];
  /** Size of the file. */
  bytes: number;
  /** Bytes that could not be framed. */
  badBytes: number;
}

/** Walks frame headers (one small read per frame): counts and ages without decrypting, unless a bad spot needs a resync. */
export async function summarizeSegment(path: string, openEntry?: (entry: Buffer) => Buffer | undefined): Promise<SegmentSummary> {
  const handle = await open(path, 'r');
  const reader = new WindowReader(handle);
  try {
    const size = (await handle.stat()).size;
    const header = decodeSegmentHeader(await readExactly(handle, 0, SEGMENT_HEADER_BYTES));
    const frames: SegmentSummary['frames'] = [];
    let badBytes = 0;
    let pos = SEGMENT_HEADER_BYTES;
    while (header && pos < size) {
      const frame = await readFrameHeaderAt(reader, pos, size);
      if (!frame) {
        const next = await findNextFrame(handle, pos + 1, size, openEntry);
        badBytes += (next ?? size) - pos;
        if (next === undefined) break;
        pos = next;
        continue;
      }
      frames.push({ offset: pos, bytes: FRAME_HEADER_BYTES + frame.length, enqueuedAt: frame.enqueuedAt });
      pos += FRAME_HEADER_BYTES + frame.length;
    }
    return { header, frames, bytes: size, badBytes };
  } finally {
    await handle.close();
  }
}
