import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { merkleRoot } from '../../src/chain/format/merkle.js';
import { computeRecordHash } from '../../src/chain/format/record-hash.js';
import { formatVerifierKey, signNote } from '../../src/chain/format/signed-note.js';
import { parseSigningKey } from '../../src/chain/format/signing-keys.js';
import { defaultCheckpointOrigin } from '../../src/chain/format/tlog-checkpoint.js';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import { buildChain, clone } from './chain-fixtures.js';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicPem: String(publicKey.export({ format: 'pem', type: 'spki' })),
    raw: publicKey.export({ format: 'der', type: 'spki' }).subarray(12),
  };
};
const a = pair();
const b = pair();
// 12 decisions, a checkpoint every 5: seqs 0-4, cp 5, 6-10, cp 11, 12-13, final cp 14.
const chain = buildChain(12, { checkpointEvery: 5, final: true, signingKey: a.privatePem });
const checkpoints = chain.filter((r) => r.checkpoint);
const kinds = (records: unknown[], options = {}) => verifyChain(records, options).problems.map((p) => `${p.kind}@${p.seq}`);

/** A note read with string operations only, as the contract describes it (no project code). */
function readNote(note: string) {
  const [text, sigs] = note.split('\n\n') as [string, string];
  const [origin, size, root] = text.split('\n') as [string, string, string];
  const [dash, name, sig] = sigs.trimEnd().split(' ') as [string, string, string];
  return { text: `${text}\n`, origin, size: Number(size), root: Buffer.from(root, 'base64'), dash, name, sig: Buffer.from(sig, 'base64') };
}

describe('checkpoint notes (C2SP tlog-checkpoint)', () => {
  it('the writer signs, in each checkpoint, the tree of every record hash from seq 0 up to the checkpoint', () => {
    expect(checkpoints.map((r) => r.seq)).toEqual([5, 11, 14]);
    for (const cp of checkpoints) {
      const n = readNote(cp.checkpoint!.note!);
      expect(n.origin).toBe('vaxelia-otel/vaxelia-chain/chain-a');
      expect(n.origin).toBe(defaultCheckpointOrigin('vaxelia-chain', 'chain-a'));
      expect(n.size).toBe(cp.checkpoint!.seq + 1);
      expect(n.root.toString('hex')).toBe(merkleRoot(chain.slice(0, n.size).map((r) => r.hash)));
      expect(n.dash).toBe('\u2014');
      expect(n.name).toBe(n.origin);
      // key ID = SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4]; then the Ed25519 signature over the text.
      const keyId = createHash('sha256').update(`${n.name}\n`).update(Buffer.from([1])).update(a.raw).digest().subarray(0, 4);
      expect(n.sig.subarray(0, 4)).toEqual(keyId);
      expect(verify(null, Buffer.from(n.text), createPublicKey(a.publicPem), n.sig.subarray(4))).toBe(true);
    }
    expect(formatVerifierKey('vaxelia-otel/vaxelia-chain/chain-a', createPublicKey(a.publicPem))).toBe(
      `vaxelia-otel/vaxelia-chain/chain-a+${readNote(checkpoints[0]!.checkpoint!.note!).sig.subarray(0, 4).toString('hex')}+${Buffer.concat([Buffer.from([1]), a.raw]).toString('base64')}`,
    );
  });

  it('no signing key, no note; a configured origin is used as origin and key name', () => {
    expect(buildChain(6, { checkpointEvery: 5 }).filter((r) => r.checkpoint).every((r) => r.checkpoint!.note === undefined)).toBe(true);
    const named = buildChain(6, { checkpointEvery: 5, signingKey: a.privatePem, checkpointOrigin: 'example.com/log42' });
    expect(readNote(named.find((r) => r.checkpoint)!.checkpoint!.note!).name).toBe('example.com/log42');
    expect(() => buildChain(1, { checkpointOrigin: 'has space' })).toThrow(/checkpointOrigin/);
  });

  it('verify checks the notes: intact, with the right key, counted in the summary', () => {
    const result = verifyChain(chain, { publicKey: a.publicPem });
    expect(result.problems).toEqual([]);
    expect(result.chains[0]!.notes).toBe(3);
    expect(kinds(chain, { publicKey: b.publicPem })).toEqual(expect.arrayContaining(['bad-signature@5', 'bad-signature@11', 'bad-signature@14']));
  });

  /** Replaces the note of the checkpoint at `at` and re-hashes that record and the ones after it. */
  function withNote(at: number, note: string): ChainedDecision[] {
    const out = chain.map(clone);
    out[at]!.checkpoint!.note = note;
    return rehash(out, at);
  }

  function rehash(out: ChainedDecision[], from: number): ChainedDecision[] {
    for (let i = from; i < out.length; i++) {
      if (i > 0) out[i]!.prevHash = out[i - 1]!.hash;
      const { hash: _h, signature: _s, ...rest } = out[i]!;
      const sorted = (v: unknown): unknown =>
        Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
      out[i]!.hash = createHash('sha256').update(out[i]!.prevHash + JSON.stringify(sorted(rest))).digest('hex');
      delete out[i]!.signature;
    }
    return out;
  }

  it('a note over another size or root, a malformed note, another origin, an inconsistent successor → bad-checkpoint', () => {
    const key = parseSigningKey(a.privatePem);
    const origin = 'vaxelia-otel/vaxelia-chain/chain-a';
    const root = (n: number) => Buffer.from(merkleRoot(chain.slice(0, n).map((r) => r.hash)), 'hex').toString('base64');
    const at = (records: ChainedDecision[], seq: number) =>
      verifyChain(records).problems.filter((p) => p.seq === seq).map((p) => `${p.kind}: ${p.detail}`);
    // The key holder signs a note that states the wrong size: caught against the records. (Changing
    // a note changes its record's hash, a leaf of every later tree: later notes disagree too.)
    expect(at(withNote(5, signNote(`${origin}\n4\n${root(4)}\n`, origin, key)), 5)).toEqual([
      'bad-checkpoint: note states tree size 4, the records up to seq 4 give 5',
    ]);
    // A root over other records (a fork) of the right size: caught, and not consistent with the next note.
    const fork = withNote(5, signNote(`${origin}\n5\n${Buffer.alloc(32, 1).toString('base64')}\n`, origin, key));
    expect(at(fork, 5)).toEqual(['bad-checkpoint: note root does not match the records up to seq 4']);
    expect(at(fork, 11)).toContain('bad-checkpoint: note is not consistent with the note at seq 5 (the older tree is not a prefix)');
    expect(at(withNote(11, 'not a note'), 11)).toEqual(['bad-checkpoint: note: note has no blank line before its signatures']);
    const other = 'example.com/other';
    const moved = withNote(11, signNote(`${other}\n11\n${root(11)}\n`, other, key));
    expect(at(moved, 11)).toEqual([`bad-checkpoint: note origin ${other} differs from ${origin} of the note at seq 5`]);
    // A forger without the key re-signs with theirs: only a verifier with the right key can tell.
    const resigned = chain.map(clone);
    resigned[11]!.checkpoint!.note = signNote(`${origin}\n11\n${root(11)}\n`, origin, parseSigningKey(b.privatePem));
    expect(kinds(rehash(resigned, 11).slice(0, 12))).toEqual([]);
    expect(kinds(rehash(resigned, 11).slice(0, 12), { publicKey: a.publicPem, signatures: 'checkpoints' })).toContain('bad-signature@11');
  });

  it('an edited record the writer signed over is caught by the notes too, even after re-hashing the chain', () => {
    const out = chain.map(clone);
    out[2]!.modelUsed = 'forged';
    // Re-hash everything and fix the checkpoint ranges as a forger would; the notes stay signed.
    const forged = rehash(out, 2);
    for (const r of forged) {
      if (!r.checkpoint) continue;
      r.checkpoint.hash = forged[r.checkpoint.seq]!.hash;
      r.checkpoint.merkleRoot = merkleRoot(forged.slice(r.checkpoint.firstSeq, r.checkpoint.seq + 1).map((x) => x.hash));
    }
    const fixed = rehash(forged, 2);
    const problems = kinds(fixed);
    expect(problems).toContain('bad-checkpoint@5');
    expect(problems.every((p) => p.startsWith('bad-checkpoint'))).toBe(true);
  });
});

