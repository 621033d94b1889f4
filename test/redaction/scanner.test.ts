import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';

// The scanner runs in WebAssembly and hands an IBAN candidate (the digit after two capitals), `@`
// and `:` to the JavaScript detectors. None of that may change what is found.
const redactor = createRedactor();
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

const VALUES: ReadonlyArray<[string, string]> = [
  ['EMAIL', 'jane.doe@example.com'],
  ['PHONE', '+44 20 7949 4177'],
  ['PHONE', '(512) 616-1761'],
  ['IPV4', '192.168.1.20'],
  ['IPV6', 'fe80::1ff:fe23:4567:890a'],
  ['IBAN', 'DE89 3704 0044 0532 0130 00'],
  ['IBAN', 'GB82WEST12345698765432'],
  ['CREDIT_CARD', '4111 1111 1111 1111'],
  ['US_SSN', '123-45-6789'],
];

const GAPS = ['', ' ', 'word ', 'a few quiet words without any trigger at all ', `${'é'.repeat(40)} `, `${'日本語のテキスト'.repeat(5)} `];

describe('scanner: gaps before and after a value', () => {
  for (const [type, value] of VALUES) {
    it(`finds ${type} ${value} at the start, the end and after quiet text of any length`, () => {
      expect(found(value)).toEqual([`${type}:${value}`]);
      for (const gap of GAPS) {
        expect(found(`${gap}${value}`)).toEqual([`${type}:${value}`]);
        expect(found(`${value} ${gap}`)).toEqual([`${type}:${value}`]);
        expect(found(`${gap}${value} ${gap}${value}`)).toEqual([`${type}:${value}`, `${type}:${value}`]);
      }
    });
  }

  it('finds every value of a long prose text, whatever the length of the gaps between them', () => {
    let text = '';
    const expected: string[] = [];
    for (let k = 0; k < 200; k++) {
      const [type, value] = VALUES[k % VALUES.length]!;
      text += `${'lorem ipsum '.repeat(k % 7)}${k % 3 === 0 ? 'über ' : ''}${value}. `;
      expected.push(`${type}:${value}`);
    }
    expect(found(text)).toEqual(expected);
  });

  it('finds a value right after a newline, a tab or punctuation that ends a gap', () => {
    for (const sep of ['\n', '\t', ', ', '; ', '"', '<', '[']) {
      expect(found(`${'x'.repeat(30)}${sep}jane@example.com`)).toEqual(['EMAIL:jane@example.com']);
      expect(found(`${'x'.repeat(30)}${sep}+44 20 7949 4177`)).toEqual(['PHONE:+44 20 7949 4177']);
    }
  });

  it('still needs a digit after + and ( and a hex digit or colon after :', () => {
    expect(found(`${'x '.repeat(20)}+ (about) :colon: ( ) +`)).toEqual([]);
    expect(found(`${'x '.repeat(20)}+49 30 607079`)).toEqual(['PHONE:+49 30 607079']);
  });
});

describe('scanner: IBAN found from its first digit', () => {
  it('finds an IBAN at the very start and glued to punctuation', () => {
    expect(found('DE89370400440532013000')).toEqual(['IBAN:DE89370400440532013000']);
    expect(found('(DE89 3704 0044 0532 0130 00)')).toEqual(['IBAN:DE89 3704 0044 0532 0130 00']);
  });

  it('does not find an IBAN glued to a word on its left or right', () => {
    expect(found('XDE89370400440532013000').filter((f) => f.startsWith('IBAN'))).toEqual([]);
    expect(found('DE89370400440532013000X').filter((f) => f.startsWith('IBAN'))).toEqual([]);
  });

  it('finds IBANs when only IBAN is enabled (digits are triggers without the numeric types)', () => {
    const ibanOnly = createRedactor({ types: ['IBAN'] });
    const text = 'Pay 120 EUR to DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432 by 2025-01-31.';
    expect(ibanOnly.detect(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
    ]);
  });

  it('rejects an IBAN with a wrong checksum or an unknown country', () => {
    expect(found('DE88 3704 0044 0532 0130 00').filter((f) => f.startsWith('IBAN'))).toEqual([]);
    expect(found('QQ89 3704 0044 0532 0130 00').filter((f) => f.startsWith('IBAN'))).toEqual([]);
  });
});

