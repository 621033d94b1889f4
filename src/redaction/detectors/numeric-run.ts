import { codeAt, isAsciiLetter, isDigit, isHexDigit, isWordChar } from './chars.js';

/** Separator flags, one byte per gap between two digit groups. */
export const SEP_SPACE = 1; // contains a space or no-break space
export const SEP_DASH = 2;
export const SEP_DOT = 4;
export const SEP_SLASH = 8;
export const SEP_OPEN = 16; // `(`
export const SEP_CLOSE = 32; // `)`
export const SEP_BAD = 64; // longer than 3 characters or more than one of - . /
export const SEP_SINGLE = 128; // exactly one character

/**
 * A run of digit groups with the separators people put inside card, phone and social-security
 * numbers. Card, SSN and phone detection all read windows of consecutive groups of one run. The
 * arrays are scratch buffers reused across runs (detection is synchronous), so a run allocates nothing.
 */
export interface NumericRun {
  text: string;
  start: number;
  end: number;
  /** Number of digit groups. */
  n: number;
  /** The run starts with `+` (an international number). */
  plus: boolean;
  /** The run starts with `(`. */
  open: boolean;
  /** The last group is followed by `)`. */
  closeAfterLast: boolean;
  /** The last group touches a letter, digit or `@` after the run (`2965ms`). */
  gluedRight: boolean;
  /** The last group is followed by `:` and a hex digit or colon (an IPv6 address or a port). */
  colonAfter: boolean;
  /** The first group continues a number or word on its left (`10:27 …`): no window starts there. */
  gluedLeft: boolean;
  /**
   * When the first group continues a word (`PL26 5399 0833 …`, `ORD-2021-605598`), the groups
   * joined to it by its separator belong to that identifier: windows starting before `looseFrom`
   * may only be strongly shaped values (an IPv4 address, a dashed SSN). 0 for other runs.
   */
  looseFrom: number;
  /** Start and end offsets of each digit group; sep[k] describes the gap before group k (k ≥ 1). */
  gs: Int32Array;
  ge: Int32Array;
  sep: Uint8Array;
}

/**
 * Whether the run continues a token on its left: `ORD-2021-605598`, `#160511297`, `$1,951`, `10:27`,
 * a version's `.` or a hex hash. Such runs are identifiers, prices or times, never a whole number.
 */
function gluedLeft(text: string, start: number): number {
  const b = codeAt(text, start - 1);
  if (Number.isNaN(b) || b === 32) return NOT_GLUED;
  if (isWordChar(b)) return GLUED_TO_WORD;
  // # $ % € £ ¥
  if (b === 35 || b === 36 || b === 37 || b === 0x20ac || b === 0xa3 || b === 0xa5) return GLUED_TO_WORD;
  // `ORD-2021-605598`, `ISBN/978…`: a word joined by - or / is an identifier.
  if ((b === 45 || b === 47) && isAsciiLetter(codeAt(text, start - 2))) return GLUED_TO_WORD;
  return isGluedToNumber(text, start, b) ? GLUED_TO_NUMBER : NOT_GLUED;
}

const NOT_GLUED = 0;
/** `23:46:50 (512) 616-1761`: the first group continues a time, price or list; later groups may start a number. */
const GLUED_TO_NUMBER = 1;
/** `PL26 5399 0833 …`, `ORD-2021-605598`: the whole run belongs to an identifier. */
const GLUED_TO_WORD = 2;

function isGluedToNumber(text: string, start: number, b: number): boolean {
  const bb = codeAt(text, start - 2);
  if (b === 45 || b === 47) return isDigit(bb); // - /
  if (b === 46 || b === 58) return isDigit(bb); // . :
  // `1,951.57` is a thousands group; `514-01-6274,498-35-0721` is a CSV list.
  if (b === 44 && isDigit(bb)) {
    let i = start;
    while (isDigit(codeAt(text, i))) i++;
    if (i - start !== 3) return false;
    const after = codeAt(text, i);
    if (after === 45 || after === 32) return false;
    // `1726,177.233.65.161`: a dotted quad after a CSV comma is not a thousands group.
    if (after === 46) {
      let k = i + 1;
      while (k < i + 4 && isDigit(codeAt(text, k))) k++;
      if (k > i + 1 && codeAt(text, k) === 46) return false;
    }
    return true;
  }
  return false;
}

const scratch: NumericRun = {
  text: '',
  start: 0,
  end: 0,
  n: 0,
  plus: false,
  open: false,
  closeAfterLast: false,
  gluedRight: false,
  colonAfter: false,
  gluedLeft: false,
  looseFrom: 0,
  gs: new Int32Array(64),
  ge: new Int32Array(64),
  sep: new Uint8Array(64),
};

function grow(run: NumericRun, size: number): void {
  if (size <= run.gs.length) return;
  const gs = new Int32Array(size * 2);
  const ge = new Int32Array(size * 2);
  const sep = new Uint8Array(size * 2);
  gs.set(run.gs);
  ge.set(run.ge);
  sep.set(run.sep);
  run.gs = gs;
  run.ge = ge;
  run.sep = sep;
}

// Grown once at load on purpose: V8 treats a field stored only once as a constant and embeds it in
// optimised code, so the first run to outgrow the arrays (100 KB of `1234 `) would deoptimise every
// detector that reads them, in the middle of that run.
grow(scratch, 65);

