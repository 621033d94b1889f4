import type { KeyObject } from 'node:crypto';
import type { ChainCheckpoint } from '../format/checkpoint.js';

/**
 * What `verifyChain` can find wrong.
 * - `malformed`: not a chained record (no `chainId`, no integer `seq`, `hash`/`prevHash` not hex), or
 *   content that cannot be canonicalised.
 * - `edited`: `hash` does not match the record's content.
 * - `broken-link`: `prevHash` is not the `hash` of the record at `seq - 1` (or not genesis at seq 0;
 *   after seqs a chain_skip record explains, the record before them).
 * - `reordered`: `prevHash` is the hash of a record at another position of the same chain: records were
 *   re-sequenced. Arrival order is never a problem — stores legitimately receive retried records late.
 * - `gap`: seqs missing between 0 and the last seq seen that no chain_skip record explains (one
 *   problem per missing range). Explained seqs are `skipped` notices, not problems.
 * - `duplicate`: one seq held by records with different content (identical copies are merged).
 * - `bad-signature` / `missing-signature`: only when a public key is given (records, and checkpoint
 *   notes, whose signature must verify under key name = origin).
 * - `bad-checkpoint`: a checkpoint whose hash, range or Merkle root disagrees with the records it
 *   covers, or whose note is malformed, states another tree size or root than the records give, or
 *   is not consistent with the note before it (RFC 6962: the older tree a prefix of the newer).
 * - `truncated`: the chain ends before a head it is known to have reached (`expectedHeads`, e.g. the
 *   heads an evidence pack or a persisted head file recorded), or, with `requireSealed`, it does not
 *   end with a writer's final checkpoint. Without such outside knowledge a cut-off tail is unprovable:
 *   a hash chain only links backwards.
 * - `head-mismatch`: the record at an expected head's seq has another hash (a fork or a rewrite).
 */
export type ChainProblemKind =
  | 'malformed'
  | 'edited'
  | 'broken-link'
  | 'reordered'
  | 'gap'
  | 'duplicate'
  | 'bad-signature'
  | 'missing-signature'
  | 'bad-checkpoint'
  | 'truncated'
  | 'head-mismatch';

export interface ChainProblem {
  /** `""` when a record has no usable `chainId`. */
  chainId: string;
  /** `-1` when a record has no usable `seq`. */
  seq: number;
  kind: ChainProblemKind;
  detail?: string;
}

/**
 * Something a person should see that is not a problem: `skipped` — seqs `seq..toSeq` hold no record
 * and a chain_skip record in the chain (at `explainedBy`) says why. They never make `ok` false.
 */
export interface ChainNotice {
  chainId: string;
  seq: number;
  kind: 'skipped';
  toSeq: number;
  explainedBy: number;
  detail: string;
}

export interface ChainHead {
  chainId: string;
  seq: number;
  hash: string;
}

export interface ChainSummary {
  chainId: string;
  /** Distinct records seen. */
  count: number;
  firstSeq: number;
  lastSeq: number;
  /** `hash` of the record at `lastSeq`. */
  head: string;
  /** The checkpoint with the highest seq, and the seq of the checkpoint record itself. */
  lastCheckpoint?: ChainCheckpoint & { at: number };
  /** Records after the last checkpoint record: not yet committed to by any checkpoint. */
  uncheckpointed: number;
  /** The chain ends with a writer's final checkpoint. */
  sealed: boolean;
  /** Checkpoint notes checked (size, root, consistency; signature when a public key was given). */
  notes?: number;
  /** Earliest and latest `decidedAt` of the chain's records. */
  period?: { from: string; to: string };
}

export interface VerifyChainResult {
  /** No problem found. Notices do not count. */
  ok: boolean;
  /** Distinct records seen, all chains. */
  count: number;
  chains: ChainSummary[];
  problems: ChainProblem[];
  /** Explained, not failing: seqs skipped with a chain_skip record. */
  notices: ChainNotice[];
}

export interface VerifyChainOptions {
  /** Ed25519 public key (SPKI PEM, base64 raw 32 bytes, or a KeyObject). Without it signatures are not checked. */
  publicKey?: string | KeyObject;
  /**
   * `all` checks every record's signature. `checkpoints` checks only checkpoint records and the
   * records after the last one: because each hash commits to the previous one, a valid signature on
   * a checkpoint authenticates everything before it, provided no link or content problem is found.
   * @defaultValue `'all'`
   */
  signatures?: 'all' | 'checkpoints';
  /** Heads the chains are known to have reached; a chain that ends before one is `truncated`. */
  expectedHeads?: readonly ChainHead[];
  /** Report a chain that does not end with a final checkpoint as `truncated`. @defaultValue false */
  requireSealed?: boolean;
}
