import type { NumericRun } from './numeric-run.js';
import { canEndAt, digitsOf, groupLengths, IDENTIFIER_WORDS, precedingWord, sepBefore } from './numeric-run.js';

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
function isCardLayout(lengths: number[]): boolean {
  if (lengths.length === 1) return true;
  if (lengths.length === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 5 || lengths[2] === 4)) return true;
  if (lengths.length < 3) return false;
  for (let k = 0; k < lengths.length - 1; k++) if (lengths[k] !== 4) return false;
  const last = lengths[lengths.length - 1]!;
  return last >= 1 && last <= 4;
}

/**
 * The last group index of a payment card number starting at group `i`, or -1. Separators must be
 * one kind (a single space or hyphen), the layout a card layout, the prefix an issuer's, and Luhn valid.
 */
export function matchCard(run: NumericRun, i: number): number {
  if (i === 0 && run.plus) return -1;
  let separator = '';
  let digits = run.ge[i]! - run.gs[i]!;
  let best = -1;
  for (let j = i; j < run.gs.length && digits <= 19; ) {
    if (digits >= 13 && canEndAt(run, j)) {
      const d = digitsOf(run, i, j);
      if (isCardLayout(groupLengths(run, i, j)) && isCardBrandValid(d) && isLuhnValid(d)) best = j;
    }
    j++;
    if (j >= run.gs.length) break;
    const sep = sepBefore(run, j);
    if (sep !== ' ' && sep !== '-' && sep !== '\u00a0') break;
    if (separator === '') separator = sep;
    else if (sep !== separator) break;
    digits += run.ge[j]! - run.gs[j]!;
  }
  if (best !== -1 && IDENTIFIER_WORDS.has(precedingWord(run.text, run.gs[i]!))) return -1;
  return best;
}
