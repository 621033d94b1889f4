import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/chain/format/canonical-json.js';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { createChainVerifier, type VerifyChainResult, verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { rng } from '../support/prng.js';
import { buildChain, canonicalisable, chainOf, decision } from './chain-fixtures.js';

/**
 * The fast path (a writer-form line hashed as it is) must agree with the reference — `verifyChain`
 * on parsed records, which canonicalises each — on every line, canonical or not, intact or not.
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

/** The CLI's way: raw UTF-8 bytes (one per code unit) to the fast path, anything declined parsed. */
function viaBytes(lines: string[], printable: boolean): VerifyChainResult {
  const v = createChainVerifier();
  const text = lines.map((l) => Buffer.from(l, 'utf8').toString('latin1')).join('\n');
  let start = 0;
  for (const line of lines) {
    const end = start + Buffer.byteLength(line);
    const ascii = /^[\x20-\x7f]*$/.test(line);
    if (!v.addLine(text, printable && ascii ? 'printable-ascii' : 'utf8-bytes', start, end)) v.add(JSON.parse(line));
    start = end + 1;
  }
  return v.result();
}

/** The CLI's way since the WebAssembly scanner: a buffer of raw lines to addLines, anything declined parsed. */
function viaLines(lines: string[]): VerifyChainResult {
  const v = createChainVerifier();
  const seen = v.addLines(Buffer.from(lines.join('\n'), 'utf8'), (line) => v.add(JSON.parse(line)));
  expect(seen).toBe(lines.length);
  return v.result();
}

function viaText(lines: string[]): VerifyChainResult {
  const v = createChainVerifier();
  for (const line of lines) v.add(JSON.parse(line), undefined, line);
  return v.result();
}

describe('the fast path agrees with parse + canonicalise', () => {
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
          expect(viaText(lines)).toEqual(reference);
          expect(viaBytes(lines, false)).toEqual(reference);
          expect(viaBytes(lines, true)).toEqual(reference);
          expect(viaLines(lines)).toEqual(reference);
          // The writer's own lines take the fast path, unless JSON.stringify moved integer-like keys
          // (`{"":1,"0":2}` parses to an object that lists "0" first): those must not.
          for (const [i, record] of records.entries()) {
            if ((cases[i]?.[1] ?? { kind: 'canonical' }).kind !== 'canonical') continue;
            const { hash: _hash, signature: _signature, ...rest } = record;
            const canonical = JSON.stringify(rest) === canonicalize(rest);
            const bytes = Buffer.from(JSON.stringify(record), 'utf8').toString('latin1');
            expect(createChainVerifier().addLine(bytes, 'utf8-bytes')).toBe(canonical);
          }
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
    expect(viaBytes(lines, true)).toEqual(reference);
    expect(viaText(lines)).toEqual(reference);
    expect(viaLines(lines)).toEqual(reference);
  });

  it('a line crafted to look canonical but with a tampered field is still edited', () => {
    const records = buildChain(4, { checkpointEvery: 10 });
    const lines = records.map((r) => JSON.stringify(r));
    lines[1] = lines[1]!.replace('"question 1"', '"question 9"');
    lines[2] = lines[2]!.replace('"outputTokens":3', '"outputTokens":4');
    for (const result of [viaText(lines), viaBytes(lines, true), viaBytes(lines, false), viaLines(lines)]) {
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
        expect(viaText(ordered), name).toEqual(reference);
        expect(viaBytes(ordered, true), name).toEqual(reference);
        expect(viaBytes(ordered, false), name).toEqual(reference);
        expect(viaLines(ordered), name).toEqual(reference);
      }
    }
  });

  it('addLines: CRLF, trailing spaces, blank lines and a last line without newline change nothing', () => {
    const records = buildChain(6, { checkpointEvery: 4, final: true });
    const reference = verifyChain(records);
    expect(reference.ok).toBe(true);
    const text = `${records.map((r, i) => `${JSON.stringify(r)}${i % 2 ? ' \t\r' : '\r'}`).join('\n')}\n\n  \n${JSON.stringify(records[0])}`;
    const v = createChainVerifier();
    const declined: number[] = [];
    const count = v.addLines(Buffer.from(text), (line, index) => {
      declined.push(index);
      if (line.trim() !== '') v.add(JSON.parse(line));
    });
    expect(count).toBe(records.length + 3);
    expect(declined).toEqual([records.length, records.length + 1]); // only the blank lines
    expect(v.result()).toEqual(reference); // the repeated first record merged as an identical copy
  });

  it('a forger hashing non-canonical text is caught the same way as by a third party', () => {
    const records = buildChain(3);
    const { hash: _hash, ...rest } = records[2]!;
    // `12.50` for `12.5` and a space: same value, not the canonical text, hash computed over it.
    const body = JSON.stringify(rest).replace('"latencyMs":12.5', '"latencyMs": 12.50');
    const forged = `${body.slice(0, -1)},"hash":"${sha256(rest.prevHash + body)}"}`;
    const lines = [...records.slice(0, 2).map((r) => JSON.stringify(r)), forged];
    for (const result of [viaText(lines), viaBytes(lines, true), viaBytes(lines, false), viaLines(lines)]) {
      expect(result.problems.map((p) => `${p.kind}@${p.seq}`)).toEqual(['edited@2']);
    }
  });
});
