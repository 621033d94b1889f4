import { hash } from 'node:crypto';

/**
 * Namespace of decision ids: `decisionId = UUIDv5(DECISION_ID_NAMESPACE, traceId + spanId)` with the
 * ids in lowercase hex. Deterministic, so a span retried by a Collector yields the same decision,
 * and reproducible in any language (`uuid.uuid5(ns, trace_id + span_id)` in Python).
 */
export const DECISION_ID_NAMESPACE = '9b0c6d1e-5a4f-4c2b-8e7d-3f6a1b2c4d5e';

const NAMESPACE_BYTES = Buffer.from(DECISION_ID_NAMESPACE.replaceAll('-', ''), 'hex');

export function decisionIdFor(traceId: string, spanId: string): string {
  return uuidV5(`${traceId.toLowerCase()}${spanId.toLowerCase()}`);
}

export function uuidV5(name: string): string {
  // RFC 9562 §5.5: SHA-1 of namespace ‖ name. One-shot crypto.hash: a createHash/update/digest
  // round per decision showed in figure 3's profile.
  const bytes = hash('sha1', Buffer.concat([NAMESPACE_BYTES, Buffer.from(name, 'utf8')]), 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
