import { crc32 } from 'node:zlib';

/**
 * Segment file layout (append-only, one writer process):
 *
 *   header (24 bytes): "VXQSEG01" ‖ keyId (8) ‖ createdAt ms (u64 BE)
 *   frame*:            length (u32 BE) ‖ enqueuedAt ms (u64 BE) ‖ crc32(length ‖ enqueuedAt) (u32 BE) ‖ entry
 *
 * `entry` is nonce ‖ ciphertext ‖ tag (entry-cipher.ts). The frame header carries no content; its
 * CRC lets a reader tell a torn or corrupted tail from a valid frame, and the GCM tag authenticates
 * the entry itself, so a reader never acts on a half-written entry.
 */
export const SEGMENT_MAGIC = Buffer.from('VXQSEG01', 'latin1');
export const SEGMENT_HEADER_BYTES = 24;
export const FRAME_HEADER_BYTES = 16;
/** Upper bound of one entry; larger lengths are treated as corruption. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export interface SegmentHeader {
  keyId: Buffer;
  createdAt: number;
}

export function encodeSegmentHeader(keyId: Buffer, createdAt: number): Buffer {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  SEGMENT_MAGIC.copy(header, 0);
  keyId.copy(header, 8, 0, 8);
  header.writeBigUInt64BE(BigInt(createdAt), 16);
  return header;
}

export function decodeSegmentHeader(bytes: Buffer): SegmentHeader | undefined {
  if (bytes.length < SEGMENT_HEADER_BYTES || !bytes.subarray(0, 8).equals(SEGMENT_MAGIC)) return undefined;
  return { keyId: Buffer.from(bytes.subarray(8, 16)), createdAt: Number(bytes.readBigUInt64BE(16)) };
}

export function encodeFrameHeader(entryLength: number, enqueuedAt: number): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  writeFrameHeader(header, 0, entryLength, enqueuedAt);
  return header;
}

/** The same header, written in place (the append path stages whole groups in one buffer). */
export function writeFrameHeader(target: Buffer, offset: number, entryLength: number, enqueuedAt: number): void {
  target.writeUInt32BE(entryLength, offset);
  // u64 BE as two u32 halves: a millisecond clock stays far below 2^53, and no BigInt per frame.
  target.writeUInt32BE(Math.floor(enqueuedAt / 0x1_0000_0000), offset + 4);
  target.writeUInt32BE(enqueuedAt >>> 0, offset + 8);
  target.writeUInt32BE(crc32(target.subarray(offset, offset + 12)), offset + 12);
}

/** `undefined` when the header is corrupt (bad CRC or absurd length). */
export function decodeFrameHeader(bytes: Buffer): { length: number; enqueuedAt: number } | undefined {
  if (bytes.length < FRAME_HEADER_BYTES) return undefined;
  if (crc32(bytes.subarray(0, 12)) !== bytes.readUInt32BE(12)) return undefined;
  const length = bytes.readUInt32BE(0);
  if (length > MAX_ENTRY_BYTES) return undefined;
  return { length, enqueuedAt: Number(bytes.readBigUInt64BE(4)) };
}
