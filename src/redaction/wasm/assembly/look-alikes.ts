// Numbers shaped like personal data that are not: parcel tracking numbers and ISBNs. A numeric run
// that is one of them, by its carrier's or the ISBN agency's check digit, is skipped whole, so no
// window inside it is taken for a phone or card number (`9400 1118 9922 3817 7651 23` holds a
// Luhn-valid 16-digit window and a `0…` phone-shaped tail). Formats and sources:
// - UPS `1Z` + 6 shipper characters + 2 service digits + 7 package digits + check digit (UPS
//   tracking number specification: letters count as (code − 63) mod 10, every second value
//   doubled, mod 10); found by the scan at its `1Z`, see `matchUpsAt`;
// - USPS Intelligent Mail package barcode, 20-22 digits (USPS Publication 199: service banner
//   92-95, MOD 10 with weights 3 and 1), FedEx Ground SSCC-18/20-digit and `96` 22-digit numbers
//   (GS1 General Specifications: the same MOD 10): a 20-22 digit run, compact or in groups of four;
// - FedEx Ground 15 digits (GS1 MOD 10) and FedEx Express 12 digits (weights 1, 3, 7 from the
//   right, mod 11, 10 → 0), DHL Express 10-digit waybills (the first nine digits mod 7): numbers
//   of ordinary lengths, so only after a tracking or carrier word (`hasTrackingContext`); 12 and 15
//   digits there also without the check digit (other carriers' numbers);
// - ISBN-13 (ISO 2108: prefix 978/979, EAN-13 MOD 10) and hyphenated ISBN-10 (weights 10..1, mod 11).
// UPU S10 item numbers (Royal Mail `RR123456789GB`) carry letters on both sides: the scan already
// skips digits glued to letters.
import { hasTrackingContext } from './context-words';
import { digit, digitsBase, digitsOf } from './digits';
import { at, codeAt, isAsciiAlnum, isAsciiLetter, isDigit, isWordChar } from './text';
import { matchCard } from './credit-card';
import { cardCanStartAt, groupLength, gs, runGroups, runOpen, runPlus, sep, SEP_DASH, SEP_SINGLE, SEP_SPACE } from './numeric-run';
import { addWork } from './work';

/** GS1 MOD 10 over the `n` digits at `digitsBase`: weights 3 and 1 from the right of the check digit. */
function isGs1Valid(n: i32): bool {
  let sum = 0;
  for (let k = n - 2, w = 3; k >= 0; k--, w = 4 - w) sum += digit(digitsBase, k) * w;
  return (10 - (sum % 10)) % 10 == digit(digitsBase, n - 1);
}

/** FedEx Express 12-digit check: weights 1, 3, 7 from the right of the check digit, mod 11, 10 → 0. */
function isFedexExpressValid(): bool {
  let sum = 0;
  for (let k = 0; k < 11; k++) sum += digit(digitsBase, 10 - k) * (k % 3 == 0 ? 1 : k % 3 == 1 ? 3 : 7);
  return (sum % 11) % 10 == digit(digitsBase, 11);
}

/** DHL Express 10-digit waybill: the first nine digits, as a number, mod 7. */
function isDhlExpressValid(): bool {
  let remainder = 0;
  for (let k = 0; k < 9; k++) remainder = (remainder * 10 + digit(digitsBase, k)) % 7;
  return remainder == digit(digitsBase, 9);
}

function isIsbn13Valid(): bool {
  const prefix = digit(digitsBase, 0) * 100 + digit(digitsBase, 1) * 10 + digit(digitsBase, 2);
  if (prefix != 978 && prefix != 979) return false;
  let sum = 0;
  for (let k = 0; k < 13; k++) sum += digit(digitsBase, k) * (k % 2 == 0 ? 1 : 3);
  return sum % 10 == 0;
}

function isIsbn10Valid(): bool {
  let sum = 0;
  for (let k = 0; k < 10; k++) sum += digit(digitsBase, k) * (10 - k);
  return sum % 11 == 0;
}

/** Whether every gap of the run is one `flag` character, and the groups are all four digits long but the last. */
function isUniform(flag: i32, fours: bool): bool {
  for (let k = 1; k < runGroups; k++) {
    if (sep(k) != (SEP_SINGLE | flag)) return false;
    if (fours && groupLength(k - 1) != 4) return false;
  }
  return true;
}

