import { hash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 §2.1 Merkle trees over chain record hashes. A leaf is the 32 raw bytes of a
 * record hash; leaf hash = SHA-256(0x00 ‖ bytes), node hash = SHA-256(0x01 ‖ left ‖ right), and a
 * tree of n leaves splits at the largest power of two smaller than n. The empty tree hashes to
 * SHA-256(""). Every hash comes from node:crypto; this file only arranges them, as Go's
 * golang.org/x/mod/sumdb/tlog does.
 */

// The hashed input is assembled in a reused scratch buffer: a verifier hashes two nodes per record,
// and a fresh Buffer.concat for each was a measurable share of its time.
const leafInput = Buffer.alloc(33);
const nodeInput = Buffer.alloc(65);

/** SHA-256(0x00 ‖ record hash bytes). */
export function leafHash(recordHash: Uint8Array): Buffer {
  if (recordHash.length !== 32) throw new RangeError('a leaf is a 32-byte record hash');
  leafInput[0] = 0x00;
  leafInput.set(recordHash, 1);
  return hash('sha256', leafInput, 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeInput[0] = 0x01;
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return hash('sha256', nodeInput, 'buffer');
}

/** The hash of the empty tree, SHA-256 of no bytes. */
export function emptyTreeHash(): Buffer {
  return hash('sha256', Buffer.alloc(0), 'buffer');
}

/** Largest power of two strictly smaller than `n` (n ≥ 2): where RFC 9162 splits a tree. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 MTH over `leafHashes[from..to)` (leaf hashes, already prefixed and hashed). */
export function treeHash(leafHashes: readonly Uint8Array[], from = 0, to = leafHashes.length): Buffer {
  const n = to - from;
  if (n === 0) return emptyTreeHash();
  if (n === 1) return Buffer.from(leafHashes[from]!);
  const k = splitPoint(n);
  return nodeHash(treeHash(leafHashes, from, from + k), treeHash(leafHashes, from + k, to));
}

/** The Merkle Tree Hash (hex) over record hashes given as hex, in order. */
export function merkleRoot(hashesHex: readonly string[]): string {
  return treeHash(hashesHex.map((h) => leafHash(Buffer.from(h, 'hex')))).toString('hex');
}

/**
 * RFC 9162 §2.1.4.1: the consistency proof that the tree of the first `m` leaves is a prefix of the
 * tree of the first `n` leaves (0 < m < n). `subtreeHash(from, to)` gives the MTH of leaves
 * `from..to` (exclusive end), e.g. `(a, b) => treeHash(leafHashes, a, b)`.
 */
export function consistencyProof(m: number, n: number, subtreeHash: (from: number, to: number) => Uint8Array): Uint8Array[] {
  if (!(0 < m && m < n)) throw new RangeError(`no consistency proof for sizes ${m} and ${n}`);
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[from:to], b), unrolled top-down: the sibling found at each level goes before the
  // ones found above it, as the recursion's `SUBPROOF(...) : MTH(...)` orders them.
  let from = 0;
  let to = n;
  let whole = true;
  let rest = m;
  while (rest !== to - from) {
    const k = splitPoint(to - from);
    if (rest <= k) {
      proof.unshift(subtreeHash(from + k, to));
      to = from + k;
    } else {
      proof.unshift(subtreeHash(from, from + k));
      from += k;
      rest -= k;
      whole = false;
    }
  }
  if (!whole) proof.unshift(subtreeHash(from, to));
  return proof;
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of size `m` with root `oldRoot` is a prefix
 * of the tree of size `n` with root `newRoot`.
 */
export function verifyConsistency(m: number, n: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (m === n) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  if (m === 0) return proof.length === 0;
  if (m > n || proof.length === 0) return false;
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(fr).equals(oldRoot) && Buffer.from(sr).equals(newRoot);
}

function isPowerOfTwo(x: number): boolean {
  return x > 0 && (x & (x - 1)) === 0;
}

/** One perfect subtree of the frontier: `size` leaves (a power of two) hashing to `hash` (hex). */
export interface MerkleSubtree {
  size: number;
  hash: string;
}

/**
 * An append-only Merkle accumulator that keeps only the O(log n) perfect subtrees on its right edge,
 * so a chain writer can persist it in its head file and continue a tree after a restart. Its root
 * equals RFC 9162's recursive definition: the largest-power-of-two split makes the left part a
 * perfect subtree, so the root folds the subtrees from the right.
 */
export interface MerkleFrontier {
  readonly size: number;
  add(digestHex: string): void;
  root(): string;
  toJSON(): MerkleSubtree[];
}

export function createMerkleFrontier(subtrees: readonly MerkleSubtree[] = []): MerkleFrontier {
  const stack: { size: number; hash: Buffer }[] = subtrees.map((t) => ({ size: t.size, hash: Buffer.from(t.hash, 'hex') }));
  let size = stack.reduce((n, t) => n + t.size, 0);
  return {
    get size() {
      return size;
    },
    add(digestHex) {
      let node = { size: 1, hash: leafHash(Buffer.from(digestHex, 'hex')) };
      // Merge equal-sized neighbours, like a binary counter.
      while (stack.length > 0 && stack[stack.length - 1]!.size === node.size) {
        const left = stack.pop()!;
        node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
      }
      stack.push(node);
      size++;
    },
    root() {
      if (stack.length === 0) return emptyTreeHash().toString('hex');
      let acc = stack[stack.length - 1]!.hash;
      for (let i = stack.length - 2; i >= 0; i--) acc = nodeHash(stack[i]!.hash, acc);
      return acc.toString('hex');
    },
    toJSON() {
      return stack.map((t) => ({ size: t.size, hash: t.hash.toString('hex') }));
    },
  };
}
