// IBANs (ISO 13616-1, lengths from the SWIFT IBAN Registry), found from their first digit (two
// letters back): in any letter case (`DE89…`, `de89…`; the standard's electronic form is upper
// case, but people paste what they have), compact or grouped by one kind of separator (the print
// form's groups of four, or any other grouping), with the country's exact length, check digits
// 02-98 and the ISO 7064 MOD 97-10 check.
import { found } from './imports';
import { at, codeAt, isAsciiAlnum, isDigit, isWordChar, textLength } from './text';
import { addWork } from './work';

/** Finding type of an IBAN reported through `found` (after the numeric types of `numeric.ts`). */
export const TYPE_IBAN: i32 = 4;

/** IBAN length per country (SWIFT IBAN registry: SEPA and the other registered countries). */
const IBAN_LENGTHS =
  'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 ' +
  'DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 ' +
  'GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 ' +
  'LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 ' +
  'PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 ' +
  'SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30';

/** Length by country index; 0 when no such country. */
const LENGTH_BY_CODE = memory.data(26 * 26);
for (let k = 0; k < IBAN_LENGTHS.length; k += 5) {
  const code = (IBAN_LENGTHS.charCodeAt(k) - 65) * 26 + IBAN_LENGTHS.charCodeAt(k + 1) - 65;
  const length = (IBAN_LENGTHS.charCodeAt(k + 2) - 48) * 10 + IBAN_LENGTHS.charCodeAt(k + 3) - 48;
  store<u8>(LENGTH_BY_CODE + <usize>code, <u8>length);
}

@inline
function isSeparator(c: i32): bool {
  return c == 32 || c == 45 || c == 160;
}

/** The value of an IBAN character (digits 0-9, letters 10-35 in either case), or -1. */
@inline
function valueOf(c: i32): i32 {
  if (isDigit(c)) return c - 48;
  const v = (c | 32) - 87; // a→10 … z→35
  return v < 10 || v > 35 ? -1 : v;
}

/**
 * ISO 13616 mod-97 check over [start, end): the first four characters move to the end; separators
 * skipped. The number is accumulated in 64 bits and reduced only when it could overflow at the next
 * step (x mod 97 is the same whenever it is taken): two or three divisions per IBAN, not one per
 * character.
 */
function checksumAt(start: i32, end: i32): bool {
  let number: u64 = 0;
  for (let i = start + 4; i < end; i++) {
    const c = at(i);
    if (isSeparator(c)) continue;
    number = append(number, c);
    if (number == INVALID) return false;
  }
  for (let i = start; i < start + 4; i++) {
    number = append(number, at(i));
    if (number == INVALID) return false;
  }
  return number % 97 == 1;
}

/** Not a number `append` gives for valid characters (they stay below 10^18 + 35). */
const INVALID: u64 = u64.MAX_VALUE;

/** `number` followed by the digits of the IBAN character `c` (reduced mod 97 first when large); INVALID if `c` is none. */
@inline
function append(number: u64, c: i32): u64 {
  const v = valueOf(c);
  if (v < 0) return INVALID;
  const n = number >= 10_000_000_000_000_000 ? number % 97 : number;
  return v < 10 ? n * 10 + <u64>v : n * 100 + <u64>v;
}

/**
 * The end of the IBAN starting at `start` (two letters, then two digits), or -1; reports
 * it through `found`. Reads exactly the country's length in alphanumerics, compact or grouped by
 * single spaces or hyphens (one kind), then checks the check digits and mod-97.
 */
export function matchIbanAt(start: i32): i32 {
  // The scan calls this where text[start] and text[start + 1] are ASCII letters and two digits follow.
  if (isWordChar(codeAt(start - 1))) return -1;
  const length = <i32>load<u8>(LENGTH_BY_CODE + <usize>(((at(start) & ~32) - 65) * 26 + (at(start + 1) & ~32) - 65));
  if (length == 0) return -1;
  const check = (at(start + 2) - 48) * 10 + at(start + 3) - 48;
  if (check < 2 || check > 98) return -1;
  let count = 4;
  let i = start + 4;
  let separator = -1;
  while (count < length && i < textLength) {
    const c = at(i);
    if (isAsciiAlnum(c)) {
      count++;
      i++;
    } else if (isSeparator(c) && isAsciiAlnum(codeAt(i + 1)) && (separator == -1 || separator == c)) {
      separator = c;
      i++;
    } else break;
  }
  addWork(2 * (i - start));
  if (count != length || isWordChar(codeAt(i)) || !checksumAt(start, i)) return -1;
  found(start, i, TYPE_IBAN);
  return i;
}
