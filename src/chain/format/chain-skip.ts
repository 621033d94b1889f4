import { createHash } from 'node:crypto';
import type { AIDecision } from '../../decision.js';
/**
 * A chained record that explains seqs the writer had to skip (DESIGN.md §5: a seq is only given to a
 * decision that became durable; a skipped seq is explained by a record in the chain, never left as a
 * silent gap). `operation: "chain_skip"`, `skipped: { fromSeq, toSeq, reason }`, `fromSeq..toSeq`
 * inclusive. The writer side is issue 17's; the verifier reports covered seqs as `skipped` notices.
 */
export const CHAIN_SKIP_OPERATION = 'chain_skip';

export interface ChainSkip {
  fromSeq: number;
  toSeq: number;
  reason: string;
}

/** The `skipped` member of a chain_skip record when it is well formed, else undefined. */
export function chainSkipOf(record: unknown): ChainSkip | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as { operation?: unknown; skipped?: unknown };
  if (r.operation !== CHAIN_SKIP_OPERATION || typeof r.skipped !== 'object' || r.skipped === null) return undefined;
  const { fromSeq, toSeq, reason } = r.skipped as Partial<ChainSkip>;
  if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq! < 0 || toSeq! < fromSeq!) return undefined;
  return { fromSeq: fromSeq!, toSeq: toSeq!, reason: typeof reason === 'string' ? reason : '' };
}

/**
 * The unchained body of a skip record: decision-shaped like a checkpoint record, so the endpoint,
 * the queue and every tool handle it like any other; its `decisionId` is derived from chain and seq.
 */
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
