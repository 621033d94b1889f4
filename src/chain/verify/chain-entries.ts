import { hash } from 'node:crypto';
import type { ChainCheckpoint } from '../format/checkpoint.js';
import { chainKernels } from '../wasm/chain-kernels.js';

/** `signatureState` of an entry. */
export const SIGNATURE_UNCHECKED = 0;
export const SIGNATURE_OK = 1;
export const SIGNATURE_BAD = 2;

/** `push`'s `storedPrevHash` when it is the stored hash of the entry pushed last. */
export const PREV_IS_LAST = null;

const INITIAL_CAPACITY = 256;

/**
 * What the verifier keeps of each record of one chain, in columns: seq, the 32 bytes of `hash` and of
 * `prevHash`, and a signature state — about 80 bytes per record and no object per record, so a log of
 * millions of records costs neither gigabytes nor garbage-collector time. The rare rest (a signature
 * string, a checkpoint, a content hash that differs from the stored one) lives in side tables.
 */
export class ChainEntries {
  size = 0;
  /** Records were added in seq order (the usual case): checking needs no sort. */
  sorted = true;
  lastAddedSeq = -1;
  /** Stored `hash` of the entry pushed last. */
  lastHash: string | undefined;
  /** Earliest and latest `decidedAt`. */
  from: string | undefined;
  to: string | undefined;
  seqs = new Float64Array(INITIAL_CAPACITY);
  signatureState = new Uint8Array(INITIAL_CAPACITY);
  /** `signature` per entry, once any record of the chain has one. */
  signatures: (string | undefined)[] | undefined;
  /** Entry → its checkpoint, for checkpoint records. */
  readonly checkpoints = new Map<number, ChainCheckpoint>();
  /**
   * Entry → the hash its content actually has, when that is not its stored `hash` (`''` when the
   * content has no canonical form): the edited records.
   */
  readonly mismatches = new Map<number, string>();
  private hashBytes = new Uint8Array(32 * INITIAL_CAPACITY);
  private prevHashBytes = new Uint8Array(32 * INITIAL_CAPACITY);
  // Views of the same memory: comparing two digests is 8 integer compares; Buffers decode hex.
  private hashWords = new Int32Array(this.hashBytes.buffer);
  private prevHashWords = new Int32Array(this.prevHashBytes.buffer);
  private hashBuffer = Buffer.from(this.hashBytes.buffer);
  private prevHashBuffer = Buffer.from(this.prevHashBytes.buffer);

  /**
   * Appends a record whose `hash` and `prevHash` are lowercase hex SHA-256 (the caller has checked);
   * `prevHash` {@link PREV_IS_LAST} when it is the stored hash of the entry pushed last. `mismatch`:
   * the hash its content actually has, when that is not its `hash` (`''`: no canonical form).
   * Returns the entry's index.
   */
  push(
    seq: number,
    storedHash: string,
    storedPrevHash: string | typeof PREV_IS_LAST,
    mismatch: string | undefined,
    signature: string | undefined,
    checkpoint: ChainCheckpoint | undefined,
  ): number {
    const e = this.size;
    if (e === this.seqs.length) this.grow();
    this.seqs[e] = seq;
    // Native hex decoding: a JavaScript loop over 64 characters costs more than the call.
    this.hashBuffer.write(storedHash, 32 * e, 32, 'hex');
    if (storedPrevHash === PREV_IS_LAST) {
      for (let k = 0; k < 8; k++) this.prevHashWords[8 * e + k] = this.hashWords[8 * e - 8 + k]!;
    } else {
      this.prevHashBuffer.write(storedPrevHash, 32 * e, 32, 'hex');
    }
    if (mismatch !== undefined) this.mismatches.set(e, mismatch);
    if (signature !== undefined) {
      this.signatures ??= [];
      this.signatures[e] = signature;
    }
    if (checkpoint !== undefined) this.checkpoints.set(e, checkpoint);
    if (seq < this.lastAddedSeq) this.sorted = false;
    this.lastAddedSeq = seq;
    this.lastHash = storedHash;
    this.size = e + 1;
    return e;
  }

  hashHex(e: number): string {
    return hexOf(this.hashBytes, 32 * e);
  }

  prevHashHex(e: number): string {
    return hexOf(this.prevHashBytes, 32 * e);
  }

  signature(e: number): string | undefined {
    return this.signatures?.[e];
  }

  /** The content of `e` hashes to its stored hash. */
  isIntact(e: number): boolean {
    return this.mismatches.size === 0 || !this.mismatches.has(e);
  }

  /** `prevHash` of `e` is the `hash` of `p`. */
  linksTo(e: number, p: number): boolean {
    return sameWords(this.prevHashWords, 8 * e, this.hashWords, 8 * p);
  }

  prevHashIs(e: number, hex: string): boolean {
    return this.prevHashHex(e) === hex;
  }

  /** Identical copies: same stored hash, same content hash, same signature. */
  sameEntry(a: number, b: number): boolean {
    return (
      sameWords(this.hashWords, 8 * a, this.hashWords, 8 * b) &&
      this.mismatches.get(a) === this.mismatches.get(b) &&
      this.signature(a) === this.signature(b)
    );
  }

  /**
   * RFC 9162 Merkle Tree Hash (hex) over the hashes of entries `ids[from..to]` (inclusive), as
   * `merkleRoot` computes it, straight from the stored bytes. Checkpoints make this two SHA-256 per
   * record, of 33 and 65 bytes: ~300 ns a compression in WebAssembly, against ~650 ns of fixed cost
   * per native `crypto.hash` call.
   */
  merkleRoot(ids: Uint32Array, from: number, to: number): string {
    if (to < from) return hash('sha256', '', 'hex');
    return chainKernels().merkleRoot(this.hashWords, ids, from, to);
  }

  private grow(): void {
    const capacity = this.seqs.length * 2;
    this.seqs = grown(this.seqs, new Float64Array(capacity));
    this.signatureState = grown(this.signatureState, new Uint8Array(capacity));
    this.hashBytes = grown(this.hashBytes, new Uint8Array(32 * capacity));
    this.prevHashBytes = grown(this.prevHashBytes, new Uint8Array(32 * capacity));
    this.hashWords = new Int32Array(this.hashBytes.buffer);
    this.prevHashWords = new Int32Array(this.prevHashBytes.buffer);
    this.hashBuffer = Buffer.from(this.hashBytes.buffer);
    this.prevHashBuffer = Buffer.from(this.prevHashBytes.buffer);
  }
}

function grown<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function sameWords(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  for (let k = 0; k < 8; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

function hexOf(bytes: Uint8Array, at: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + at, 32).toString('hex');
}
