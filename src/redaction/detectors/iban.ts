import { codeAt, isAsciiAlnum, isWordChar } from './chars.js';

/** IBAN length per country (SWIFT IBAN registry): SEPA and the other registered countries. */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** IBAN_LENGTH indexed by (first letter × 26 + second letter), 0 when no such country. */
const LENGTH_BY_CODE = new Uint8Array(26 * 26);
for (const [code, length] of Object.entries(IBAN_LENGTH)) {
  LENGTH_BY_CODE[(code.charCodeAt(0) - 65) * 26 + code.charCodeAt(1) - 65] = length;
}

/** Adds one IBAN character to a mod-97 remainder (digits as is, letters as 10..35); -1 if invalid. */
function step(remainder: number, c: number): number {
  if (c >= 48 && c <= 57) return (remainder * 10 + (c - 48)) % 97;
  const v = (c | 32) - 87; // a→10 … z→35
  return v < 10 || v > 35 ? -1 : (remainder * 100 + v) % 97;
}

/**
 * ISO 13616 mod-97 check over text[start, end): the first four characters move to the end, letters
 * count as 10..35, the remainder must be 1. Skips separators; builds no string.
 */
function checksumAt(text: string, start: number, end: number): boolean {
  let remainder = 0;
  for (let i = start + 4; i < end && remainder >= 0; i++) {
    const c = text.charCodeAt(i);
    if (!isSeparator(c)) remainder = step(remainder, c);
  }
  for (let i = start; i < start + 4 && remainder >= 0; i++) remainder = step(remainder, text.charCodeAt(i));
  return remainder === 1;
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 45 || c === 160;
}

/**
 * The end of the IBAN starting at `start` (two capital letters and two digits), or -1. Reads exactly
 * the country's length in alphanumerics, compact or grouped by single spaces or hyphens, then checks
 * the check digits and mod-97. Reads a bounded number of characters.
 */
export function matchIbanAt(text: string, start: number): number {
  if (isWordChar(codeAt(text, start - 1))) return -1;
  const a = text.charCodeAt(start) - 65;
  const b = text.charCodeAt(start + 1) - 65;
  if (a < 0 || a > 25 || b < 0 || b > 25) return -1;
  const length = LENGTH_BY_CODE[a * 26 + b]!;
  if (length === 0) return -1;
  const check = (text.charCodeAt(start + 2) - 48) * 10 + text.charCodeAt(start + 3) - 48;
  if (check < 2 || check > 98) return -1;
  let count = 4;
  let i = start + 4;
  let separator = -1;
  while (count < length && i < text.length) {
    const c = text.charCodeAt(i);
    if (isAsciiAlnum(c)) {
      count++;
      i++;
    } else if (isSeparator(c) && isAsciiAlnum(codeAt(text, i + 1)) && (separator === -1 || separator === c)) {
      separator = c;
      i++;
    } else break;
  }
  if (count !== length || isWordChar(codeAt(text, i))) return -1;
  return checksumAt(text, start, i) ? i : -1;
}
