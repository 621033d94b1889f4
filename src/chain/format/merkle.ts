import { createHash, hash } from 'node:crypto';

// The hot path works on hex strings in scratch buffers: `crypto.hash` returning 'hex' is several
// times cheaper than returning a Buffer.
const leafScratch = Buffer.alloc(33);
const nodeScratch = Buffer.alloc(65);

function leafHex(digestHex: string): string {
  leafScratch[0] = 0;
  leafScratch.write(digestHex, 1, 32, 'hex');
  return hash('sha256', leafScratch, 'hex');
}

function nodeHex(leftHex: string, rightHex: string): string {
  nodeScratch[0] = 1;
  nodeScratch.write(leftHex, 1, 32, 'hex');
  nodeScratch.write(rightHex, 33, 32, 'hex');
  return hash('sha256', nodeScratch, 'hex');
}

/**
 * RFC 9162 §2.1.1 Merkle Tree Hash over chain record hashes (the leaves are the 32 raw digest bytes):
 * leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves splits at the
 * largest power of two smaller than n. The empty tree hashes to SHA-256("").
 */
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
  const stack: MerkleSubtree[] = subtrees.map((t) => ({ size: t.size, hash: t.hash }));
  let size = stack.reduce((n, t) => n + t.size, 0);
  return {
    get size() {
      return size;
    },
    add(digestHex) {
      let node: MerkleSubtree = { size: 1, hash: leafHex(digestHex) };
      // Merge equal-sized neighbours, like a binary counter.
      while (stack.length > 0 && stack[stack.length - 1]!.size === node.size) {
        const left = stack.pop()!;
        node = { size: left.size * 2, hash: nodeHex(left.hash, node.hash) };
      }
      stack.push(node);
      size++;
    },
    root() {
      if (stack.length === 0) return createHash('sha256').digest('hex');
      let acc = stack[stack.length - 1]!.hash;
      for (let i = stack.length - 2; i >= 0; i--) acc = nodeHex(stack[i]!.hash, acc);
      return acc;
    },
    toJSON() {
      return stack.map((t) => ({ size: t.size, hash: t.hash }));
    },
  };
}
