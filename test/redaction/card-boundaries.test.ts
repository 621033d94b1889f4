import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';

// A payment card inside a longer digit run: the card starts or ends at a group boundary that is
// not whitespace (a dash, a slash, a bracket), or the run goes on after the card. The card must be
// redacted whole (no digit of it left in the output), and the look-alikes beside it must stay.
const redactor = createRedactor();
const redact = (text: string) => redactor.redact(text).text;
/** The detected values with their types, in order. */
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

describe('a card inside a longer digit run', () => {
  it.each([
    ['42 4111 1111 1111 1111-12', '42 [CREDIT_CARD]-12'],
    ['1-4111 1111 1111 1111', '1-[CREDIT_CARD]'],
    ['5555 5555 5555 4444 1234', '[CREDIT_CARD] 1234'],
    ['card 4111 1111 1111 1111-12 ok', 'card [CREDIT_CARD]-12 ok'],
    ['4111-1111-1111-1111-12', '[CREDIT_CARD]-12'],
    ['4111111111111111-12', '[CREDIT_CARD]-12'],
    ['ref 12-4111111111111111', 'ref 12-[CREDIT_CARD]'],
    ['12-4111-1111-1111-1111', '12-[CREDIT_CARD]'],
    ['4111 1111 1111 1111/0127', '[CREDIT_CARD]/0127'],
    ['7-3782 822463 10005-9', '7-[CREDIT_CARD]-9'],
    ['(0)5500 0000 0000 0004', '(0)[CREDIT_CARD]'],
    ['5555 5555 5555 4444 1228 exp', '[CREDIT_CARD] 1228 exp'],
    ['6011 1111 1111 1117 2201 99', '[CREDIT_CARD] 2201 99'],
  ])('%s → %s', (text, redacted) => {
    expect(redact(text)).toBe(redacted);
  });

  it('leaves none of the card digits in the output', () => {
    const card = '5500 0000 0000 0004';
    for (const text of [`42 ${card}-12`, `1-${card}`, `${card} 1234`, `9-${card}-77`, `${card.replaceAll(' ', '-')}-33`]) {
      expect(found(text)).toEqual([`CREDIT_CARD:${text.slice(text.indexOf('5500'), text.indexOf('0004') + 4)}`]);
    }
  });

  it('keeps whole-run readings that are not cards', () => {
    // A Luhn-invalid card-shaped window is no card (the phone guess in front of it stays).
    expect(found('42 4111 1111 1111 1112-12')).toEqual(['PHONE:42 4111 1111']);
    // A float's fraction and a decimal point are no card boundary.
    expect(found('ratio 0.4111111111111111')).toEqual([]);
    expect(found('total 4111111111111111.50')).toEqual([]);
    // An identifier glued to a word stays an identifier.
    expect(found('ORD-4111-1111-1111-1111')).toEqual([]);
  });

  it('keeps tracking numbers with a carrier word, and a card-free GS1-valid run', () => {
    // GS1-valid 20-digit run that starts with a card: a tracking number only after a carrier word.
    expect(found('Tracking number: 5555 5555 5555 4444 1234')).toEqual([]);
    expect(found('FedEx 5555 5555 5555 4444 1234')).toEqual([]);
    // USPS (banner 92): the 16 digits after it pass Luhn, but the run does not start with a card.
    expect(found('Your par$el 9205 6294 8126 5150 8590 25 ships')).toEqual([]);
    expect(found('USPS 9400 1118 9922 3817 7651 23')).toEqual([]);
  });
});
