import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildChain } from './chain-fixtures.js';

/**
 * An auditor's verifier written from DESIGN.md §5 alone, sharing no code with the library: JSON with
 * recursively sorted keys is RFC 8785 for records without exotic numbers or keys.
 */
function auditorVerify(lines: string[], publicKeyPem?: string): string[] {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
        : v;
  const records = lines.map((l) => JSON.parse(l)).sort((a, b) => a.seq - b.seq);
  const errors: string[] = [];
  let prev = '0'.repeat(64);
  records.forEach((r, i) => {
    const { hash, signature, ...rest } = r;
    const expected = createHash('sha256').update(r.prevHash + JSON.stringify(sortKeys(rest)), 'utf8').digest('hex');
    if (r.seq !== i) errors.push(`gap before ${r.seq}`);
    if (hash !== expected) errors.push(`hash ${r.seq}`);
    if (r.prevHash !== prev) errors.push(`link ${r.seq}`);
    if (publicKeyPem) {
      const ok = verify(null, Buffer.from(hash, 'hex'), createPublicKey(publicKeyPem), Buffer.from(signature ?? '', 'base64'));
      if (!ok) errors.push(`signature ${r.seq}`);
    }
    prev = hash;
  });
  return errors;
}

describe('a third-party verifier from DESIGN.md §5', () => {
  it('agrees with the chain writer on hashes, links and signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const records = buildChain(25, {
      checkpointEvery: 7,
      final: true,
      signingKey: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    });
    const lines = records.map((r) => JSON.stringify(r));
    const publicPem = String(publicKey.export({ format: 'pem', type: 'spki' }));
    expect(auditorVerify(lines, publicPem)).toEqual([]);
    const tampered = [...lines];
    tampered[4] = tampered[4]!.replace('answer 4', 'answer X');
    expect(auditorVerify(tampered, publicPem)).toEqual(['hash 4']);
  });
});
