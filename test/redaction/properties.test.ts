import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';

const redactor = createRedactor();

const PII = [
  'jane.doe@example.com',
  'X.Y+tag@mail.example.co.uk',
  '+49 30 607079',
  '(512) 616-1761',
  '01 37 11 14 73',
  '10.1.2.3',
  '2001:db8::fd33:de60',
  '::ffff:166.75.88.114',
  'DE89 3704 0044 0532 0130 00',
  'GB82WEST12345698765432',
  '4111 1111 1111 1111',
  '378282246310005',
  '123-45-6789',
];
// No identifier words (`order`, `tracking`, …) here: after them a number is deliberately not a phone,
// so the same value could legitimately stay in the text elsewhere.
const FILLER = ['the', 'total', 'ORD-2021-605598', '2023-12-22', 'v1.2.3', '23:46:50', '$1,951.57', 'call', 'IBAN', 'ssn', '42', 'é', '—', '\n'];
const SEPARATORS = [' ', ', ', '; ', '\n', ' | ', '"'];

/**
 * Texts made of PII values, filler words and separators, so no value is glued to another token. (A
 * number after a letters-and-digits token and one space, `A0 01 37 11 14 73`, is deliberately read
 * as part of that identifier, like the groups of `PL26 5399 0833 …`; random tokens would hit that.)
 */
const textArb = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PII), fc.constantFrom(...FILLER), fc.stringMatching(/^[a-zà-ÿ]{1,8}$/)), fc.constantFrom(...SEPARATORS)), {
    maxLength: 12,
  })
  .map((items) => items.map(([token, sep]) => token + sep).join(''));

describe('properties', () => {
  it('spans are sorted, non-overlapping and inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        let last = 0;
        for (const s of redactor.detect(text)) {
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          last = s.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the redacted output never contains a detected value', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const values = redactor.detect(text).map((s) => text.slice(s.start, s.end));
        const out = redactor.redact(text).text;
        for (const value of values) expect(out).not.toContain(value);
      }),
      { numRuns: 500 },
    );
  });

  it('every inserted PII value is detected', () => {
    fc.assert(
      fc.property(textArb, fc.constantFrom(...PII), (text, value) => {
        // After a list dash: never glued to the token before, never after an identifier word such as `order`.
        const out = redactor.redact(`${text}\n- ${value} `).text;
        // Only the inserted occurrence: the random text may hold the same value glued to a word.
        expect(out.slice(out.lastIndexOf('\n- '))).not.toContain(value);
      }),
      { numRuns: 500 },
    );
  });

  it('redact is idempotent on its own output', () => {
    for (const mode of ['redact', 'hash', 'mask'] as const) {
      const r = createRedactor({ mode, redactionKey: 'k' });
      fc.assert(
        fc.property(textArb, (text) => {
          const once = r.redact(text).text;
          expect(r.redact(once).text).toBe(once);
        }),
        { numRuns: 300 },
      );
    }
  });
});
