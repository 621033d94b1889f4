import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { merkleRoot } from '../../src/chain/format/merkle.js';
import { computeRecordHash } from '../../src/chain/format/record-hash.js';
import { parseSigningKey, signDigest } from '../../src/chain/format/signing-keys.js';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import { buildChain, clone } from './chain-fixtures.js';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicPem: String(publicKey.export({ format: 'pem', type: 'spki' })),
  };
};

// 12 decisions, a checkpoint every 5: seqs 0-4, cp 5, 6-10, cp 11, 12-13, final cp 14.
const base = buildChain(12, { checkpointEvery: 5, final: true });
const kinds = (records: unknown[], options = {}) =>
  verifyChain(records, options).problems.map((p) => `${p.kind}@${p.seq}`);

/** What a forger without the key can do: rewrite a record and re-hash it and everything after it. */
function rehashFrom(records: ChainedDecision[], fromSeq: number, options: { checkpoints?: boolean } = {}): ChainedDecision[] {
  const out = records.map(clone);
  for (let i = fromSeq; i < out.length; i++) {
    if (i > 0) out[i]!.prevHash = out[i - 1]!.hash;
    const cp = out[i]!.checkpoint;
    if (cp && options.checkpoints) {
      // A forger without the signing key cannot sign notes over the new tree: drops them.
      delete cp.note;
      cp.hash = out[cp.seq]!.hash;
      cp.merkleRoot = merkleRoot(out.slice(cp.firstSeq, cp.seq + 1).map((r) => r.hash));
    }
    out[i]!.hash = computeRecordHash(out[i]!);
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an intact chain and summarises it', () => {
    expect(base.map((r) => r.seq)).toEqual([...Array(15).keys()]);
    const result = verifyChain(base);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.count).toBe(15);
    expect(result.chains).toHaveLength(1);
    const [chain] = result.chains;
    expect(chain).toMatchObject({ chainId: 'chain-a', count: 15, firstSeq: 0, lastSeq: 14, head: base[14]!.hash, sealed: true });
    expect(chain!.lastCheckpoint).toMatchObject({ at: 14, seq: 13, firstSeq: 11, count: 3, final: true });
    expect(chain!.uncheckpointed).toBe(0);
  });

  it('accepts records in any order and merges identical copies', () => {
    const shuffled = [...base].reverse();
    shuffled.splice(3, 0, clone(base[7]!));
    const result = verifyChain(shuffled);
    expect(result.problems).toEqual([]);
    expect(result.count).toBe(15);
  });

  it('edit a field → edited at that seq only', () => {
    const t = base.map(clone);
    (t[3]!.output.messages[0]!.parts[0] as { content: string }).content = 'a different answer';
    expect(kinds(t)).toEqual(['edited@3']);
  });

  it('edit and re-hash one record → broken link after it, and the checkpoint disagrees', () => {
    const t = base.map(clone);
    t[3]!.modelUsed = 'other-model';
    t[3]!.hash = computeRecordHash(t[3]!);
    expect(kinds(t)).toEqual(['broken-link@4', 'bad-checkpoint@5']);
  });

  it('delete a record → gap', () => {
    expect(kinds(base.filter((r) => r.seq !== 7))).toEqual(['gap@7']);
    expect(verifyChain(base.filter((r) => r.seq < 3 || r.seq > 6)).problems[0]).toMatchObject({
      kind: 'gap',
      seq: 3,
      detail: 'seqs 3..6 missing',
    });
  });

  it('insert a forged but well-linked record → duplicate', () => {
    const forged = clone(base[7]!);
    forged.modelUsed = 'forged';
    forged.hash = computeRecordHash(forged);
    expect(kinds([forged, ...base])).toEqual(['duplicate@7']);
    expect(kinds([...base, forged])).toEqual(['duplicate@7']);
  });

  it('insert by renumbering the rest → every shifted record is edited', () => {
    const t = base.map(clone);
    for (const r of t) if (r.seq >= 13) r.seq++;
    expect(kinds(t)).toEqual(['gap@13', 'edited@14', 'edited@15']);
  });

  it('swap two lines → fine; swap two positions → reordered', () => {
    const lines = [...base];
    [lines[2], lines[9]] = [lines[9]!, lines[2]!];
    expect(kinds(lines)).toEqual([]);

    const t = base.map(clone);
    [t[2]!.seq, t[3]!.seq] = [3, 2];
    expect(kinds(t)).toEqual(['edited@2', 'reordered@2', 'edited@3', 'reordered@3', 'reordered@4', 'bad-checkpoint@5']);
  });

  it('truncate the tail after a checkpoint → truncated, given the head it reached or a seal requirement', () => {
    const cut = base.filter((r) => r.seq <= 12);
    expect(kinds(cut)).toEqual([]); // a backward-linked chain cannot show a cut tail on its own
    const expectedHeads = [{ chainId: 'chain-a', seq: 14, hash: base[14]!.hash }];
    expect(verifyChain(cut, { expectedHeads }).problems).toEqual([
      { chainId: 'chain-a', seq: 13, kind: 'truncated', detail: 'chain ends at seq 12, its head was seq 14' },
    ]);
    expect(kinds(cut, { requireSealed: true })).toEqual(['truncated@13']);
    expect(kinds(base, { expectedHeads, requireSealed: true })).toEqual([]);
    expect(verifyChain(cut, { expectedHeads: [{ chainId: 'chain-b', seq: 0, hash: base[0]!.hash }] }).ok).toBe(false);
  });

  it('a forged head → head-mismatch', () => {
    const expectedHeads = [{ chainId: 'chain-a', seq: 14, hash: base[13]!.hash }];
    expect(kinds(base, { expectedHeads })).toEqual(['head-mismatch@14']);
  });

  it('a rewritten checkpoint → bad-checkpoint', () => {
    const t = base.map(clone);
    t[11]!.checkpoint!.merkleRoot = '0'.repeat(64);
    expect(kinds(rehashFrom(t, 11))).toEqual(['bad-checkpoint@11', 'bad-checkpoint@14']);
    const u = base.map(clone);
    u[5]!.checkpoint!.count = 4;
    expect(kinds(rehashFrom(u, 5))).toEqual(['bad-checkpoint@5', 'bad-checkpoint@11', 'bad-checkpoint@14']);
    const v = base.map(clone);
    v[11]!.checkpoint!.hash = base[9]!.hash;
    expect(kinds(rehashFrom(v, 11))).toEqual(['bad-checkpoint@11', 'bad-checkpoint@14']);
  });

  it('a link that does not start from genesis → broken-link@0', () => {
    const t = base.map(clone);
    t[0]!.prevHash = 'f'.repeat(64);
    expect(kinds(rehashFrom(t, 0))).toEqual(['broken-link@0', 'bad-checkpoint@5', 'bad-checkpoint@11', 'bad-checkpoint@14']);
  });

  it('reports records that are not chained as malformed', () => {
    const result = verifyChain([...base, { hello: 1 }, 42, { chainId: 'x', seq: 'a' }, { ...base[0], hash: 'XYZ' }]);
    expect(result.problems.map((p) => p.kind)).toEqual(['malformed', 'malformed', 'malformed', 'malformed']);
  });

  it('keeps several chains apart', () => {
    const other = buildChain(3, { chainId: 'chain-b' });
    const mixed = [...base, ...other].sort(() => 0.5 - Math.random());
    const result = verifyChain(mixed);
    expect(result.ok).toBe(true);
    expect(result.chains.map((c) => [c.chainId, c.count, c.sealed])).toEqual([
      ['chain-a', 15, true],
      ['chain-b', 3, false],
    ]);
    expect(result.chains[1]!.uncheckpointed).toBe(3);
  });

  describe('signatures', () => {
    const a = pair();
    const b = pair();
    const signed = buildChain(12, { checkpointEvery: 5, final: true, signingKey: a.privatePem });

    it('verifies with the right key in both modes, and records carry base64 signatures', () => {
      expect(signed.every((r) => typeof r.signature === 'string' && Buffer.from(r.signature, 'base64').length === 64)).toBe(true);
      expect(kinds(signed, { publicKey: a.publicPem })).toEqual([]);
      expect(kinds(signed, { publicKey: a.publicPem, signatures: 'checkpoints' })).toEqual([]);
    });

    it('re-sign with another key → bad-signature', () => {
      const key = parseSigningKey(b.privatePem);
      const t = signed.map(clone);
      t[4]!.signature = signDigest(t[4]!.hash, key);
      expect(kinds(t, { publicKey: a.publicPem })).toEqual(['bad-signature@4']);
      const all = rehashFrom(
        signed.map((r) => (r.seq === 3 ? { ...clone(r), modelUsed: 'forged' } : clone(r))),
        3,
        { checkpoints: true },
      ).map((r) => ({ ...r, signature: signDigest(r.hash, key) }));
      expect(kinds(all)).toEqual([]); // consistent to anyone without the public key…
      expect(verifyChain(all, { publicKey: a.publicPem }).problems.every((p) => p.kind === 'bad-signature')).toBe(true);
      // …and the fast mode catches it at the checkpoints and the tail.
      expect(verifyChain(all, { publicKey: a.publicPem, signatures: 'checkpoints' }).ok).toBe(false);
    });

    it('strip a signature → missing-signature', () => {
      const t = signed.map(clone);
      delete t[6]!.signature;
      expect(kinds(t, { publicKey: a.publicPem })).toEqual(['missing-signature@6']);
      // Covered by a signed checkpoint: the fast mode accepts it, the chain authenticates it.
      expect(kinds(t, { publicKey: a.publicPem, signatures: 'checkpoints' })).toEqual([]);
      expect(kinds(buildChain(2), { publicKey: a.publicPem })).toEqual(['missing-signature@0', 'missing-signature@1']);
    });
  });
});
