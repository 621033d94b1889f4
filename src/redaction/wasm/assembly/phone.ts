// Phone numbers in a numeric run (ITU-T E.164 numbers in the forms people write them):
// - international: `+` or `00`, a country code, a national significant number (NSN) of the
//   country's length and lead digits (`numbering-plans.ts` for the countries it lists, a length
//   range for the others); `+44 (0)20 …` with the trunk zero in brackets;
// - national, grouped: a trunk prefix and an NSN of some country's plan (`0X XX XX XX XX`,
//   `(030) 1234 5678`, `8 612 34567`), NANP `(NXX) NXX-XXXX`, or a layout a country writes its
//   numbers in without trunk prefix (`612 345 678`, `98765 43210`; 8-digit ones after a phone word);
// - national, compact: a trunk prefix and a mobile NSN (`0612345678`, `09876543210`), or any
//   national shape after a phone word.
// A "digit string" here is a (buffer, start, length) triple over the digit buffers of `digits.ts`.
import { hasIdentifierBefore, hasPhoneContext } from './context-words';
import { digit, digitsBase, digitsOf, sliceIndex, spareDigitsBase, valueOf } from './digits';
import { hasPlan, isPlanLayout, layoutCountry, leadFits, nsnMax, nsnMin, trunkCountry } from './numbering-plans';
import { at } from './text';
import {
  canEndAt,
  canStartAt,
  closeAfter,
  ge,
  groupLength,
  gs,
  openBefore,
  runGroups,
  runPlus,
  runStart,
  sep,
  SEP_BAD,
  SEP_CLOSE,
  SEP_DASH,
  SEP_DOT,
  SEP_OPEN,
  SEP_SINGLE,
  SEP_SLASH,
  SEP_SPACE,
} from './numeric-run';

/** ITU-T E.164 country calling codes in use. */
const COUNTRY_CODE_LIST: StaticArray<u16> = [
  1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60,
  61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223,
  224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
  248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291,
  297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 380,
  381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592,
  593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687,
  688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886, 960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971,
  972, 973, 974, 975, 976, 977, 992, 993, 994, 995, 996, 998,
];

/** National significant number lengths per country code: code, min, max; others get [7, 12]. */
const NSN_LENGTH_LIST: StaticArray<u16> = [
  1, 10, 10, 7, 10, 10, 20, 9, 10, 27, 9, 9, 30, 10, 10, 31, 9, 9, 32, 8, 9, 33, 9, 9, 34, 9, 9, 36, 8, 9, 39, 6, 11,
  40, 9, 9, 41, 9, 9, 43, 7, 13, 44, 9, 10, 45, 8, 8, 46, 7, 10, 47, 8, 8, 48, 9, 9, 49, 6, 12, 52, 10, 10, 55, 10,
  11, 61, 9, 9, 64, 8, 10, 65, 8, 8, 81, 9, 10, 82, 8, 10, 86, 10, 11, 90, 10, 10, 91, 10, 10, 351, 9, 9, 352, 6, 11,
  353, 7, 9, 358, 5, 12, 420, 9, 9, 852, 8, 8, 971, 8, 9, 972, 8, 9,
];

/** Per code value 0-999: 1 for a country code. The codes have no leading zero, so a value names one string. */
const IS_COUNTRY_CODE = memory.data(1000);
/** Per code value: the minimum and maximum national number length. */
const NSN_MIN = memory.data(1000);
const NSN_MAX = memory.data(1000);
for (let k = 0; k < 1000; k++) {
  store<u8>(NSN_MIN + k, 7);
  store<u8>(NSN_MAX + k, 12);
}
for (let k = 0; k < COUNTRY_CODE_LIST.length; k++) store<u8>(IS_COUNTRY_CODE + <usize>unchecked(COUNTRY_CODE_LIST[k]), 1);
for (let k = 0; k < NSN_LENGTH_LIST.length; k += 3) {
  store<u8>(NSN_MIN + <usize>unchecked(NSN_LENGTH_LIST[k]), <u8>unchecked(NSN_LENGTH_LIST[k + 1]));
  store<u8>(NSN_MAX + <usize>unchecked(NSN_LENGTH_LIST[k]), <u8>unchecked(NSN_LENGTH_LIST[k + 2]));
}

