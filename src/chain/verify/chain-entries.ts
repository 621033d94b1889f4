import type { ChainSkip } from '../format/chain-skip.js';
import type { ChainCheckpoint } from '../format/checkpoint.js';
import type { RecordFacts } from './record-facts.js';

/** `signatureState` of an entry. */
export const SIGNATURE_UNCHECKED = 0;
export const SIGNATURE_OK = 1;
export const SIGNATURE_BAD = 2;

const INITIAL_CAPACITY = 256;

/**
 * What the verifier keeps of each record of one chain, in columns: seq, the 32 bytes of `hash` and of
 * `prevHash`, and a signature state — about 80 bytes per record and no object per record, so a log of
 * millions of records costs neither gigabytes nor garbage-collector time. The rare rest (a signature
 * string, a checkpoint, a skip, a content hash that differs from the stored one) lives in side tables.
 */
export class ChainEntries {
  size = 0;
  /** Records were added in seq order (the usual case): checking needs no sort. */
  sorted = true;
  private lastAddedSeq = -1;
  /** Earliest and latest `decidedAt`. */
  from: string | undefined;
  to: string | undefined;
  seqs = new Float64Array(INITIAL_CAPACITY);
  signatureState = new Uint8Array(INITIAL_CAPACITY);
  /** `signature` per entry, once any record of the chain has one. */
  private signatures: (string | undefined)[] | undefined;
  /** Entry → its checkpoint, for checkpoint records. */
  readonly checkpoints = new Map<number, ChainCheckpoint>();
  /** Entry → what it skipped, for chain_skip records. */
  readonly skips = new Map<number, ChainSkip>();
  /**
   * Entry → the hash its content actually has, when that is not its stored `hash` (`''` when the
   * content has no canonical form): the edited records.
   */
  readonly mismatches = new Map<number, string>();
  private hashes = Buffer.alloc(32 * INITIAL_CAPACITY);
  private prevHashes = Buffer.alloc(32 * INITIAL_CAPACITY);

  /** Stores one record's facts; returns its entry index. */
  push(facts: RecordFacts): number {
    const e = this.size;
    if (e === this.seqs.length) this.grow();
    this.seqs[e] = facts.seq;
    this.hashes.write(facts.hash, 32 * e, 32, 'hex');
    this.prevHashes.write(facts.prevHash, 32 * e, 32, 'hex');
    if (facts.contentHash !== facts.hash) this.mismatches.set(e, facts.contentHash);
    if (facts.signature !== undefined) {
      this.signatures ??= [];
      this.signatures[e] = facts.signature;
    }
    if (facts.checkpoint !== undefined) this.checkpoints.set(e, facts.checkpoint);
    if (facts.skipped !== undefined) this.skips.set(e, facts.skipped);
    if (facts.seq < this.lastAddedSeq) this.sorted = false;
    this.lastAddedSeq = facts.seq;
    if (facts.decidedAt !== undefined) {
      if (this.from === undefined || facts.decidedAt < this.from) this.from = facts.decidedAt;
      if (this.to === undefined || facts.decidedAt > this.to) this.to = facts.decidedAt;
    }
    this.size = e + 1;
    return e;
  }

  /** The 32 bytes of the stored hash of `e` (a view, valid until the next push). */
  hash(e: number): Buffer {
    return this.hashes.subarray(32 * e, 32 * e + 32);
  }

  hashHex(e: number): string {
    return this.hash(e).toString('hex');
  }

  prevHashHex(e: number): string {
    return this.prevHashes.toString('hex', 32 * e, 32 * e + 32);
  }

  signature(e: number): string | undefined {
    return this.signatures?.[e];
  }

  /** The content of `e` hashes to its stored hash. */
  isIntact(e: number): boolean {
    return !this.mismatches.has(e);
  }

  /** `prevHash` of `e` is the `hash` of `p`. */
  linksTo(e: number, p: number): boolean {
    return this.prevHashes.compare(this.hashes, 32 * p, 32 * p + 32, 32 * e, 32 * e + 32) === 0;
  }

  /** Identical copies: same stored hash, same content hash, same signature. */
  sameEntry(a: number, b: number): boolean {
    return this.hash(a).equals(this.hash(b)) && this.mismatches.get(a) === this.mismatches.get(b) && this.signature(a) === this.signature(b);
  }

  private grow(): void {
    const capacity = this.seqs.length * 2;
    this.seqs = grown(this.seqs, new Float64Array(capacity));
    this.signatureState = grown(this.signatureState, new Uint8Array(capacity));
    this.hashes = grown(this.hashes, Buffer.alloc(32 * capacity));
    this.prevHashes = grown(this.prevHashes, Buffer.alloc(32 * capacity));
  }
}

function grown<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