/**
 * Whether the run starts with a brand- and Luhn-valid card number (a card and its expiry date,
 * `5555 5555 5555 4444 1228`). Only at the first group: carriers' 20-22 digit numbers start with
 * their own banner (`00`, `92`-`96`), so a card after a leading group of four (`9205 6294 …`) is
 * more likely a tracking number whose carrier word is missing.
 */
function startsWithCard(): bool {
  return cardCanStartAt(0) && matchCard(0) != -1;
}

/** Whether the current numeric run is a tracking number or an ISBN (then nothing in it is reported). */
export function isLookAlikeRun(): bool {
  if (runPlus || runOpen || runGroups > 22) return false;
  let n = 0;
  for (let k = 0; k < runGroups && n <= 22; k++) n += groupLength(k);
  if (n < 10 || n > 22) return false;
  const fours = runGroups == 1 || isUniform(SEP_SPACE, true);
  if (n == 10 || n == 13) {
    // Hyphenated: group, publisher, title, check digit (and the 978/979 prefix for 13 digits).
    const hyphenated = runGroups == (n == 10 ? 4 : 5) && groupLength(runGroups - 1) == 1 && isUniform(SEP_DASH, false);
    if (hyphenated || runGroups == 1) {
      digitsOf(0, runGroups - 1);
      if (n == 13 ? isIsbn13Valid() : hyphenated && isIsbn10Valid()) return true;
    }
  }
  if (!fours) return false;
  digitsOf(0, runGroups - 1);
  // A GS1 check digit alone passes one run in ten: without a carrier word, a run that starts with a
  // payment card (`5555 5555 5555 4444 1234`) is read for the card instead.
  if (n >= 20) return (isGs1Valid(n) && !startsWithCard()) || hasTrackingContext(gs(0));
  // After a tracking or carrier word, 12 and 15 digits are a parcel's number whatever the carrier
  // (FedEx, GLS, DPD, … use other or no check digits), unless the number starts like a trunk-prefixed
  // phone number (`0151 23456789`): then only a valid check digit says so.
  if (n == 15) return (isGs1Valid(n) || digit(digitsBase, 0) != 0) && hasTrackingContext(gs(0));
  if (n == 12) return (isFedexExpressValid() || digit(digitsBase, 0) != 0) && hasTrackingContext(gs(0));
  // Ten digits is a phone number's length: only with DHL's check digit.
  if (n == 10) return isDhlExpressValid() && hasTrackingContext(gs(0));
  return false;
}

/** UPS value of a tracking character: digits as they are, letters (code − 63) mod 10. */
@inline
function upsValue(c: i32): i32 {
  return isDigit(c) ? c - 48 : ((c & ~32) - 63) % 10;
}

/**
 * The end of the UPS tracking number whose `1` is at `start` (`1Z` then 16 characters, compact or
 * with single spaces), or -1 when there is none there or its check digit is wrong.
 */
export function matchUpsAt(start: i32): i32 {
  if (isWordChar(codeAt(start - 1))) return -1;
  let i = start + 2;
  let count = 0;
  let sum = 0;
  let last = 0;
  while (count < 16) {
    let c = codeAt(i);
    if (c == 32 && isAsciiAlnum(codeAt(i + 1))) c = codeAt(++i);
    // Service and package digits (the last 10 characters) are digits.
    if (!isAsciiAlnum(c) || (count >= 6 && !isDigit(c))) {
      addWork(i - start);
      return -1;
    }
    if (count < 15) sum += count % 2 == 1 ? upsValue(c) * 2 : upsValue(c);
    last = c;
    count++;
    i++;
  }
  addWork(i - start);
  if (isWordChar(codeAt(i)) || (10 - (sum % 10)) % 10 != last - 48) return -1;
  return i;
}

/** Whether the scan at digit `i` stands on the `1Z` of a UPS number. */
@inline
export function mayStartUps(i: i32): bool {
  return at(i) == 49 && (codeAt(i + 1) | 32) == 122 && isAsciiLetter(codeAt(i + 1));
}