/** The code value of the digit string (base, from, length) when it is a country code, else -1. */
function countryCode(base: usize, from: i32, length: i32): i32 {
  if (length < 1 || length > 3 || digit(base, from) == 0) return -1;
  const value = valueOf(base, from, length);
  return load<u8>(IS_COUNTRY_CODE + <usize>value) != 0 ? value : -1;
}

/** Whether the national number (base, from, length) fits the numbering plan of country code `cc`. */
function isNsnValid(cc: i32, ccLength: i32, base: usize, from: i32, length: i32): bool {
  if (ccLength + length > 15) return false;
  if (cc == 1) return isNanp(base, from, length);
  if (hasPlan(cc)) return length >= nsnMin(cc) && length <= nsnMax(cc) && leadFits(cc, base, from);
  if (length < <i32>load<u8>(NSN_MIN + <usize>cc) || length > <i32>load<u8>(NSN_MAX + <usize>cc)) return false;
  return digit(base, from) != 0;
}

/** NANP: area and exchange start with 2-9; N11 area codes are service codes. */
function isNanp(base: usize, from: i32, length: i32): bool {
  return (
    length == 10 &&
    digit(base, from) >= 2 &&
    digit(base, from + 3) >= 2 &&
    !(digit(base, from + 1) == 1 && digit(base, from + 2) == 1)
  );
}

/**
 * International number: country code and national number in the digit string (base, from, length),
 * after `+` or `00`. `groups` and `first` are the number of digit groups and the length of the
 * first; `trunkAt` is the offset of a bracketed trunk zero (`+44 (0)20 …`, not dialled), or -1.
 */
function isInternational(groups: i32, first: i32, base: usize, from: i32, length: i32, trunkAt: i32): bool {
  if (trunkAt != -1) {
    // The string without its trunk zero, in the spare buffer.
    let n = 0;
    for (let k = 0; k < length; k++) {
      if (k == trunkAt) continue;
      store<u8>(spareDigitsBase + <usize>n, <u8>digit(base, from + k));
      n++;
    }
    base = spareDigitsBase;
    from = 0;
    length = n;
  }
  if (groups > 1 && first <= 3) {
    // JavaScript's d.slice(0, first) and d.slice(first): `first` may be negative after a `00` prefix.
    const split = sliceIndex(length, first);
    const cc = countryCode(base, from, split);
    if (cc != -1) {
      let nsnFrom = from + split;
      let nsnLength = length - split;
      if (nsnLength > 0 && digit(base, nsnFrom) == 0 && cc != 39) {
        nsnFrom++; // `+49 030 …`, a common slip
        nsnLength--;
      }
      return isNsnValid(cc, split, base, nsnFrom, nsnLength);
    }
  }
  for (let ccLength = 1; ccLength <= 3 && ccLength <= length; ccLength++) {
    const cc = countryCode(base, from, ccLength);
    if (cc != -1) return isNsnValid(cc, ccLength, base, from + ccLength, length - ccLength);
  }
  return false;
}

/** A compact national number of `n` digits at `digitsBase` (one group, after a phone word). */
function isCompactNational(n: i32): bool {
  const d0 = digit(digitsBase, 0);
  if (d0 == 0) return n >= 9 && n <= 12 && digit(digitsBase, 1) != 0;
  return (
    isNanp(digitsBase, 0, n) ||
    (n == 9 && d0 >= 6) ||
    (n == 10 && (d0 >= 6 || d0 == 3)) ||
    (n >= 10 && isInternational(1, n, digitsBase, 0, n, -1))
  );
}

/**
 * Grouped national forms; the `n` digits of groups i..j (i < j) are at `digitsBase`. A phone word
 * before the number is asked for only for 8-digit layouts, which other numbers share.
 */
