import { createHash, hash } from 'node:crypto';

/**
 * RFC 9162 §2.1.1 Merkle Tree Hash over chain record hashes (the leaves are the 32 raw digest bytes):
 * leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves splits at the
 * largest power of two smaller than n. The empty tree hashes to SHA-256("").
 */
export function merkleLeafHash(digest: Buffer): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, digest]), 'buffer');
}

export function merkleNodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** Merkle Tree Hash (hex) of a list of hex digests, exactly as RFC 9162 defines it recursively. */
export function merkleRoot(hashesHex: readonly string[]): string {
  if (hashesHex.length === 0) return createHash('sha256').digest('hex');
  const frontier = createMerkleFrontier();
  for (const h of hashesHex) frontier.add(h);
  return frontier.root();
}

/** One perfect subtree of the frontier: `size` leaves (a power of two) hashing to `hash` (hex). */
export interface MerkleSubtree {
  size: number;
  hash: string;
}

/**
 * An append-only Merkle accumulator that keeps only the O(log n) perfect subtrees on its right edge,
 * so a chain writer can persist it in its head file and resume a checkpoint range after a restart.
 * Its root equals RFC 9162's recursive definition: the largest-power-of-two split makes the left
 * part a perfect subtree, so the root folds the subtrees from the right.
 */
export interface MerkleFrontier {
  readonly size: number;
  add(digestHex: string): void;
  root(): string;
  toJSON(): MerkleSubtree[];
}

export function createMerkleFrontier(subtrees: readonly MerkleSubtree[] = []): MerkleFrontier {
  const stack: { size: number; hash: Buffer }[] = subtrees.map((s) => ({ size: s.size, hash: Buffer.from(s.hash, 'hex') }));
  let size = stack.reduce((n, s) => n + s.size, 0);
  return {
    get size() {
      return size;
    },
    add(digestHex) {
      let node = { size: 1, hash: merkleLeafHash(Buffer.from(digestHex, 'hex')) };
      // Merge equal-sized neighbours, like a binary counter.
      while (stack.length > 0 && stack[stack.length - 1]!.size === node.size) {
        const left = stack.pop()!;
        node = { size: left.size * 2, hash: merkleNodeHash(left.hash, node.hash) };
      }
      stack.push(node);
      size++;
    },
    root() {
      if (stack.length === 0) return createHash('sha256').digest('hex');
      let acc = stack[stack.length - 1]!.hash;
      for (let i = stack.length - 2; i >= 0; i--) acc = merkleNodeHash(stack[i]!.hash, acc);
      return acc.toString('hex');
    },
    toJSON() {
      return stack.map((s) => ({ size: s.size, hash: s.hash.toString('hex') }));
    },
  };
}
