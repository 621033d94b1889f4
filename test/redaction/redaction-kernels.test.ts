import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without declarations
import { buildWasmModule, wasmModules } from '../../scripts/build-wasm.mjs';
import { createRedactor } from '../../src/redaction/index.js';

// The scan loop and every built-in detector but e-mail run in WebAssembly (src/redaction/wasm/assembly), with
// the text copied into its memory. These tests cover what that adds: the committed module, memory
// that grows for long texts, texts on both sides of the size that gets an instance of its own, and
// a custom detector that throws after the built-in scan.
const redactor = createRedactor();
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

const SAMPLE = 'call +44 20 7949 4177 or 512-616-1761, card 4111 1111 1111 1111, ssn 123-45-6789, host 10.0.0.1, ';
const SAMPLE_FOUND = ['PHONE:+44 20 7949 4177', 'PHONE:512-616-1761', 'CREDIT_CARD:4111 1111 1111 1111', 'US_SSN:123-45-6789', 'IPV4:10.0.0.1'];

describe('redaction kernels (WebAssembly)', () => {
  it('are what src/redaction/wasm/assembly compiles to (run node scripts/build-wasm.mjs after editing it)', async () => {
    const committed = readFileSync(new URL('../../src/redaction/wasm/redaction-kernels-binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await buildWasmModule(wasmModules[0]));
  }, 60_000);

  it('are built by an AssemblyScript toolchain pinned to exact versions', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const asc = JSON.parse(readFileSync(new URL('../../node_modules/assemblyscript/package.json', import.meta.url), 'utf8'));
    expect(pkg.devDependencies.assemblyscript).toMatch(/^\d+\.\d+\.\d+$/);
    expect(asc.version).toBe(pkg.devDependencies.assemblyscript);
    // asc's optimiser, binaryen, is an exact version in asc's own manifest.
    expect(asc.dependencies.binaryen).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });

  it('finds the same values before and after memory grows for a long text, and in texts past the shared-instance size', () => {
    expect(found(SAMPLE)).toEqual(SAMPLE_FOUND);
    // 300 KB grows the shared instance's memory; 1.2 M code units get an instance of their own.
    for (const repeat of [3_000, 12_000]) {
      const long = SAMPLE.repeat(repeat);
      const spans = redactor.detect(long);
      expect(spans.length).toBe(SAMPLE_FOUND.length * repeat);
      const last = spans.slice(-SAMPLE_FOUND.length).map((s) => `${s.type}:${long.slice(s.start, s.end)}`);
      expect(last).toEqual(SAMPLE_FOUND);
      expect(found(SAMPLE)).toEqual(SAMPLE_FOUND);
    }
  });

  it('reads code units past the Latin-1 range exactly (a low byte that looks like a digit or @ is no trigger), lone surrogates too', () => {
    // U+0130 and U+0140 have the low bytes of `0` and `@`; U+FF10 is a full-width digit.
    expect(found('İİİİİİİİİİ ŀexample.com ０１２３４５６７８９ 512-616-1761')).toEqual(['PHONE:512-616-1761']);
    expect(found('日本 jane@example.com 電話 +81 3 1234 5678')).toEqual(['EMAIL:jane@example.com', 'PHONE:+81 3 1234 5678']);
    // Lone surrogates are copied as they are (UTF-16LE), not replaced: offsets stay those of the string.
    expect(found('\uD800 call 512-616-1761 \uDC00x a@b.de')).toEqual(['PHONE:512-616-1761', 'EMAIL:a@b.de']);
    expect(found('\uDFFF\uD83D\uDE00 4111 1111 1111 1111')).toEqual(['CREDIT_CARD:4111 1111 1111 1111']);
  });

  it('fails closed when a custom detector throws after the built-in scan, and the next scan is clean', () => {
    const throwing = createRedactor({
      customDetectors: [{ type: 'BOOM', detect: () => { throw new Error('boom'); } }],
    });
    expect(throwing.redact(SAMPLE).text).toBe('[REDACTION_FAILED]');
    expect(found(SAMPLE)).toEqual(SAMPLE_FOUND);
  });
});