function isGroupedNational(i: i32, j: i32, n: i32): bool {
  const layout = layoutKey(i, j);
  const d0 = digit(digitsBase, 0);
  // NANP: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX, 1-NXX-NXX-XXXX.
  if (layout == 334 && isNanp(digitsBase, 0, n)) return true;
  if (layout == 1334 && d0 == 1 && isNanp(digitsBase, 1, n - 1)) return true;
  if (d0 == 0) {
    // Trunk prefix 0 + area + subscriber: 9-11 digits (FR/NL/IT 10, UK/IN 11, DE 9-11); 12 only for
    // a mobile number of a plan that has them (DE `0151 23456789`): otherwise a 12th digit is more
    // often the start of the next number in a list (`01 37 11 14 73 01 …`). A lone `0` group only
    // before a mobile number (IN `0 98765 43210`).
    if (n < 9 || n > 12 || digit(digitsBase, 1) == 0) return false;
    if (groupLength(i) > 6) return false;
    for (let k = i; k <= j; k++) if (groupLength(k) > 8) return false;
    if (n == 12 || groupLength(i) == 1) return trunkCountry(digitsBase, n, true) != -1;
    return true;
  }
  // A trunk prefix other than 0 written as its own group (LT `8 612 34567`; not `8.6.5579.505`).
  if (groupLength(i) == 1 && (sep(i + 1) & SEP_SPACE) != 0 && trunkCountry(digitsBase, n, false) != -1) return true;
  // Numbers written without trunk prefix in a layout of their country (ES `612 345 678`, IN
  // `98765 43210`, DK `12 34 56 78`); 8-digit ones only after a phone word and not as a slice of a
  // longer run grouped alike (`4111 1111 1111 1112` holds two such windows).
  if (layoutCountry(layout, digitsBase, n) == -1) return false;
  return n > 8 || (standsAlone(i, j) && hasPhoneContext(gs(i)));
}

/** Whether groups i..j (i < j) are not joined to a group on either side by the separator they use inside. */
function standsAlone(i: i32, j: i32): bool {
  return (i == 0 || sep(i) != sep(i + 1)) && (j == runGroups - 1 || sep(j + 1) != sep(j));
}

/**
 * Checks the separators of groups i..j: spaces, `-`, `.` or `/` (optionally spaced), and brackets
 * around one group. Returns the window index of a bracketed `0` group, -1 if none, -2 if invalid.
 */
function checkSeparators(i: i32, j: i32): i32 {
  let open = openBefore(i);
  let dots = false;
  let others = false;
  let trunk = -1;
  for (let k = i + 1; k <= j; k++) {
    const s = sep(k);
    if (s & SEP_BAD) return -2;
    if (s & SEP_CLOSE) {
      if (!open) return -2;
      open = false;
    }
    if (s & SEP_OPEN) {
      if (open) return -2;
      open = true;
      if (groupLength(k) == 1 && at(gs(k)) == 48 && closeAfter(k)) trunk = k - i;
    }
    if (s & SEP_DOT) dots = true;
    // BE `0470/12.34.56`: a slash after the area code, then dots.
    if ((s & (SEP_DASH | SEP_SLASH)) != 0 && !(k == i + 1 && s == (SEP_SLASH | SEP_SINGLE))) others = true;
  }
  if (open && !closeAfter(j)) return -2;
  if (dots && others) return -2;
  return trunk;
}

function isNationalLayout(layout: i32): bool {
  return layout == 334 || layout == 1334 || isPlanLayout(layout);
}

/** The group lengths of groups i..j as a decimal key (3-3-4 → 334), or -1 (more than four groups, or a group of ten digits or more). */
function layoutKey(i: i32, j: i32): i32 {
  if (j - i > 3) return -1;
  let layout = 0;
  for (let k = i; k <= j; k++) {
    const length = groupLength(k);
    if (length > 9) return -1;
    layout = layout * 10 + length;
  }
  return layout;
}

function mayBeNational(i: i32, j: i32): bool {
  // A leading 0 or a lone first digit may be a trunk prefix.
  if (at(gs(i)) == 48 || i == j || groupLength(i) == 1) return true;
  return isNationalLayout(layoutKey(i, j));
}

