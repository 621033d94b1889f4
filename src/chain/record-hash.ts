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

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  // One-shot crypto.hash (Node >= 21.7) is several times faster than createHash for small inputs.
  return hash('sha256', text, 'hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Whether `value` is a lowercase hex SHA-256 digest. */
export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value);
}
