import { createHash } from 'node:crypto';
import type { AIDecision } from '../decision.js';

/**
 * A seq is only ever given to a decision that became durable (DESIGN.md §5). When a number must be
 * skipped anyway — seqs were given to records whose write failed in a way that cannot be undone
 * (the failed bytes could not be cut off the queue's segment, so a recovery may still find them) —
 * the chain says so itself: the next record is a normal chained record (hashed, signed when a key
 * is set) with `operation: "chain_skip"` and `skipped: { fromSeq, toSeq, reason }`. A verifier
 * reports those seqs as `skipped` (explained), never as a silent gap.
 */
export interface ChainSkip {
  fromSeq: number;
  toSeq: number;
  /** Why, in words a person reading the verify output understands. */
  reason: string;
}

/** `operation` of a skip record. */
export const CHAIN_SKIP_OPERATION = 'chain_skip';

export function isChainSkipRecord(record: unknown): record is AIDecision & { skipped: ChainSkip } {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as { operation?: unknown; skipped?: unknown };
  if (r.operation !== CHAIN_SKIP_OPERATION || typeof r.skipped !== 'object' || r.skipped === null) return false;
  const s = r.skipped as Record<string, unknown>;
  return Number.isSafeInteger(s.fromSeq) && Number.isSafeInteger(s.toSeq) && (s.fromSeq as number) <= (s.toSeq as number);
}

/** The unchained body of a skip record; its `decisionId` is derived from chain and seq (stable across retries). */
export function buildSkipBody(chainId: string, seq: number, skipped: ChainSkip, decidedAt: string, aiSystemId: string): AIDecision & { skipped: ChainSkip } {
  return {
    aiSystemId,
    modelUsed: 'none',
    input: { messages: [] },
    output: { messages: [] },
    status: 'completed',
    decidedAt,
    decisionId: uuidFrom(`vaxelia-chain-skip\0${chainId}\0${seq}`),
    operation: CHAIN_SKIP_OPERATION,
    skipped: { fromSeq: skipped.fromSeq, toSeq: skipped.toSeq, reason: skipped.reason.slice(0, 500) },
  };
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest();
  // RFC 9562 layout with version 8 (custom) and the RFC variant bits.
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
