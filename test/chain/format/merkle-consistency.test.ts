import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyProof, leafHash, treeHash, verifyConsistency } from '../../../src/chain/format/merkle.js';

// RFC 9162 §2.1.4.1 SUBPROOF, transcribed literally (recursive, over leaf hashes).
function subproof(m: number, leaves: Buffer[], whole: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return whole ? [] : [treeHash(leaves)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  if (m <= k) return [...subproof(m, leaves.slice(0, k), whole), treeHash(leaves.slice(k))];
  return [...subproof(m - k, leaves.slice(k), false), treeHash(leaves.slice(0, k))];
}

const leaves = Array.from({ length: 40 }, (_, i) => leafHash(createHash('sha256').update(String(i)).digest()));

describe('RFC 9162 consistency proofs', () => {
  it('match the recursive definition and verify, for every 0 < m < n ≤ 40', () => {
    for (let n = 2; n <= 40; n++) {
      const newRoot = treeHash(leaves, 0, n);
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(m, n, (a, b) => treeHash(leaves, a, b));
        expect(proof.map((p) => Buffer.from(p).toString('hex')), `${m}/${n}`).toEqual(subproof(m, leaves.slice(0, n), true).map((p) => p.toString('hex')));
        expect(verifyConsistency(m, n, treeHash(leaves, 0, m), newRoot, proof), `${m}/${n}`).toBe(true);
      }
    }
  });

  it('reject a forked older tree, a wrong newer root, a cut proof and swapped sizes', () => {
    const forked = [...leaves];
    forked[3] = leafHash(Buffer.alloc(32, 9));
    for (const [m, n] of [
      [5, 13],
      [8, 20],
      [1, 2],
      [7, 8],
    ] as const) {
      const proof = consistencyProof(m, n, (a, b) => treeHash(leaves, a, b));
      const oldRoot = treeHash(leaves, 0, m);
      const newRoot = treeHash(leaves, 0, n);
      expect(verifyConsistency(m, n, treeHash(forked, 0, m), newRoot, proof)).toBe(m <= 3);
      const forkedTail = [...leaves];
      forkedTail[n - 1] = leafHash(Buffer.alloc(32, 8));
      expect(verifyConsistency(m, n, oldRoot, treeHash(forkedTail, 0, n), proof)).toBe(false);
      expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(1))).toBe(false);
      expect(verifyConsistency(n, m, newRoot, oldRoot, proof)).toBe(false);
    }
    expect(verifyConsistency(4, 4, treeHash(leaves, 0, 4), treeHash(leaves, 0, 4), [])).toBe(true);
  });
});
