import { chainSkipOf, type ChainSkip } from '../format/chain-skip.js';
import { type ChainCheckpoint, isCheckpointRecord } from '../format/checkpoint.js';
import { computeRecordHash, isHashHex } from '../format/record-hash.js';
import type { ChainProblem } from './verify-types.js';

/** What the verifier needs of one record, read once: its chain fields and the hash its content gives. */
export interface RecordFacts {
  chainId: string;
  seq: number;
  /** The stored `hash`. */
  hash: string;
  prevHash: string;
  /** The hash the content gives (DESIGN.md §5); `''` when it has no canonical form. */
  contentHash: string;
  /** Why the content has no canonical form. */
  contentError?: string;
  signature?: string;
  /** Whether `signature` verified, when it was checked where the record was read (a worker). */
  signatureValid?: boolean;
  decidedAt?: string;
  checkpoint?: ChainCheckpoint;
  skipped?: ChainSkip;
}

/**
 * Reads one parsed record: its facts, or the `malformed` problem that keeps it out of any chain.
 * `where` (e.g. `line 12`) is added to problems about a record that has no usable seq.
 */
export function readRecord(value: unknown, where?: string): RecordFacts | ChainProblem {
  const malformed = (chainId: string, seq: number, detail: string): ChainProblem => ({ chainId, seq, kind: 'malformed', detail });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed('', -1, withWhere('not a JSON object', where));
  const r = value as Record<string, unknown>;
  const { chainId, seq, hash, prevHash } = r;
  if (typeof chainId !== 'string' || chainId === '') return malformed('', -1, withWhere('no chainId', where));
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return malformed(chainId, -1, withWhere('no valid seq', where));
  if (typeof hash !== 'string' || typeof prevHash !== 'string') return malformed(chainId, seq, 'hash or prevHash is missing');
  if (!isHashHex(hash) || !isHashHex(prevHash)) return malformed(chainId, seq, 'hash or prevHash is not lowercase hex SHA-256');

  const facts: RecordFacts = { chainId, seq, hash, prevHash, contentHash: '' };
  try {
    facts.contentHash = computeRecordHash(r);
  } catch (error) {
    facts.contentError = (error as Error).message;
  }
  if (typeof r.signature === 'string') facts.signature = r.signature;
  if (typeof r.decidedAt === 'string') facts.decidedAt = r.decidedAt;
  if (isCheckpointRecord(r)) facts.checkpoint = r.checkpoint;
  const skipped = chainSkipOf(r);
  if (skipped) facts.skipped = skipped;
  return facts;
}

export function isRecordFacts(value: RecordFacts | ChainProblem): value is RecordFacts {
  return 'contentHash' in value;
}

function withWhere(detail: string, where: string | undefined): string {
  return where ? `${where}: ${detail}` : detail;
}
