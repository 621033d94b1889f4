import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/redaction/index.js';

// Phone numbers by the national numbering plans (src/redaction/wasm/assembly/numbering-plans.ts and
// phone.ts): the written forms of each plan are found, numbers that break the plan are not.
const redactor = createRedactor({ types: ['PHONE'] });
const phones = (text: string) => redactor.detect(text).map((s) => text.slice(s.start, s.end));

describe('phone numbers by numbering plan', () => {
  it.each([
    // Trunk prefix + mobile NSN, compact, no phone word needed.
    ['Ana: 0612345678', '0612345678'], // FR
    ['Ana: 09876543210', '09876543210'], // IN
    ['Ana: 015123456789', '015123456789'], // DE
    ['Ana: 07700900123', '07700900123'], // GB
    ['Ana: 0821234567', '0821234567'], // ZA
    // National grouped forms.
    ['Ana: 98765 43210', '98765 43210'], // IN mobile without trunk
    ['Ana: 098765 43210', '098765 43210'], // IN with trunk
    ['Ana: 0 98765 43210', '0 98765 43210'], // IN, trunk as its own group
    ['Ana: 0151 23456789', '0151 23456789'], // DE mobile, 12 digits
    ['Ana: 0470/12.34.56', '0470/12.34.56'], // BE
    ['Ana: 8 612 34567', '8 612 34567'], // LT, trunk 8
    ['Ana: 55 1234 5678', '55 1234 5678'], // MX, no trunk
    ['Ana: (11) 91234-5678', '(11) 91234-5678'], // BR
    ['Ana: 694 123 4567', '694 123 4567'], // GR
    ['call 22 34 56 78 now', '22 34 56 78'], // DK, 8 digits after a phone word
    ['Tel 9123 4567', '9123 4567'], // SG
    // International, NSN length and lead digit per plan.
    ['Ana: +52 1 55 1234 5678', '+52 1 55 1234 5678'], // MX old mobile 1
    ['Ana: +91 98765 43210', '+91 98765 43210'],
    ['Ana: +65 9123 4567', '+65 9123 4567'],
  ])('%s', (text, value) => {
    expect(phones(text)).toEqual([value]);
  });

  it.each([
    ['Ana: 22 34 56 78'], // 8 digits, no phone word
    ['call 12 34 56 78 now'], // DK numbers start with 2-9
    ['card number 4111 1111 1111 1112'], // Luhn-invalid card: no 8-digit slice of it is a phone
    ['Ana: +33 0 12'], // too short for the plan
    ['Ana: +44 5123 456789'], // GB NSNs start with 1-3 or 7-9
    ['Ana: +61 112 345 678'], // AU NSNs start with 2-4, 7 or 8
    ['Ana: 0612345678901'], // 13 digits
    ['SDK 8.6.5579.505 fixes it'], // a version, not LT `8 …`
    ['Facture n° 0612345678'], // an identifier word before
    ['[PHONE:11117dbde6ce] 616-1761'], // the library's own placeholder is no phone word
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('numbering-plan tables', () => {
  it('survive the scratch areas a long text lays out (they live in static memory, below the heap)', () => {
    const long = `${'22 34 56 78 '.repeat(30_000)}Ana: 0612345678`;
    expect(phones(long)).toEqual(['0612345678']);
    expect(phones('Ana: 98765 43210 or 0151 23456789')).toEqual(['98765 43210', '0151 23456789']);
  });
});
