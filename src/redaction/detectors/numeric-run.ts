import { isAsciiAlnum, isDigit, isWordChar } from './chars.js';

/**
 * A run of digit groups with the separators people put inside card, phone and social-security
 * numbers. Card, SSN and phone detection all work on windows of consecutive groups of one run.
 */
export interface NumericRun {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The run starts with `+` (an international number). */
  readonly plus: boolean;
  /** Start and end offsets of each digit group. */
  readonly gs: number[];
  readonly ge: number[];
  /** The last group touches a letter or digit after the run (`2965ms`). */
  readonly gluedRight: boolean;
}

/**
 * `+` or `(` then a digit, then digits and separators. The trailing class can never fail, so the
 * regex never backtracks; each character is examined once.
 */
const RUN = /[+(]?\d[\d \-./()\u00a0]*/g;

/**
 * Whether the run continues a token on its left: `ORD-2021-605598`, `#160511297`, `$1,951`, `10:27`,
 * a version's `.` or a hex hash. Such runs are identifiers, prices or times, never a whole number.
 */
function isGluedLeft(text: string, start: number): boolean {
  const b = text.charCodeAt(start - 1);
  if (Number.isNaN(b)) return false;
  if (isWordChar(b)) return true;
  // # $ % @ € £ ¥
  if (b === 35 || b === 36 || b === 37 || b === 64 || b === 0x20ac || b === 0xa3 || b === 0xa5) return true;
  const bb = text.charCodeAt(start - 2);
  if (b === 45 || b === 47) return isAsciiAlnum(bb); // - /
  if (b === 46 || b === 58) return isDigit(bb); // . :
  // `1,951.57` is a thousands group; `514-01-6274,498-35-0721` is a CSV list.
  if (b === 44 && isDigit(bb)) {
    let i = start;
    while (isDigit(text.charCodeAt(i))) i++;
    const after = text.charCodeAt(i);
    return i - start === 3 && after !== 45 && after !== 32;
  }
  return false;
}

/** Visits every numeric run of `text`; linear in `text.length`. */
export function forEachNumericRun(text: string, visit: (run: NumericRun) => void): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isGluedLeft(text, start)) continue;
    const gs: number[] = [];
    const ge: number[] = [];
    let i = start;
    while (i < end) {
      if (isDigit(text.charCodeAt(i))) {
        gs.push(i);
        while (i < end && isDigit(text.charCodeAt(i))) i++;
        ge.push(i);
      } else i++;
    }
    const last = ge[ge.length - 1]!;
    visit({
      text,
      start,
      end,
      plus: text.charCodeAt(start) === 43,
      gs,
      ge,
      gluedRight: last === end && isWordChar(text.charCodeAt(end)),
    });
  }
}

/** The separator text before group `k` (the run prefix for k = 0). */
export function sepBefore(run: NumericRun, k: number): string {
  return run.text.slice(k === 0 ? run.start : run.ge[k - 1]!, run.gs[k]!);
}

/** The separator text after group `k` (the run suffix for the last group). */
export function sepAfter(run: NumericRun, k: number): string {
  return run.text.slice(run.ge[k]!, k === run.gs.length - 1 ? run.end : run.gs[k + 1]!);
}

function hasSpace(s: string): boolean {
  return s.includes(' ') || s.includes('\u00a0');
}

/** A window may start at group `i`: the run start, or after whitespace inside the run. */
export function canStartAt(run: NumericRun, i: number): boolean {
  return i === 0 || hasSpace(sepBefore(run, i));
}

/** A window may end at group `j`: the run end (not glued to a word), or before whitespace. */
export function canEndAt(run: NumericRun, j: number): boolean {
  if (j === run.gs.length - 1) return !run.gluedRight;
  return hasSpace(sepAfter(run, j));
}

/** The digits of groups i..j (inclusive). */
export function digitsOf(run: NumericRun, i: number, j: number): string {
  let s = '';
  for (let k = i; k <= j; k++) s += run.text.slice(run.gs[k]!, run.ge[k]!);
  return s;
}

/** Digit-group lengths of groups i..j. */
export function groupLengths(run: NumericRun, i: number, j: number): number[] {
  const out: number[] = [];
  for (let k = i; k <= j; k++) out.push(run.ge[k]! - run.gs[k]!);
  return out;
}

/** The lower-cased word before `index` (skipping spaces and `#:.` and filler words), for negative context. */
export function precedingWord(text: string, index: number): string {
  let i = index;
  for (let hops = 0; hops < 3; hops++) {
    let skipped = 0;
    while (i > 0 && skipped < 4) {
      const c = text.charCodeAt(i - 1);
      if (c === 32 || c === 35 || c === 58 || c === 46 || c === 160 || c === 9) {
        i--;
        skipped++;
      } else break;
    }
    const wordEnd = i;
    while (i > 0 && wordEnd - i < 24 && isWordChar(text.charCodeAt(i - 1))) i--;
    const word = text.slice(i, wordEnd).toLowerCase();
    if (!FILLERS.has(word)) return word;
  }
  return '';
}

const FILLERS = new Set(['no', 'nr', 'number', 'num', 'nummer', 'numéro', 'numero', 'is', 'of', 'the', 'de', 'du', 'la', 'le']);

/** Words after which a number is an identifier, not a card or phone number. */
export const IDENTIFIER_WORDS = new Set([
  'order', 'orders', 'tracking', 'invoice', 'ticket', 'case', 'ref', 'reference', 'isbn', 'sku', 'po',
  'id', 'serial', 'transaction', 'txn', 'receipt', 'booking', 'confirmation', 'shipment', 'parcel',
  'bestellung', 'bestellnummer', 'rechnung', 'sendung', 'commande', 'facture', 'colis', 'pedido', 'factura',
  'ordine', 'fattura', 'bestelling', 'factuur', 'room', 'ext', 'port', 'build', 'version',
]);
