import { hash } from 'node:crypto';
import { canonicalizeWithout } from './canonical-json.js';

/** `prevHash` of the first record of every chain (seq 0): 64 × "0" (DESIGN.md §5). */
export const GENESIS_HASH = '0'.repeat(64);

const NOT_HASHED: ReadonlySet<string> = new Set(['hash', 'signature']);

/**
 * DESIGN.md §5: lowercase hex SHA-256 of the UTF-8 bytes of `prevHash + canonical(record)`, where the
 * canonical form is RFC 8785 of the record without its `hash` and `signature` members. `prevHash` is
 * the record's own `prevHash` member (it is also inside the canonical form).
 */
export function computeRecordHash(record: object): string {
  const r = record as Record<string, unknown>;
  const prevHash = typeof r.prevHash === 'string' ? r.prevHash : '';
  return sha256Hex(prevHash + canonicalizeWithout(r, NOT_HASHED));
}

/**
 * The record hash of a line in the writer's form (see `scanWriterLine`) that starts at `start` in
 * `text`: `text.slice(start, bodyEnd) + "}"` is its canonical form, and its `prevHash` is the 64
 * characters at `prevHashAt`. `utf8Bytes`: the text holds raw UTF-8 bytes one per code unit, which
 * are hashed as they are instead of being encoded again.
 */
export function hashCanonicalLine(text: string, start: number, prevHashAt: number, bodyEnd: number, utf8Bytes: boolean): string {
  if (!utf8Bytes) return sha256Hex(`${text.slice(prevHashAt, prevHashAt + 64)}${text.slice(start, bodyEnd)}}`);
  // The bytes copied once into a reused buffer, prevHash from the copy: no string is built.
  const size = 64 + bodyEnd - start + 1;
  if (size > lineScratch.length) lineScratch = Buffer.allocUnsafe(Math.max(size, 2 * lineScratch.length));
  lineScratch.write(start === 0 ? text : text.slice(start, bodyEnd), 64, bodyEnd - start, 'latin1');
  const prevHashFrom = 64 + prevHashAt - start;
  lineScratch.copyWithin(0, prevHashFrom, prevHashFrom + 64);
  lineScratch[size - 1] = 0x7d; // }
  return hash('sha256', lineScratch.subarray(0, size), 'hex');
}

let lineScratch = Buffer.allocUnsafe(1 << 16);

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  // One-shot crypto.hash (Node >= 21.7) is several times faster than createHash for small inputs.
  return hash('sha256', text, 'hex');
}

/** Whether `value` is a lowercase hex SHA-256 digest. */
export function isHashHex(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 64) return false;
  // A loop, not a regular expression: this runs twice per record when verifying.
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
