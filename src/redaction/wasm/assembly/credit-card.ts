// Payment card numbers in a numeric run: IIN prefixes and lengths per network, card layouts, Luhn.
// No identifier-word veto: a brand- and Luhn-valid number is treated as a card whatever precedes it
// (a 1-in-10 Luhn pass on a reference number costs less than a leaked card).
import { digit, digitsBase, digitsOf, valueOf } from './digits';
import { at } from './text';
import {
  cardCanEndAt,
  groupLength,
  gs,
  runGroups,
  runPlus,
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

/** Luhn (mod 10) check over the `n` digits at `digitsBase`. */
function isLuhnValid(n: i32): bool {
  let sum = 0;
  let double = false;
  for (let i = n - 1; i >= 0; i--) {
    let d = digit(digitsBase, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 == 0;
}

/** Whether the first `prefix` digits, as a number, lie in [low, high] (the number has at least 13 digits). */
@inline
function inRange(prefix: i32, low: i32, high: i32): bool {
  const p = valueOf(digitsBase, 0, prefix);
  return p >= low && p <= high;
}

/** Whether the `n` digits at `digitsBase` have the IIN prefix and a length of an issuing network. */
function isCardBrandValid(n: i32): bool {
  const d1 = digit(digitsBase, 1);
  switch (digit(digitsBase, 0)) {
    case 4: // Visa
      return n == 13 || n == 16 || n == 19;
    case 5:
      if (inRange(2, 51, 55)) return n == 16; // Mastercard
      return isMaestro(n); // Maestro 50, 56-58
    case 2:
      if (inRange(4, 2221, 2720)) return n == 16; // Mastercard 2-series
      return inRange(4, 2200, 2204) && n >= 16 && n <= 19; // Mir
    case 3:
      if (d1 == 4 || d1 == 7) return n == 15; // Amex
      if (inRange(4, 3528, 3589)) return n >= 16 && n <= 19; // JCB
      if (inRange(3, 300, 305) || valueOf(digitsBase, 0, 4) == 3095 || d1 == 6 || d1 == 8 || d1 == 9) {
        return n >= 14 && n <= 19; // Diners Club
      }
      return false;
    case 6:
      if (valueOf(digitsBase, 0, 4) == 6011 || inRange(3, 644, 649) || d1 == 5) return n >= 16 && n <= 19; // Discover
      if (d1 == 2) return n >= 16 && n <= 19; // UnionPay
      return isMaestro(n);
    default:
      return false;
  }
}

function isMaestro(n: i32): bool {
  const prefix = valueOf(digitsBase, 0, 2);
  return n >= 13 && n <= 19 && (prefix == 50 || (prefix >= 56 && prefix <= 58) || prefix == 63 || prefix == 67);
}

/** Group layouts printed on cards and in forms: 4-4-4-4(-1..3), 4-6-5 (Amex), 4-6-4 (Diners), compact. */
function isCardLayout(i: i32, j: i32): bool {
  if (i == j) return true;
  const count = j - i + 1;
  if (count == 3 && groupLength(i) == 4 && groupLength(i + 1) == 6) {
    const last = groupLength(j);
    if (last == 5 || last == 4) return true;
  }
  if (count < 3) return false;
  for (let k = i; k < j; k++) if (groupLength(k) != 4) return false;
  return groupLength(j) <= 4;
}

const CARD_SEPARATOR: i32 = SEP_SINGLE | SEP_SPACE | SEP_DASH | SEP_DOT | SEP_SLASH | SEP_OPEN | SEP_CLOSE | SEP_BAD;

/** The last group index of a payment card number starting at group `i`, or -1. */
@inline
export function matchCard(i: i32): i32 {
  const first = at(gs(i));
  return first >= 50 && first <= 54 ? matchCardFrom(i) : -1;
}

function matchCardFrom(i: i32): i32 {
  if (i == 0 && runPlus) return -1;
  let digits = groupLength(i);
  let best = -1;
  const kind = i + 1 < runGroups ? sep(i + 1) & CARD_SEPARATOR : 0;
  const grouped = kind == (SEP_SINGLE | SEP_SPACE) || kind == (SEP_SINGLE | SEP_DASH);
  if (!grouped && (digits < 13 || digits > 19)) return -1;
  for (let j = i; j < runGroups && digits <= 19; ) {
    if (digits >= 13 && cardCanEndAt(j) && isCardLayout(i, j)) {
      const n = digitsOf(i, j);
      if (isCardBrandValid(n) && isLuhnValid(n)) best = j;
    }
    j++;
    if (!grouped || j >= runGroups || (sep(j) & CARD_SEPARATOR) != kind) break;
    digits += groupLength(j);
  }
  return best;
}
