import { emptyTreeHash, leafHash, nodeHash } from '../format/merkle.js';
import type { ChainEntries } from './chain-entries.js';
import type { SeqGroups } from './seq-groups.js';

/**
 * The RFC 6962 Merkle tree over a chain's records in seq order (leaf i = the chosen record of seq
 * group i), with every perfect subtree's hash kept level by level — what Go's sumdb/tlog stores — so
 * the root of any prefix, or a consistency proof between two prefixes, costs O(log n) hashes.
 */
export class ChainTree {
  /** levels[l] holds the hashes of the perfect subtrees of 2^l leaves, 32 bytes each, left to right. */
  private readonly levels: Buffer[] = [];

  constructor(
    chain: ChainEntries,
    groups: SeqGroups,
    readonly size = groups.count,
  ) {
    const leaves = Buffer.alloc(32 * size);
    for (let g = 0; g < size; g++) leafHash(chain.hash(groups.chosen[g]!)).copy(leaves, 32 * g);
    this.levels.push(leaves);
    for (let width = size; width >= 2; width = Math.floor(width / 2)) {
      const below = this.levels[this.levels.length - 1]!;
      const level = Buffer.alloc(32 * Math.floor(width / 2));
      for (let i = 0; i + 1 < width; i += 2) nodeHash(below.subarray(32 * i, 32 * i + 32), below.subarray(32 * i + 32, 32 * i + 64)).copy(level, 16 * i);
      this.levels.push(level);
    }
  }

  /** RFC 9162 MTH of leaves `from..to` (exclusive end). */
  rangeHash(from: number, to: number): Buffer {
    const n = to - from;
    if (n === 0) return emptyTreeHash();
    const level = Math.log2(n);
    if (Number.isInteger(level) && from % n === 0) return this.levels[level]!.subarray(32 * (from / n), 32 * (from / n) + 32);
    let k = 1;
    while (k * 2 < n) k *= 2;
    return nodeHash(this.rangeHash(from, from + k), this.rangeHash(from + k, to));
  }
}