describe('chain_skip records', () => {
  const skipRecord = (records: ChainedDecision[], at: number, fromSeq: number, toSeq: number): ChainedDecision[] => {
    // Seqs fromSeq..toSeq never held a record: the record at `at` explains them and links over them.
    const kept = records.filter((r) => r.seq < fromSeq || r.seq >= at).map(clone);
    const skip = kept.find((r) => r.seq === at)!;
    Object.assign(skip, { operation: 'chain_skip', skipped: { fromSeq, toSeq, reason: 'append failed: ENOSPC' } });
    delete skip.checkpoint;
    skip.prevHash = kept.find((r) => r.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
    const i = kept.indexOf(skip);
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    for (let k = i; k < kept.length; k++) {
      if (k > i) kept[k]!.prevHash = kept[k - 1]!.hash;
      const { hash: _h, signature: _s, ...rest } = kept[k]!;
      kept[k]!.hash = createHash('sha256').update(kept[k]!.prevHash + JSON.stringify(sorted(rest))).digest('hex');
    }
    return kept.filter((r) => !r.checkpoint);
  };
  const plain = buildChain(10, { checkpointEvery: 100 });

  it('seqs a chain_skip record explains are skipped notices, not gaps, and ok stays true', () => {
    const records = skipRecord(plain, 6, 3, 5);
    const result = verifyChain(records);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.notices).toEqual([
      { chainId: 'chain-a', seq: 3, toSeq: 5, kind: 'skipped', explainedBy: 6, detail: 'seqs 3..5 skipped: append failed: ENOSPC' },
    ]);
  });

  it('a skip at the start links to genesis; unexplained seqs around a skip are still gaps', () => {
    expect(verifyChain(skipRecord(plain, 2, 0, 1)).notices.map((n) => `${n.seq}..${n.toSeq}`)).toEqual(['0..1']);
    const records = skipRecord(plain, 6, 4, 5).filter((r) => r.seq !== 3);
    const result = verifyChain(records);
    expect(result.problems.map((p) => `${p.kind}@${p.seq}`)).toEqual(['gap@3']);
    expect(result.notices.map((n) => `${n.seq}..${n.toSeq}`)).toEqual(['4..5']);
  });

  it('a skip record does not hide deleted records that were linked (the link over the skip breaks)', () => {
    // The records 3..5 existed (7 links to 6, 6 to 5): claiming them skipped does not fit the chain.
    const deleted = plain.filter((r) => r.seq < 3 || r.seq > 5).map(clone);
    const forged = { ...clone(plain[6]!), operation: 'chain_skip', skipped: { fromSeq: 3, toSeq: 5, reason: 'forged' } };
    forged.hash = computeRecordHash(forged);
    const problems = verifyChain([...deleted.filter((r) => r.seq !== 6), forged]).problems.map((p) => `${p.kind}@${p.seq}`);
    expect(problems).toEqual(['broken-link@6', 'broken-link@7']);
  });
});
