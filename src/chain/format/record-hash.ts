import { hash } from 'node:crypto';
import { canonicalizeWithout } from './canonical-json.js';

/** `prevHash` of the first record of every chain (seq 0): 64 × "0" (DESIGN.md §5). */
export const GENESIS_HASH = '0'.repeat(64);

/** The members a record's hash does not cover: the hash itself and the signature over it. */
const NOT_HASHED: ReadonlySet<string> = new Set(['hash', 'signature']);

/**
 * DESIGN.md §5, the one rule: lowercase hex SHA-256 of the UTF-8 bytes of `prevHash + canonical`,
 * where `canonical` is RFC 8785 of the record without its `hash` and `signature` members. The writer
 * calls this with the canonical text it has just produced; {@link computeRecordHash} with a record.
 */
export function linkedHash(prevHash: string, canonical: string): string {
  // One-shot crypto.hash (Node >= 21.7) is several times faster than createHash for small inputs.
  return hash('sha256', prevHash + canonical, 'hex');
}

/**
 * The hash a record's content gives under {@link linkedHash}: its own `prevHash` member (also inside
 * the canonical form) followed by its canonical form. Throws `CanonicalizationError` for content
 * that has no canonical form.
 */
export function computeRecordHash(record: object): string {
  const r = record as Record<string, unknown>;
  const prevHash = typeof r.prevHash === 'string' ? r.prevHash : '';
  return linkedHash(prevHash, canonicalizeWithout(r, NOT_HASHED));
}

/** Whether `value` is a lowercase hex SHA-256 digest. */
export function isHashHex(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 64) return false;
  // A loop, not a regular expression: this runs twice per record when verifying, and the loop is
  // measurably cheaper (6% of verify's time as a regular expression).
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
