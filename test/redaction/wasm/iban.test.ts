import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/redaction/index.js';

// IBANs (src/redaction/wasm/assembly/iban.ts): ISO 13616 in any letter case and grouping, with the
// country's length and the MOD 97-10 check.
const redactor = createRedactor({ types: ['IBAN'] });
const ibans = (text: string) => redactor.detect(text).map((s) => text.slice(s.start, s.end));

describe('IBAN', () => {
  it.each([
    'DE89 3704 0044 0532 0130 00',
    'DE89370400440532013000',
    'de89 3704 0044 0532 0130 00',
    'de89370400440532013000',
    'De89370400440532013000',
    'DE89-3704-0044-0532-0130-00',
    'DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000',
    'gb82 west 1234 5698 7654 32',
    'GB82WEST12345698765432',
    'fr14 2004 1010 0505 0001 3m02 606',
    'NO93 8601 1117 947',
  ])('%s', (iban) => {
    expect(ibans(`Please pay to ${iban}.`)).toEqual([iban]);
  });

  it.each([
    'DE89 3704 0044 0532 0130 01', // MOD 97 fails
    'de89370400440532013001',
    'DE89 3704 0044 0532 0130', // short for DE
    'xx89370400440532013000', // no such country
    'abde89370400440532013000', // inside a word
  ])('%s is not an IBAN', (text) => {
    expect(ibans(`Please pay to ${text}.`)).toEqual([]);
  });
});
