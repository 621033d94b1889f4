import { open } from 'node:fs/promises';
import { decodeFrameHeader, decodeSegmentHeader, FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES, type SegmentHeader } from './segment-format.js';

export interface RawFrame {
  kind: 'frame';
  /** Byte offset of the frame header in the segment: the entry's stable address. */
  offset: number;
  enqueuedAt: number;
  entry: Buffer;
}

/** The bytes from `offset` on cannot be framed: a torn write or corruption. */
export interface BadTail {
  kind: 'bad-tail';
  offset: number;
  /** True when the frame header is valid but the file ends inside the entry (a torn append). */
  torn: boolean;
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

/**
 * Streams the frames of a segment in order, reading at most `limit` bytes of the file (the published
 * size of a segment still being written), in 1 MiB chunks: memory stays bounded whatever the size.
 */
export async function* readSegmentFrames(path: string, limit?: number): AsyncGenerator<RawFrame | BadTail> {
  const handle = await open(path, 'r');
  try {
    const end = limit ?? (await handle.stat()).size;
    let buffer = Buffer.alloc(0);
    let bufferStart = SEGMENT_HEADER_BYTES; // file offset of buffer[0]
    let filePos = SEGMENT_HEADER_BYTES;
    const fill = async (needed: number): Promise<boolean> => {
      while (buffer.length < needed && filePos < end) {
        const chunk = Buffer.allocUnsafe(Math.min(Math.max(CHUNK_BYTES, needed - buffer.length), end - filePos));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, filePos);
        if (bytesRead === 0) break;
        filePos += bytesRead;
        buffer = buffer.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
      }
      return buffer.length >= needed;
    };
    while (true) {
      if (!(await fill(FRAME_HEADER_BYTES))) {
        if (buffer.length > 0) yield { kind: 'bad-tail', offset: bufferStart, torn: true };
        return;
      }
      const header = decodeFrameHeader(buffer.subarray(0, FRAME_HEADER_BYTES));
      if (!header) {
        yield { kind: 'bad-tail', offset: bufferStart, torn: false };
        return;
      }
      const total = FRAME_HEADER_BYTES + header.length;
      if (!(await fill(total))) {
        yield { kind: 'bad-tail', offset: bufferStart, torn: true };
        return;
      }
      const entry = Buffer.from(buffer.subarray(FRAME_HEADER_BYTES, total));
      yield { kind: 'frame', offset: bufferStart, enqueuedAt: header.enqueuedAt, entry };
      buffer = buffer.subarray(total);
      bufferStart += total;
    }
  } finally {
    await handle.close();
  }
}

export interface SegmentSummary {
  header: SegmentHeader | undefined;
  /** Offsets and enqueue times of every complete frame; content is not read. */
  frames: { offset: number; enqueuedAt: number }[];
  bytes: number;
  badTailAt: number | undefined;
}

/** Walks frame headers only (one small read per frame): counts and ages without touching content. */
export async function summarizeSegment(path: string): Promise<SegmentSummary> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(SEGMENT_HEADER_BYTES);
    const { bytesRead } = await handle.read(head, 0, SEGMENT_HEADER_BYTES, 0);
    const header = decodeSegmentHeader(head.subarray(0, bytesRead));
    const frames: { offset: number; enqueuedAt: number }[] = [];
    let badTailAt: number | undefined;
    let pos = SEGMENT_HEADER_BYTES;
    const frameHead = Buffer.alloc(FRAME_HEADER_BYTES);
    while (header && pos < size) {
      const read = await handle.read(frameHead, 0, FRAME_HEADER_BYTES, pos);
      const decoded = read.bytesRead === FRAME_HEADER_BYTES ? decodeFrameHeader(frameHead) : undefined;
      if (!decoded || pos + FRAME_HEADER_BYTES + decoded.length > size) {
        badTailAt = pos;
        break;
      }
      frames.push({ offset: pos, enqueuedAt: decoded.enqueuedAt });
      pos += FRAME_HEADER_BYTES + decoded.length;
    }
    return { header, frames, bytes: size, badTailAt };
  } finally {
    await handle.close();
  }
}