describe('scanner: digits inside words', () => {
  it('reads a digit group that ends a word and is followed by a separator as the start of a run', () => {
    expect(found('ref9 123-45-6789')).toEqual(['US_SSN:123-45-6789']);
    expect(found(`${'Ab3'.repeat(500)}_9 123-45-6789`)).toEqual(['US_SSN:123-45-6789']);
    // The glued run is an identifier: its groups joined by its own separator are no card.
    expect(found(`${'Ab3'.repeat(5)} 4111 1111 1111 1111`)).toEqual([]);
  });

  it('finds the digit group that ends a word of any length, around the switch to the regex skip', () => {
    for (let length = 1; length <= 40; length++) {
      const word = `ab1${'c'.repeat(length)}99`;
      expect(found(`${word} 123-45-6789`)).toEqual(['US_SSN:123-45-6789']);
      expect(found(`${word}_x jane@example.com`)).toEqual(['EMAIL:jane@example.com']);
      expect(found(`${word}.192.168.1.1`)).toEqual([]);
      expect(found(`${word}, 192.168.1.1`)).toEqual(['IPV4:192.168.1.1']);
    }
  });

  it('skips the rest of the word and finds what follows it', () => {
    expect(found(`${'aB3dE9'.repeat(2000)} jane@example.com`)).toEqual(['EMAIL:jane@example.com']);
    expect(found(`sha256:9f86d081884c7d659a2feaa0c55ad015 192.168.1.1`)).toEqual(['IPV4:192.168.1.1']);
    expect(found('key9 DE89 3704 0044 0532 0130 00')).toEqual(['IBAN:DE89 3704 0044 0532 0130 00']);
    expect(found('ab12cd34 5678 9012')).toEqual([]);
  });
});

describe('scanner: e-mail rejections', () => {
  it('rejects an @ with nothing on its left or another @ right before the local part', () => {
    expect(found('x@y@example.com')).toEqual([]);
    expect(found('@jane@example.com')).toEqual([]);
    expect(found(`${'a@'.repeat(1000)}b@example.com`)).toEqual([]);
    expect(found(`${'a@'.repeat(1000)} b@example.com`)).toEqual(['EMAIL:b@example.com']);
  });

  it('still finds an address after a dot that follows an @', () => {
    expect(found('a@.b@example.com')).toEqual(['EMAIL:b@example.com']);
  });
});

describe('scanner: colons inside a failed IPv6 candidate', () => {
  it('finds what follows times and hex-colon runs', () => {
    expect(found('[18:04:54] fe80::1ff:fe23:4567:890a')).toEqual(['IPV6:fe80::1ff:fe23:4567:890a']);
    expect(found('2023-12-07T08:30:45Z from 2001:db8::7f3a:233e')).toEqual(['IPV6:2001:db8::7f3a:233e']);
    expect(found('at 10:27:33 call 0612 345 678')).toEqual(['PHONE:0612 345 678']);
    expect(found('Tel:0612345678')).toEqual(['PHONE:0612345678']);
  });
});

describe('scanner: findings that overlap', () => {
  it('lets an address found later win over the phone number its local part scanned back over', () => {
    expect(found('call 555-123-4567.x@example.com')).toEqual(['EMAIL:555-123-4567.x@example.com']);
    expect(found('4111 1111 1111 1111x@e.com')).toEqual(['EMAIL:1111x@e.com']);
  });

  it('keeps findings on both sides of an overlap, in order', () => {
    const text = 'ip 10.0.0.1, call 555-123-4567.x@example.com, then 123-45-6789';
    expect(found(text)).toEqual(['IPV4:10.0.0.1', 'EMAIL:555-123-4567.x@example.com', 'US_SSN:123-45-6789']);
  });
});