/** Flags of a one-character separator (see `SEP_*`); 0 for a character that ends the run. */
const SEPARATOR = new Uint8Array(161);
SEPARATOR[32] = SEP_SPACE;
SEPARATOR[160] = SEP_SPACE;
SEPARATOR[40] = SEP_OPEN;
SEPARATOR[41] = SEP_CLOSE;
SEPARATOR[45] = SEP_DASH;
SEPARATOR[46] = SEP_DOT;
SEPARATOR[47] = SEP_SLASH;
/** Separators that count as punctuation (more than one in a gap makes it `SEP_BAD`). */
const PUNCT = SEP_DASH | SEP_DOT | SEP_SLASH;

/**
 * Reads the numeric run starting at `start` (`+` or `(` then a digit, or a digit), then digits and
 * separators (space, no-break space, `(`, `)`, `-`, `.`, `/`), in one pass that records the digit
 * groups and the flags of each gap. Returns the run end; calls `visit` when the run may hold a
 * number (at least six characters and four digits). Each character is read once.
 */
export function readNumericRun(text: string, start: number, visit: (run: NumericRun) => void): number {
  const run = scratch;
  const length = text.length;
  let n = 0;
  let digits = 0;
  let gap = 0;
  let gapLength = 0;
  let punct = 0;
  // The leading `+` or `(` is not a gap: the first group starts right after it.
  let i = isDigit(text.charCodeAt(start)) ? start : start + 1;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c <= 57 && c >= 48) {
      if (n === run.gs.length) grow(run, n + 1);
      if (n > 0) {
        // A gap longer than 3 characters or with more than one of - . / is no separator people type.
        let flags = gap | (gapLength === 1 ? SEP_SINGLE : 0);
        if (gapLength > 3 || punct > 1) flags |= SEP_BAD;
        run.sep[n] = flags;
      }
      run.gs[n] = i;
      i++;
      while (i < length && isDigit(text.charCodeAt(i))) i++;
      run.ge[n] = i;
      digits += i - run.gs[n]!;
      n++;
      gap = 0;
      gapLength = 0;
      punct = 0;
      continue;
    }
    const flags = c <= 160 ? SEPARATOR[c]! : 0;
    if (flags === 0) break;
    gap |= flags;
    gapLength++;
    if (flags & PUNCT) punct++;
    i++;
  }
  const end = i;
  if (end - start < 6 || digits < 4) return end;
  const glued = gluedLeft(text, start);
  const last = run.ge[n - 1]!;
  const after = codeAt(text, end);
  run.text = text;
  run.start = start;
  run.end = end;
  run.n = n;
  run.plus = text.charCodeAt(start) === 43;
  run.open = text.charCodeAt(start) === 40;
  run.closeAfterLast = codeAt(text, last) === 41;
  // `2965ms`, `0612345678@host`.
  run.gluedRight = last === end && (isWordChar(after) || after === 64);
  // `… 2001:db8::1`: the group starts an IPv6 address (or, after an IPv4, a port).
  const next = codeAt(text, end + 1);
  run.colonAfter = last === end && after === 58 && (isHexDigit(next) || next === 58);
  run.gluedLeft = glued !== NOT_GLUED;
  let looseFrom = 0;
  if (glued === GLUED_TO_WORD) {
    // The identifier continues while its own separator does (`ORD-2021-605598 01 37 …`); a bracket
    // opens something new (`A0 (512) 616-1761`).
    looseFrom = 1;
    while (looseFrom < n && run.sep[looseFrom] === run.sep[1] && (run.sep[looseFrom]! & SEP_OPEN) === 0) looseFrom++;
  }
  run.looseFrom = looseFrom;
  visit(run);
  run.text = '';
  return end;
}

/** A window may start at group `i`: the run start, or after whitespace inside the run. */
export function canStartAt(run: NumericRun, i: number): boolean {
  return i === 0 ? !run.gluedLeft : (run.sep[i]! & SEP_SPACE) !== 0;
}

/** A window may end at group `j`: the run end (not glued to a word), or before whitespace. */
export function canEndAt(run: NumericRun, j: number): boolean {
  if (j === run.n - 1) return !run.gluedRight && !run.colonAfter;
  return (run.sep[j + 1]! & SEP_SPACE) !== 0;
}

/** Length of group `k`. */
export function groupLength(run: NumericRun, k: number): number {
  return run.ge[k]! - run.gs[k]!;
}

/** The digits of groups i..j (inclusive). */
export function digitsOf(run: NumericRun, i: number, j: number): string {
  if (i === j) return run.text.slice(run.gs[i]!, run.ge[i]!);
  let s = '';
  for (let k = i; k <= j; k++) s += run.text.slice(run.gs[k]!, run.ge[k]!);
  return s;
}

/** Whether group `k` is preceded by `(` (inside the run or as the run's first character). */
export function openBefore(run: NumericRun, k: number): boolean {
  return k === 0 ? run.open : (run.sep[k]! & SEP_OPEN) !== 0;
}

/** Whether group `k` is followed by `)`. */
export function closeAfter(run: NumericRun, k: number): boolean {
  return k === run.n - 1 ? run.closeAfterLast : (run.sep[k + 1]! & SEP_CLOSE) !== 0;
}

/** The lower-cased word before `index` (skipping spaces, `#:.` and filler words), for negative context. */
export function precedingWord(text: string, index: number): string {
  let i = index;
  for (let hops = 0; hops < 3; hops++) {
    let skipped = 0;
    while (i > 0 && skipped < 4) {
      const c = text.charCodeAt(i - 1);
      if (c === 32 || c === 35 || c === 58 || c === 46 || c === 160 || c === 9 || c === 40) {
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
