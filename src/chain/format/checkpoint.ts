import { createHash } from 'node:crypto';
import type { AIDecision } from '../../decision.js';

/**
 * What a checkpoint record commits to: the records `firstSeq..seq` of its chain (the records since
 * the range of the previous checkpoint, the previous checkpoint record included), so a verifier
 * knows how long the chain was when the checkpoint was written.
 */
export interface ChainCheckpoint {
  /** Last covered seq (the record just before the checkpoint, unless a crash left a hole). */
  seq: number;
  /** `hash` of the record at `seq`. */
  hash: string;
  /** First covered seq. */
  firstSeq: number;
  /** Covered records, `seq - firstSeq + 1`: the size of the Merkle tree. */
  count: number;
  /** RFC 9162 Merkle Tree Hash (hex) over the covered records' hashes in seq order. */
  merkleRoot: string;
  /** Set on the checkpoint a writer emits when it shuts down cleanly. */
  final?: boolean;
  /**
   * The same checkpoint as a C2SP tlog-checkpoint signed note (present when the writer has a
   * signing key): origin, tree size and RFC 6962 root of the tree whose leaves are the chain's
   * record hashes in seq order from seq 0 up to `seq`, signed with Ed25519 under key name = origin.
   * Inside the record, so the chain commits to it. See docs/DESIGN.md §5.1.
   */
  note?: string;
}

/** An AIDecision once the chain writer has linked it (DESIGN.md §5). */
export interface ChainedDecision extends AIDecision {
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
  /** Present on checkpoint records only (`operation: "checkpoint"`). */
  checkpoint?: ChainCheckpoint;
}

/** `operation` of a checkpoint record. */
export const CHECKPOINT_OPERATION = 'checkpoint';

/** Default `aiSystemId` of checkpoint records. */
export const DEFAULT_CHECKPOINT_AI_SYSTEM_ID = 'vaxelia-chain';

/** Whether a (parsed) record is a checkpoint record. */
export function isCheckpointRecord(record: unknown): record is ChainedDecision & { checkpoint: ChainCheckpoint } {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as { operation?: unknown; checkpoint?: unknown };
  return r.operation === CHECKPOINT_OPERATION && typeof r.checkpoint === 'object' && r.checkpoint !== null;
}

/**
 * The unchained body of a checkpoint record: a decision-shaped record so that the endpoint, the
 * queue and every tool handle it like any other. Its `decisionId` is a UUID derived from chain and
 * seq, so a retried checkpoint keeps its idempotency key.
 */
export function buildCheckpointBody(
  chainId: string,
  seq: number,
  checkpoint: ChainCheckpoint,
  decidedAt: string,
  aiSystemId: string,
): AIDecision & { checkpoint: ChainCheckpoint } {
  return {
    aiSystemId,
    modelUsed: 'none',
    input: { messages: [] },
    output: { messages: [] },
    status: 'completed',
    decidedAt,
    decisionId: checkpointDecisionId(chainId, seq),
    operation: CHECKPOINT_OPERATION,
    checkpoint,
  };
}

function checkpointDecisionId(chainId: string, seq: number): string {
  const h = createHash('sha256').update(`vaxelia-checkpoint\0${chainId}\0${seq}`).digest();
  // RFC 9562 layout with version 8 (custom) and the RFC variant bits.
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
