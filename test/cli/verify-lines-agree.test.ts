import { createHash, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { parseSigningKey } from '../../src/chain/format/signing-keys.js';
import { createChainVerifier, type VerifyChainResult, verifyChain } from '../../src/chain/verify/verify-chain.js';
import { applyLineResults, readLines } from '../../src/cli/verify-lines.js';
import type { AIDecision } from '../../src/decision.js';
import { rng } from '../support/prng.js';
import { buildChain, canonicalisable, chainOf, decision } from '../chain/chain-fixtures.js';

/**
 * The CLI's way to read lines (`readLines`, run on the main thread or in worker threads) must agree
 * with the reference — `verifyChain` on parsed records — on every line, canonical or not, intact or
 * not, whether signatures are checked while reading or by the verifier.
 */


const arbDecision: fc.Arbitrary<AIDecision> = fc
  .record({
    i: fc.nat(1000),
    context: fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    model: fc.string({ unit: 'grapheme', maxLength: 8 }),
    latencyMs: fc.double({ noNaN: true, noDefaultInfinity: true }),
  })
  .filter(({ context }) => canonicalisable(context))
  .map(({ i, context, model, latencyMs }) => ({
    ...decision(i),
    modelUsed: `m/${model}\u00e9`,
    latencyMs,
    policyContext: context as AIDecision['policyContext'],
  }));

/**
 * Valid JSON of `value` that parses back to the same value but is usually not canonical: keys
 * shuffled, whitespace (never a newline: one record per line), `1.0` and exponents for numbers,
 * `\uXXXX` (either case) and `\/` escapes in strings.
 */
function reserialize(value: unknown, rand: () => number): string {
  const ws = () => (rand() < 0.15 ? [' ', '\t', '\r', '  '][Math.floor(rand() * 4)]! : '');
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    const r = rand();
    if (Number.isInteger(value) && Math.abs(value) < 1e15 && r < 0.3) return `${value}.0`;
    if (r > 0.8) return value.toExponential().replace('e+', rand() < 0.5 ? 'E' : 'e+');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return reserializeString(value, rand);
  if (Array.isArray(value)) return `[${ws()}${value.map((v) => reserialize(v, rand)).join(`${ws()},${ws()}`)}${ws()}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (rand() < 0.5) keys.sort(() => rand() - 0.5);
  const members = keys.map((k) => `${ws()}${reserializeString(k, rand)}${ws()}:${ws()}${reserialize(record[k], rand)}`);
  return `{${members.join(',')}${ws()}}`;
}

function reserializeString(text: string, rand: () => number): string {
  let out = '"';
  for (const ch of text) {
    const r = rand();
    if (r < 0.08) {
      for (let i = 0; i < ch.length; i++) {
        const hex = ch.charCodeAt(i).toString(16).padStart(4, '0');
        out += `\\u${rand() < 0.5 ? hex : hex.toUpperCase()}`;
      }
    } else if (ch === '/' && r < 0.5) {
      out += '\\/';
    } else {
      out += JSON.stringify(ch).slice(1, -1);
    }
  }
  return `${out}"`;
}

const EDITS: [string, string][] = [
  ['"question ', '"questiom '],
  ['"sys-1"', '"sys-2"'],
  ['"outputTokens":3', '"outputTokens":4'],
  ['"status":"completed"', '"status":"completeé"'],
];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type Variant =
  | { kind: 'canonical' }
  | { kind: 'reserialised'; seed: number }
  | { kind: 'edited'; at: number }
  | { kind: 'rehashed-non-canonical'; seed: number };

/** One line per record, as written, re-serialised, edited in place, or forged with a hash over non-canonical text. */
function lineOf(record: ChainedDecision, variant: Variant): string {
  const line = JSON.stringify(record);
  switch (variant.kind) {
    case 'canonical':
      return line;
    case 'reserialised':
      return reserialize(JSON.parse(line), rng(variant.seed));
    case 'edited': {
      // The canonical text edited so that it stays canonical: only the hash can tell.
      const [from, to] = EDITS[variant.at % EDITS.length]!;
      return line.replace(from, to);
    }
    case 'rehashed-non-canonical': {
      const { hash: _hash, signature: _signature, ...rest } = record;
      const body = reserialize(rest, rng(variant.seed));
      return `${body.trimEnd().slice(0, -1)},"hash":"${sha256(record.prevHash + body)}"}`;
    }
  }
}

const arbVariant: fc.Arbitrary<Variant> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'canonical' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reserialised' as const), seed: fc.integer() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edited' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rehashed-non-canonical' as const), seed: fc.integer() }) },
);

/** The CLI's way: the lines as one text to `readLines`, the results handed to a verifier. */
function viaLines(lines: string[], ending = '\n'): VerifyChainResult {
  const v = createChainVerifier();
  applyLineResults(readLines(lines.join(ending), 1), v);
  return v.result();
}

