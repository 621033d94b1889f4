import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/redaction/index.js';

// Tracking numbers and ISBNs (src/redaction/wasm/assembly/look-alikes.ts): a run that validates as
// one is not searched for phone or card numbers; a wrong check digit makes it an ordinary number.
const redactor = createRedactor();
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

describe('look-alikes', () => {
  it.each([
    ['Shipment 1Z 999 AA1 01 2345 6784 is out for delivery.'], // UPS, check digit 4
    ['Shipment 1Z999AA10123456784 is out.'],
    ['Shipment 1Z D2C B2T 01 9486 5870 is out.'], // its tail alone would be a trunk-prefixed phone
    ['Il pacco 9205 6519 0757 0898 3758 31 è in consegna.'], // USPS IMpb, MOD 10 check: no `0898 3758 31` phone
    ['Votre colis 9606 2794 5761 9665 8336 60 est en route'], // FedEx 22 digits: no Luhn-valid card window
    ['Numéro de suivi : 123456789012'.replace('123456789012', fedex12('12345678901'))],
    ['DHL Express 1234567890'.replace('1234567890', `123456789${123456789 % 7}`)],
    ['ISBN 978-3-16-148410-0'],
    ['the title 9783161484100'],
    ['see 0-306-40615-2'],
  ])('%s holds no personal data', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    // Each holds a phone word (`number`, `Nummer`, `numéro`, `call`) that would make 12 digits an international number.
    ['FedEx number 500926598702'],
    ['DHL Express Nummer 113054336820'],
    ['numéro de suivi 500926598702'],
    ['tracking code 500926598702'],
    ['call us about parcel 113054336820'],
  ])('%s: after a carrier or tracking word, 12 digits are a parcel number whatever the check digit', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('a wrong check digit or no carrier word leaves an ordinary number', () => {
    // Not UPS (the check digit is 0), so its tail is a trunk-prefixed number.
    expect(found('1Z D2C B2T 01 9486 5871')).toEqual(['PHONE:01 9486 5871']);
    // A DHL-valid 10-digit number without a tracking word is a phone after a phone word.
    const dhl = `912345678${912345678 % 7}`;
    expect(found(`call ${dhl}`)).toEqual([`PHONE:${dhl}`]);
    expect(found(`DHL Express ${dhl}`)).toEqual([]);
  });
});

/** FedEx Express check digit: weights 1, 3, 7 from the right, mod 11, 10 → 0. */
function fedex12(partial: string): string {
  let sum = 0;
  for (let k = 0; k < 11; k++) sum += Number(partial[10 - k]) * [1, 3, 7][k % 3]!;
  return partial + String((sum % 11) % 10);
}
