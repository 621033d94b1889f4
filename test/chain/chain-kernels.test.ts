import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without declarations
import { compileKernels, kernelsModuleText } from '../../scripts/build-wasm.mjs';
import { merkleRoot } from '../../src/chain/merkle.js';
import { ChainKernels } from '../../src/chain/wasm/chain-kernels.js';
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
    expect(committed).toBe(kernelsModuleText(await compileKernels()));
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

  it('printable: true only for bytes 0x20–0x7F and newlines, wherever the odd byte sits', () => {
    const kernels = new ChainKernels();
    const random = rng(11);
    const reference = (b: Uint8Array) => b.every((x) => x === 0x0a || (x >= 0x20 && x <= 0x7f));
    expect(kernels.isPrintable(new Uint8Array(0))).toBe(true);
    for (let round = 0; round < 400; round++) {
      const length = Math.floor(random() * 100);
      const bytes = Uint8Array.from({ length }, () => 0x20 + Math.floor(random() * 0x60));
      if (length > 0 && random() < 0.3) bytes[Math.floor(random() * length)] = 0x0a;
      if (length > 0 && random() < 0.7) {
        const odd = [0x00, 0x09, 0x0d, 0x1f, 0x80, 0xc3, 0xff, 0x20, 0x7f][Math.floor(random() * 9)]!;
        bytes[Math.floor(random() * length)] = odd;
      }
      expect(kernels.isPrintable(bytes), `bytes ${Buffer.from(bytes).toString('hex')}`).toBe(reference(bytes));
    }
  });

  it('grow their memory for a large input and still hash right afterwards', () => {
    const kernels = new ChainKernels();
    const big = Buffer.alloc(3 << 20, 0x61);
    expect(kernels.isPrintable(big)).toBe(true);
    big[big.length - 1] = 0x01;
    expect(kernels.isPrintable(big)).toBe(false);
    const hexes = Array.from({ length: 5000 }, (_, i) => digest(i));
    expect(kernels.merkleRoot(digestWords(hexes), identity(5000), 0, 4999)).toBe(merkleRoot(hexes));
  });
});
