import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMerkleFrontier, merkleRoot } from '../../src/chain/format/merkle.js';

// RFC 9162 §2.1.1, transcribed literally.
function mth(leaves: Buffer[]): Buffer {
  const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const digest = (i: number) => createHash('sha256').update(String(i)).digest('hex');

describe('merkleRoot (RFC 9162)', () => {
  it('matches the recursive definition for 0..70 leaves', () => {
    for (let n = 0; n <= 70; n++) {
      const hashes = Array.from({ length: n }, (_, i) => digest(i));
      expect(merkleRoot(hashes), `n=${n}`).toBe(mth(hashes.map((h) => Buffer.from(h, 'hex'))).toString('hex'));
    }
  });

  it('resumes from a persisted frontier', () => {
    const a = createMerkleFrontier();
    for (let i = 0; i < 13; i++) a.add(digest(i));
    const b = createMerkleFrontier(JSON.parse(JSON.stringify(a.toJSON())));
    for (let i = 13; i < 29; i++) {
      a.add(digest(i));
      b.add(digest(i));
    }
    expect(b.size).toBe(29);
    expect(b.root()).toBe(a.root());
    expect(b.root()).toBe(merkleRoot(Array.from({ length: 29 }, (_, i) => digest(i))));
  });
});
