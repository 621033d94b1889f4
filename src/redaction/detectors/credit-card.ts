import type { NumericRun } from './numeric-run.js';
import {
  canEndAt,
  digitsOf,
  groupLength,
  SEP_BAD,
  SEP_CLOSE,
  SEP_DASH,
  SEP_DOT,
  SEP_OPEN,
  SEP_SINGLE,
  SEP_SLASH,
  SEP_SPACE,
} from './numeric-run.js';

/** Luhn (mod 10) check over a string of digits. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function inRange(digits: string, prefixLength: number, low: number, high: number): boolean {
  const p = Number(digits.slice(0, prefixLength));
  return p >= low && p <= high;
}

/** Whether the number has the IIN prefix and a length of an issuing network. */
export function isCardBrandValid(d: string): boolean {
  const n = d.length;
  switch (d[0]) {
    case '4': // Visa
      return n === 13 || n === 16 || n === 19;
    case '5':
      if (inRange(d, 2, 51, 55)) return n === 16; // Mastercard
      return isMaestro(d); // Maestro 50, 56-58
    case '2':
      if (inRange(d, 4, 2221, 2720)) return n === 16; // Mastercard 2-series
      return inRange(d, 4, 2200, 2204) && n >= 16 && n <= 19; // Mir
    case '3':
      if (d[1] === '4' || d[1] === '7') return n === 15; // Amex
      if (inRange(d, 4, 3528, 3589)) return n >= 16 && n <= 19; // JCB
      if (inRange(d, 3, 300, 305) || d.startsWith('3095') || d[1] === '6' || d[1] === '8' || d[1] === '9') {
        return n >= 14 && n <= 19; // Diners Club
      }
      return false;
    case '6':
      if (d.startsWith('6011') || inRange(d, 3, 644, 649) || d.startsWith('65')) return n >= 16 && n <= 19; // Discover
      if (d.startsWith('62')) return n >= 16 && n <= 19; // UnionPay
      return isMaestro(d);
    default:
      return false;
  }
}

function isMaestro(d: string): boolean {
  const n = d.length;
  return (
    n >= 13 && n <= 19 && (d.startsWith('50') || inRange(d, 2, 56, 58) || d.startsWith('63') || d.startsWith('67'))
  );
}

/** Group layouts printed on cards and in forms: 4-4-4-4(-1..3), 4-6-5 (Amex), 4-6-4 (Diners), compact. */
function isCardLayout(run: NumericRun, i: number, j: number): boolean {
  if (i === j) return true;
  const count = j - i + 1;
  if (count === 3 && groupLength(run, i) === 4 && groupLength(run, i + 1) === 6) {
    const last = groupLength(run, j);
    if (last === 5 || last === 4) return true;
  }
  if (count < 3) return false;
  for (let k = i; k < j; k++) if (groupLength(run, k) !== 4) return false;
  return groupLength(run, j) <= 4;
}

const CARD_SEPARATOR = SEP_SINGLE | SEP_SPACE | SEP_DASH | SEP_DOT | SEP_SLASH | SEP_OPEN | SEP_CLOSE | SEP_BAD;

/**
 * The last group index of a payment card number starting at group `i`, or -1. The first test (an
 * issuer prefix starts with 2-6; most groups fail it) is kept apart so that it is inlined.
 */
export function matchCard(run: NumericRun, i: number): number {
  const first = run.text.charCodeAt(run.gs[i]!);
  return first >= 50 && first <= 54 ? matchCardFrom(run, i) : -1;
}

/**
 * `matchCard` past its first test. Separators must be
 * one kind (a single space or hyphen), the layout a card layout, the prefix an issuer's, and Luhn valid.
 */
function matchCardFrom(run: NumericRun, i: number): number {
  if (i === 0 && run.plus) return -1;
  const first = run.text.charCodeAt(run.gs[i]!);
  if (first < 50 || first > 54) return -1; // issuer prefixes start with 2-6
  let digits = groupLength(run, i);
  let best = -1;
  const kind = i + 1 < run.n ? run.sep[i + 1]! & CARD_SEPARATOR : 0;
  // Groups are joined by one kind of single space or hyphen; otherwise only a compact number fits.
  const grouped = kind === (SEP_SINGLE | SEP_SPACE) || kind === (SEP_SINGLE | SEP_DASH);
  if (!grouped && (digits < 13 || digits > 19)) return -1;
  for (let j = i; j < run.n && digits <= 19; ) {
    if (digits >= 13 && canEndAt(run, j) && isCardLayout(run, i, j)) {
      const d = digitsOf(run, i, j);
      if (isCardBrandValid(d) && isLuhnValid(d)) best = j;
    }
    j++;
    if (!grouped || j >= run.n || (run.sep[j]! & CARD_SEPARATOR) !== kind) break;
    digits += groupLength(run, j);
  }
  // No identifier-word veto here: a brand- and Luhn-valid number is treated as a card whatever
  // precedes it (a 1-in-10 Luhn pass on a reference number costs less than a leaked card).
  return best;
}