/**
 * Whether some window starting at group `i` can pass `mayBeNational` and the digit bounds of
 * `matchPhone`, for a number without `+` or a leading 0: one compact group of 6-12 digits, or a
 * group that starts a national layout (1-5 digits). Rejects a group too long for either.
 */
@inline
function mayStartNational(i: i32): bool {
  const length = groupLength(i);
  // First-group lengths of the national layouts (1-5).
  return length <= 12;
}

/**
 * The last group index of a phone number starting at group `i` and ending at group `limit` at the
 * latest (a card found further on keeps its groups: `numeric.ts`), or -1.
 */
@inline
export function matchPhone(i: i32, limit: i32): i32 {
  if (i == 0 && runPlus) return matchPhoneFrom(i, limit);
  if (!canStartAt(i)) return -1;
  return at(gs(i)) == 48 || mayStartNational(i) ? matchPhoneFrom(i, limit) : -1;
}

/**
 * `matchPhone` past its first tests. Tries the longest window first; a window holds at most 16
 * digits, so the work per start is bounded.
 */
function matchPhoneFrom(i: i32, limit: i32): i32 {
  const plus = i == 0 && runPlus;
  const leadingZero = at(gs(i)) == 48;
  let last = i;
  let digits = groupLength(i);
  while (last + 1 <= limit && (sep(last + 1) & SEP_BAD) == 0 && digits + groupLength(last + 1) <= 16) {
    last++;
    digits += groupLength(last);
  }
  for (let j = last; j >= i; j--) {
    if (j < last) digits -= groupLength(j + 1);
    if (digits < 6 || (!plus && digits > 12 && !leadingZero) || !canEndAt(j)) continue;
    if (!plus && !mayBeNational(i, j)) continue;
    const trunk = checkSeparators(i, j);
    if (trunk == -2) continue;
    const n = digitsOf(i, j);
    if (plus) {
      if (isInternational(j - i + 1, groupLength(i), digitsBase, 0, n, trunk == -1 ? -1 : digitOffset(i, i + trunk))) return j;
      continue;
    }
    // A single group (the last window tried) needs a phone word before it.
    const context = i == j && hasPhoneContext(gs(i));
    if (n >= 2 && digit(digitsBase, 0) == 0 && digit(digitsBase, 1) == 0 && (n < 3 || digit(digitsBase, 2) != 0) && (i < j || context)) {
      // The `00` prefix is no part of the country code: take it off the first group (or drop that group).
      const first = groupLength(i) - 2;
      const groups = first == 0 ? j - i : j - i + 1;
      if (isInternational(groups, first == 0 ? groupLength(i + 1) : first, digitsBase, 2, n - 2, -1)) return j;
      continue;
    }
    if (trunk != -1 || digits > 12) continue;
    // One group: any national shape after a phone word; a trunk prefix and a mobile number alone.
    const national = i == j ? (context && isCompactNational(n)) || trunkCountry(digitsBase, n, true) != -1 : isGroupedNational(i, j, n);
    if (national) return hasIdentifierBefore(gs(i)) ? -1 : j;
  }
  return -1;
}

/** The number of digits in groups i..k-1 (the offset of group k in the window's digits). */
function digitOffset(i: i32, k: i32): i32 {
  let offset = 0;
  for (let g = i; g < k; g++) offset += groupLength(g);
  return offset;
}

/** Start of the span of a phone number whose first group is `i`: includes a leading `+` or `(`. */
export function phoneStart(i: i32): i32 {
  if (i == 0) return runStart;
  return openBefore(i) ? gs(i) - 1 : gs(i);
}

/** End of the span of a phone number whose last group is `j`: includes a closing `)` left open. */
export function phoneEnd(i: i32, j: i32): i32 {
  let open = openBefore(i);
  for (let k = i + 1; k <= j; k++) {
    const s = sep(k);
    if (s & SEP_CLOSE) open = false;
    if (s & SEP_OPEN) open = true;
  }
  return open && closeAfter(j) ? ge(j) + 1 : ge(j);
}
