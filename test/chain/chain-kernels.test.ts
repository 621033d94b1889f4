import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without declarations
import { buildWasmModule, wasmModules } from '../../scripts/build-wasm.mjs';
import { merkleRoot } from '../../src/chain/format/merkle.js';
import { ChainKernels } from '../../src/chain/wasm/chain-kernels.js';
import * as slots from '../../src/chain/wasm/chain-kernels.js';
import { scanWriterLine, type WriterLine } from '../../src/chain/verify/writer-line.js';
import { buildChain, chainOf, decision } from './chain-fixtures.js';
import { rng } from '../support/prng.js';

const digest = (i: number) => createHash('sha256').update(`leaf ${i}`).digest('hex');

/** Digests as the verifier stores them: 8 words per digest over its 32 bytes, in memory order. */
function digestWords(hexes: readonly string[]): Int32Array {
  const bytes = Buffer.concat(hexes.map((h) => Buffer.from(h, 'hex')));
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

const identity = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('chain kernels (WebAssembly)', () => {
  it('are what chain-kernels.wat compiles to (run node scripts/build-wasm.mjs after editing it)', async () => {
    const committed = readFileSync(new URL('../../src/chain/wasm/chain-kernels-binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await buildWasmModule(wasmModules[0]));
  });

  it('Merkle root equals the node:crypto implementation for 1..70 leaves and across batches', () => {
    const kernels = new ChainKernels();
    for (const n of [...Array.from({ length: 70 }, (_, i) => i + 1), 1000, 1023, 1024, 1025, 4095, 4096, 4097, 9001]) {
      const hexes = Array.from({ length: n }, (_, i) => digest(i));
      expect(kernels.merkleRoot(digestWords(hexes), identity(n), 0, n - 1), `n=${n}`).toBe(merkleRoot(hexes));
    }
  });

  it('Merkle root over a range of entries picked by id, in the order given', () => {
    const kernels = new ChainKernels();
    const random = rng(7);
    const hexes = Array.from({ length: 300 }, (_, i) => digest(i));
    const ids = identity(300).sort(() => random() - 0.5);
    for (const [from, to] of [
      [0, 299],
      [17, 17],
      [5, 260],
    ] as const) {
      const picked = Array.from(ids.subarray(from, to + 1), (id) => hexes[id]!);
      expect(kernels.merkleRoot(digestWords(hexes), ids, from, to)).toBe(merkleRoot(picked));
    }
  });

  it('grow their memory for large lines and still hash right afterwards', () => {
    const kernels = new ChainKernels();
    const [record] = buildChain(1);
    const big = Buffer.from(`${JSON.stringify({ ...record, modelUsed: 'm'.repeat(3 << 20) })}\n`.repeat(2));
    expect(scan(kernels, big.toString('latin1').split('\n')[0]!)?.seq).toBe(0); // 3 MiB: the hash no longer matches, but the form is the writer's
    kernels.loadLines(big);
    expect(kernels.scanLine(0, big.indexOf(0x0a))).toBe(true);
    const hexes = Array.from({ length: 5000 }, (_, i) => digest(i));
    expect(kernels.merkleRoot(digestWords(hexes), identity(5000), 0, 4999)).toBe(merkleRoot(hexes));
  });
});

/** What the WebAssembly scanner finds on one line (UTF-8 bytes as latin1 text), in scanWriterLine's terms. */
function scan(kernels: ChainKernels, bytesText: string): WriterLine | undefined {
  const bytes = Buffer.from(bytesText, 'latin1');
  kernels.loadLines(bytes);
  if (!kernels.scanLine(0, bytes.length)) return undefined;
  const at = (slot: number) => kernels.found(slot);
  const text = (from: number, to: number) => (from < 0 ? undefined : bytesText.slice(from, to));
  const checkpointAt = at(slots.FOUND_CHECKPOINT);
  const checkpoint = checkpointAt < 0 ? undefined : JSON.parse(Buffer.from(bytesText.slice(checkpointAt, at(slots.FOUND_CHECKPOINT_END)), 'latin1').toString('utf8'));
  return {
    bodyEnd: at(slots.FOUND_BODY_END),
    chainId: text(at(slots.FOUND_CHAIN_ID), at(slots.FOUND_CHAIN_ID_END))!,
    seq: kernels.foundSeq(),
    hashAt: at(slots.FOUND_HASH),
    prevHashAt: at(slots.FOUND_PREV_HASH),
    signature: text(at(slots.FOUND_SIGNATURE), at(slots.FOUND_SIGNATURE_END)),
    decidedAt: text(at(slots.FOUND_DECIDED_AT), at(slots.FOUND_DECIDED_AT_END)),
    operation: undefined,
    checkpoint,
  };
}

/** A copy of `line` with one random edit: a character replaced, inserted or removed, or two swapped. */
function mutate(line: string, random: () => number): string {
  const at = Math.floor(random() * line.length);
  // Bytes (the line is UTF-8 bytes as latin1 text): structure, number and literal characters, escapes, controls.
  const pool = '"\\{}[],:0123456789.-+eEtrufalsn \u00e9\t\u0001\u007faz';
  const char = () => (random() < 0.1 ? String.fromCharCode(0x80 + Math.floor(random() * 0x80)) : pool[Math.floor(random() * pool.length)]!);
  switch (Math.floor(random() * 4)) {
    case 0:
      return line.slice(0, at) + char() + line.slice(at + 1);
    case 1:
      return line.slice(0, at) + char() + line.slice(at);
    case 2:
      return line.slice(0, at) + line.slice(at + 1);
    default:
      return line.slice(0, at) + line[at + 1] + line[at] + line.slice(at + 2);
  }
}

describe('scanLine (WebAssembly) against scanWriterLine (JavaScript)', () => {
  const records = [
    ...buildChain(12, { checkpointEvery: 5, final: true, signingKey: Buffer.alloc(32, 5).toString('base64') }),
    ...chainOf([
      decision(1, { modelUsed: 'modèle 😀 "quoted" \\ \n\t\u0001\u007f\u2028 €' }),
      decision(2, { policyContext: { nested: [[], {}, [1, -2.5, 0.000001, 1e21, 123456789012345, true, false, null]], 'ключ': 'значение', 'a"b': 1 } as never }),
      decision(3, { latencyMs: 1e-7 }),
    ]),
  ];
  const lines = records.map((r) => Buffer.from(JSON.stringify(r), 'utf8').toString('latin1'));

  it('accepts the writer lines writer-line.ts accepts, with the same fields', () => {
    const kernels = new ChainKernels();
    let accepted = 0;
    for (const line of lines) {
      const expected = scanWriterLine(line, 'utf8-bytes');
      const found = scan(kernels, line);
      if (found === undefined) continue; // declining is always allowed (writer-line.ts decides)
      accepted++;
      expect(expected, line).toBeDefined();
      expect({ ...found, operation: expected!.operation }).toEqual({
        ...expected,
        decidedAt: typeof expected!.decidedAt === 'string' ? expected!.decidedAt : undefined,
      });
    }
    // The plain ones at least: declining them all would pass the check above and lose the speed.
    expect(accepted).toBeGreaterThanOrEqual(lines.length - 3);
  });

  it('never accepts a line writer-line.ts declines, over random edits of writer lines', () => {
    const kernels = new ChainKernels();
    const random = rng(2026);
    let declined = 0;
    for (let round = 0; round < 20_000; round++) {
      let line = lines[Math.floor(random() * lines.length)]!;
      for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) line = mutate(line, random);
      const found = scan(kernels, line);
      const expected = scanWriterLine(line, 'utf8-bytes');
      if (expected === undefined) declined++;
      if (found === undefined) continue;
      expect(expected, line).toBeDefined();
      expect(found.bodyEnd).toBe(expected!.bodyEnd);
      expect(found.hashAt).toBe(expected!.hashAt);
      expect(found.prevHashAt).toBe(expected!.prevHashAt);
      expect([found.chainId, found.seq, found.signature]).toEqual([expected!.chainId, expected!.seq, expected!.signature]);
    }
    expect(declined).toBeGreaterThan(10_000); // the edits do break most lines
  });

  it('declines random bytes without reading past its memory, whatever they are', () => {
    const kernels = new ChainKernels();
    const random = rng(99);
    const alphabet = Buffer.from('{}[]":,\\0123456789.-eEtrufalsn u\x80\xc3\xa9\xff\n');
    for (let round = 0; round < 5_000; round++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => alphabet[Math.floor(random() * alphabet.length)]!));
      if (round % 2 === 0) bytes[0] = 0x7b; // `{`, so more of them get past the first byte
      kernels.loadLines(bytes);
      for (let start = 0; start < bytes.length; start += 1 + Math.floor(random() * 40)) {
        expect(kernels.scanLine(start, bytes.length)).toBe(false);
      }
    }
  });
});