describe('readLines agrees with parse + verifyChain', () => {
  it('on random records and random re-serialisations, edits and forgeries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbDecision, arbVariant), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (cases, reversed) => {
          const records = chainOf(cases.map(([d]) => d), { checkpointEvery: 3 });
          const lines = records.map((r, i) => lineOf(r, cases[i]?.[1] ?? { kind: 'canonical' }));
          if (reversed) lines.reverse();
          const reference = verifyChain(lines.map((l) => JSON.parse(l)));
          expect(viaLines(lines)).toEqual(reference);
          expect(viaLines(lines, '\r\n')).toEqual(reference);
          // And the reference does see the edits (checkpoint records have nothing to edit).
          for (const [i, record] of records.entries()) {
            const variant = cases[i]?.[1];
            if (variant?.kind !== 'edited' || lineOf(record, variant) === JSON.stringify(record)) continue;
            expect(reference.problems).toContainEqual(expect.objectContaining({ seq: record.seq, kind: 'edited' }));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('with signatures, and with duplicates that differ only in form', () => {
    const records = chainOf(
      Array.from({ length: 8 }, (_, i) => decision(i, { modelUsed: `modèle "${i}"\n` })),
      { checkpointEvery: 3, signingKey: Buffer.alloc(32, 3).toString('base64') },
    );
    const canonical = records.map((r) => JSON.stringify(r));
    const lines = [...canonical, ...records.map((r, i) => reserialize(JSON.parse(JSON.stringify(r)), rng(i)))];
    const reference = verifyChain(lines.map((l) => JSON.parse(l)));
    expect(reference.ok).toBe(true);
    expect(reference.count).toBe(records.length);
    expect(viaLines(lines)).toEqual(reference);
    // Signatures checked while reading (as the worker threads do) or by the verifier: same result.
    const publicKey = createPublicKey(parseSigningKey(Buffer.alloc(32, 3).toString('base64')));
    const withKey = verifyChain(lines.map((l) => JSON.parse(l)), { publicKey });
    expect(withKey.ok).toBe(true);
    const v = createChainVerifier({ publicKey });
    applyLineResults(readLines(lines.join('\n'), 1, { publicKey, all: true }), v);
    expect(v.result()).toEqual(withKey);
    const forged = [...lines];
    forged[2] = forged[2]!.replace(/"signature":"[^"]+"/, `"signature":"${Buffer.alloc(64, 7).toString('base64')}"`);
    const forgedReference = verifyChain(forged.map((l) => JSON.parse(l)), { publicKey });
    expect(forgedReference.problems.map((p) => p.kind)).toContain('bad-signature');
    const w = createChainVerifier({ publicKey });
    applyLineResults(readLines(forged.join('\n'), 1, { publicKey, all: true }), w);
    expect(w.result()).toEqual(forgedReference);
  });

  it('a line crafted to look canonical but with a tampered field is still edited', () => {
    const records = buildChain(4, { checkpointEvery: 10 });
    const lines = records.map((r) => JSON.stringify(r));
    lines[1] = lines[1]!.replace('"question 1"', '"question 9"');
    lines[2] = lines[2]!.replace('"outputTokens":3', '"outputTokens":4');
    for (const result of [viaLines(lines), viaLines(lines, '\r\n')]) {
      expect(result.problems.map((p) => `${p.kind}@${p.seq}`)).toEqual(['edited@1', 'edited@2']);
    }
  });

  it('a prevHash that is not the last hash, not hex or escaped is judged as the reference does, in order or not', () => {
    const records = buildChain(5, { checkpointEvery: 10 });
    const prev = records[3]!.prevHash;
    const edits: [string, string][] = [
      ['not hex', 'x'.repeat(64)],
      ['uppercase hex', prev.toUpperCase()],
      ['an escape in 64 characters', `\\u0061${prev.slice(6)}`],
      ['one digit changed', `${prev.slice(0, 63)}${prev.endsWith('0') ? '1' : '0'}`],
      ['the hash of an earlier record', records[1]!.hash],
    ];
    for (const [name, replacement] of edits) {
      const lines = records.map((r) => JSON.stringify(r));
      lines[3] = lines[3]!.replace(`"prevHash":"${prev}"`, `"prevHash":"${replacement}"`);
      for (const ordered of [lines, [...lines].reverse()]) {
        const reference = verifyChain(ordered.map((l) => JSON.parse(l)));
        expect(reference.ok, name).toBe(false);
        expect(viaLines(ordered), name).toEqual(reference);
      }
    }
  });

  it('CRLF, trailing spaces, blank lines and a last line without newline change nothing', () => {
    const records = buildChain(6, { checkpointEvery: 4, final: true });
    const reference = verifyChain(records);
    expect(reference.ok).toBe(true);
    const text = `${records.map((r, i) => `${JSON.stringify(r)}${i % 2 ? ' \t\r' : '\r'}`).join('\n')}\n\n  \n${JSON.stringify(records[0])}`;
    const v = createChainVerifier();
    const results = readLines(text, 1);
    expect(results).toHaveLength(records.length + 1); // blank lines give nothing
    applyLineResults(results, v);
    expect(v.result()).toEqual(reference); // the repeated first record merged as an identical copy
  });

  it('a forger hashing non-canonical text is caught the same way as by a third party', () => {
    const records = buildChain(3);
    const { hash: _hash, ...rest } = records[2]!;
    // `12.50` for `12.5` and a space: same value, not the canonical text, hash computed over it.
    const body = JSON.stringify(rest).replace('"latencyMs":12.5', '"latencyMs": 12.50');
    const forged = `${body.slice(0, -1)},"hash":"${sha256(rest.prevHash + body)}"}`;
    const lines = [...records.slice(0, 2).map((r) => JSON.stringify(r)), forged];
    for (const result of [viaLines(lines), viaLines(lines, '\r\n')]) {
      expect(result.problems.map((p) => `${p.kind}@${p.seq}`)).toEqual(['edited@2']);
    }
  });
});
