import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/redaction/index.js';

// Overlapping readings of one numeric run (src/redaction/wasm/assembly/numeric.ts): a Luhn-valid card
// wins over a phone guess that would take its first groups. Found by the property "redact is
// idempotent on its own output": `42 4111 1111 1111 1111 ` gave `[PHONE] 1111 1111 ` (8 card digits
// left) and masked to `** **** **11 1111 1111 `, which masked again differently.
const redactor = createRedactor();
const masker = createRedactor({ mode: 'mask' });
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

describe('a card number overlapped by a phone reading', () => {
  it('redacts the card after a short number, not a phone across both', () => {
    expect(redactor.redact('42 4111 1111 1111 1111 ')).toEqual({ text: '42 [CREDIT_CARD] ', counts: { CREDIT_CARD: 1 } });
  });

  it('masks the card whole, and masking its own output changes nothing', () => {
    const once = masker.redact('42 4111 1111 1111 1111 ').text;
    expect(once).toBe('42 **** **** **** 1111 ');
    expect(masker.redact(once).text).toBe(once);
  });

  it.each([
    ['42 4111-1111-1111-1111', ['CREDIT_CARD:4111-1111-1111-1111']], // a short number before a dashed card
    ['33 4111 1111 1111 1111 12 34', ['CREDIT_CARD:4111 1111 1111 1111']], // a card followed by digits
    ['0612 6011 1111 1111 1117', ['CREDIT_CARD:6011 1111 1111 1117']],
    ['+49 30 6011 1111 1111 1117', ['CREDIT_CARD:6011 1111 1111 1117']],
  ])('%s: the card and none of its digits in a phone', (text, spans) => {
    expect(found(text)).toEqual(spans);
  });

  it('keeps a phone that ends before the card (cut back, not dropped)', () => {
    // Before: `[PHONE] 1111 1111 1111` (the phone took `+49 30 607079 4111`).
    expect(found('+49 30 607079 4111 1111 1111 1111')).toEqual(['PHONE:+49 30 607079', 'CREDIT_CARD:4111 1111 1111 1111']);
    expect(found('call 06 12 34 56 78 now')).toEqual(['PHONE:06 12 34 56 78']);
  });
});
