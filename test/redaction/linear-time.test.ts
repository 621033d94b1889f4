import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';
import { lastScanWork } from '../../src/redaction/wasm/redaction-kernels.js';

// Adversarial inputs for every detector. Each must finish (the 30 s test timeout is only a guard,
// never a measure: no timed assertions) and give the exact expected output. The scanners are
// single-pass with bounded look-around, so these run in milliseconds.
const redactor = createRedactor();

function base64Token(bytes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = 0x2545f491;
  const out: string[] = [];
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(alphabet[(x >>> 0) % 64]!);
  }
  return out.join('');
}

const types = (text: string) => redactor.detect(text).map((s) => s.type);

describe('adversarial inputs', () => {
  it('a 1 MB base64 token holds no PII, and PII after it is still found', () => {
    const token = base64Token(1_000_000);
    expect(types(token)).toEqual([]);
    expect(redactor.redact(`${token} jane@example.com`).text).toBe(`${token} [EMAIL]`);
  });

  it('100 KB of digits is not a number of any kind', () => {
    const digits = '7'.repeat(100_000);
    expect(types(digits)).toEqual([]);
    expect(redactor.redact(`${digits} 4111 1111 1111 1111`).text).toBe(`${digits} [CREDIT_CARD]`);
  });

  it('100 KB of digit groups yields only the valid windows', () => {
    expect(types('1234 '.repeat(20_000))).toEqual([]);
    const cards = '4111 1111 1111 1111, '.repeat(2_000);
    expect(redactor.redact(cards).counts).toEqual({ CREDIT_CARD: 2_000 });
  });

  it('a@a@a@… is not an address', () => {
    expect(types('a@'.repeat(50_000))).toEqual([]);
    expect(types(`${'a@'.repeat(50_000)} x@example.com`)).toEqual(['EMAIL']);
  });

  it('a skipped @ chain ends where an address or another value starts', () => {
    expect(redactor.redact('a@b@c@john@example.com').text).toBe('a@b@c@john@example.com');
    expect(redactor.redact('a@b@.c@x.com').text).toBe('a@b@.[EMAIL]');
    expect(redactor.redact('a@(@1@:@+@DE89 3704 0044 0532 0130 00').text).toBe('a@(@1@:@+@[IBAN]');
    expect(redactor.redact(`${'1@'.repeat(10_000)}192.168.1.1`).text).toBe(`${'1@'.repeat(10_000)}[IPV4]`);
  });

  it('an over-long local part or domain is a token, not an address', () => {
    expect(types(`${'a.'.repeat(50_000)}b@example.com`)).toEqual([]);
    expect(types(`a@${'b.'.repeat(50_000)}com`)).toEqual([]);
  });

  it('long runs of dots and dashes', () => {
    const text = `${'.-'.repeat(25_000)}${'-'.repeat(25_000)}${'.'.repeat(25_000)}`;
    expect(types(text)).toEqual([]);
    expect(types(`${'1.'.repeat(50_000)}`)).toEqual([]);
    expect(types(`${'1-'.repeat(50_000)}`)).toEqual([]);
  });

  it('long runs of hex digits and colons', () => {
    expect(types('ab:'.repeat(33_333))).toEqual([]);
    expect(types('1:'.repeat(50_000))).toEqual([]);
    expect(types(':'.repeat(100_000))).toEqual([]);
    expect(types(`${'f'.repeat(100_000)} fe80::1:2`)).toEqual(['IPV6']);
    expect(types(`${'ab:'.repeat(33_333)} fe80::1:2`)).toEqual(['IPV6']);
    expect(types(`${'ab:'.repeat(33_333)}x 10.0.0.1 jane@example.com`)).toEqual(['IPV4', 'EMAIL']);
  });

  it('long runs of capitals and digits (IBAN-like)', () => {
    expect(types('DE89'.repeat(25_000))).toEqual([]);
    expect(types('DE89 '.repeat(20_000))).toEqual([]);
  });

  it('long runs of phone punctuation', () => {
    expect(types('+1 (2'.repeat(20_000))).toEqual([]);
    expect(types('(0) '.repeat(25_000))).toEqual([]);
  });
});

// Linear time, asserted on work counts (characters and digits the detectors read, counted by the
// scanner: src/redaction/wasm/assembly/work.ts), not on times: for each input built to make a
// scanner re-read, eight times the text costs at most eight times the work (plus a little), and the
// work per character stays under a fixed bound.
describe('work grows in proportion to the text', () => {
  const adversarial: [string, (n: number) => string][] = [
    ['digits', (n) => '7'.repeat(n)],
    ['digit groups "1234 "', (n) => '1234 '.repeat(n / 5)],
    ['8-digit layouts after a phone word', (n) => `phone ${'22 34 56 78 '.repeat(n / 12)}`],
    ['trunk-prefixed mobiles "0612345678 "', (n) => '0612345678 '.repeat(n / 11)],
    ['tracking-shaped runs "9400 "', (n) => `tracking ${'9400 '.repeat(n / 5)}`],
    ['card-shaped dashed groups "4111-"', (n) => '4111-'.repeat(n / 5)],
    ['card groups between other gaps "5555 5555-"', (n) => '5555 5555-'.repeat(n / 10)],
    ['context words before digits "call order 12 "', (n) => 'call order 12 '.repeat(n / 14)],
    ['UPS prefixes "1Z"', (n) => '1Z'.repeat(n / 2)],
    ['UPS-shaped "1Z 999 AA1 01 "', (n) => '1Z 999 AA1 01 '.repeat(n / 14)],
    ['IBAN-shaped "de89 "', (n) => 'de89 '.repeat(n / 5)],
    ['IBAN letters and digits', (n) => 'DE89'.repeat(n / 4)],
    ['a@a@a@…', (n) => 'a@'.repeat(n / 2)],
    ['hex and colons', (n) => 'ab:'.repeat(n / 3)],
    ['phone punctuation "+1 (2"', (n) => '+1 (2'.repeat(n / 5)],
    ['base64', (n) => base64Token(n)],
  ];

  it.each(adversarial)('%s', (_, make) => {
    const small = make(20_000);
    const large = make(160_000);
    redactor.detect(small);
    const smallWork = lastScanWork();
    redactor.detect(large);
    const largeWork = lastScanWork();
    expect(smallWork).toBeGreaterThanOrEqual(small.length);
    expect(largeWork / smallWork).toBeLessThanOrEqual((large.length / small.length) * 1.05);
    expect(largeWork / large.length).toBeLessThan(400);
  });
});
