// A run of digit groups with the separators people put inside card, phone and social-security
// numbers. Card, SSN and phone detection all read windows of consecutive groups of one run.
// The run lives in module globals and three scratch arrays (`gs`, `ge`, `sep`) sized by `index.ts`
// for the text, so reading a run allocates nothing.
import { at, codeAt, isAsciiLetter, isDigit, isHexDigit, isWordChar, OUTSIDE, textLength } from './text';
import { addWork } from './work';

export const SEP_SPACE: i32 = 1; // contains a space or no-break space
export const SEP_DASH: i32 = 2;
export const SEP_DOT: i32 = 4;
export const SEP_SLASH: i32 = 8;
export const SEP_OPEN: i32 = 16; // `(`
export const SEP_CLOSE: i32 = 32; // `)`
export const SEP_BAD: i32 = 64; // longer than 3 characters or more than one of - . /
export const SEP_SINGLE: i32 = 128; // exactly one character
const PUNCT: i32 = SEP_DASH | SEP_DOT | SEP_SLASH;

/** Scratch arrays: start and end offsets of each digit group (i32), the gap flags before group k (u8). */
export let gsBase: usize = 0;
export let geBase: usize = 0;
export let sepBase: usize = 0;

export let runStart: i32 = 0;
/** Number of digit groups. */
export let runGroups: i32 = 0;
/** The run starts with `+` (an international number). */
export let runPlus: bool = false;
/** The run starts with `(`. */
export let runOpen: bool = false;
/** The last group is followed by `)`. */
export let runCloseAfterLast: bool = false;
/** The last group touches a letter, digit or `@` after the run (`2965ms`). */
export let runGluedRight: bool = false;
/** The last group is followed by `:` and a hex digit or colon (an IPv6 address or a port). */
export let runColonAfter: bool = false;
/** The first group continues a number or word on its left: no window starts there. */
export let runGluedLeft: bool = false;
/** Windows starting before this group belong to an identifier glued to a word (0 for other runs). */
export let runLooseFrom: i32 = 0;

@inline
export function gs(k: i32): i32 {
  return load<i32>(gsBase + (<usize>k << 2));
}

@inline
export function ge(k: i32): i32 {
  return load<i32>(geBase + (<usize>k << 2));
}

@inline
export function sep(k: i32): i32 {
  return <i32>load<u8>(sepBase + <usize>k);
}

/** Flags of a one-character separator (see `SEP_*`) for code units up to 160; 0 ends the run. */
const SEPARATOR = memory.data(161);
store<u8>(SEPARATOR + 32, SEP_SPACE);
store<u8>(SEPARATOR + 160, SEP_SPACE);
store<u8>(SEPARATOR + 40, SEP_OPEN);
store<u8>(SEPARATOR + 41, SEP_CLOSE);
store<u8>(SEPARATOR + 45, SEP_DASH);
store<u8>(SEPARATOR + 46, SEP_DOT);
store<u8>(SEPARATOR + 47, SEP_SLASH);

const NOT_GLUED: i32 = 0;
/** `23:46:50 (512) 616-1761`: the first group continues a time, price or list; later groups may start a number. */
const GLUED_TO_NUMBER: i32 = 1;
/** `PL26 5399 0833 …`, `ORD-2021-605598`: the whole run belongs to an identifier. */
const GLUED_TO_WORD: i32 = 2;

/**
 * Whether the run continues a token on its left: `ORD-2021-605598`, `#160511297`, `$1,951`, `10:27`,
 * a version's `.` or a hex hash. Such runs are identifiers, prices or times, never a whole number.
 */
function gluedLeft(start: i32): i32 {
  const b = codeAt(start - 1);
  if (b == OUTSIDE || b == 32) return NOT_GLUED;
  if (isWordChar(b)) return GLUED_TO_WORD;
  // # $ % € £ ¥
  if (b == 35 || b == 36 || b == 37 || b == 0x20ac || b == 0xa3 || b == 0xa5) return GLUED_TO_WORD;
  // `ORD-2021-605598`, `ISBN/978…`: a word joined by - or / is an identifier.
  if ((b == 45 || b == 47) && isAsciiLetter(codeAt(start - 2))) return GLUED_TO_WORD;
  return isGluedToNumber(start, b) ? GLUED_TO_NUMBER : NOT_GLUED;
}

function isGluedToNumber(start: i32, b: i32): bool {
  const bb = codeAt(start - 2);
  if (b == 45 || b == 47) return isDigit(bb);
  if (b == 46 || b == 58) return isDigit(bb);
  // `1,951.57` is a thousands group; `514-01-6274,498-35-0721` is a CSV list.
  if (b == 44 && isDigit(bb)) {
    let i = start;
    while (isDigit(codeAt(i))) i++;
    if (i - start != 3) return false;
    const after = codeAt(i);
    if (after == 45 || after == 32) return false;
    // `1726,177.233.65.161`: a dotted quad after a CSV comma is not a thousands group.
    if (after == 46) {
      let k = i + 1;
      while (k < i + 4 && isDigit(codeAt(k))) k++;
      if (k > i + 1 && codeAt(k) == 46) return false;
    }
    return true;
  }
  return false;
}

/**
 * Reads the numeric run starting at `start` (`+` or `(` then a digit, or a digit) into the run
 * globals and returns its end; `runGroups` is 0 when the run cannot hold a number (fewer than six
 * characters or four digits) and the run fields are then not set.
 */
export function readNumericRun(start: i32): i32 {
  const length = textLength;
  let n = 0;
  let digits = 0;
  let gap = 0;
  let gapLength = 0;
  let punct = 0;
  // The leading `+` or `(` is not a gap: the first group starts right after it.
  let i = isDigit(at(start)) ? start : start + 1;
  while (i < length) {
    const c = at(i);
    if (isDigit(c)) {
      if (n > 0) {
        // A gap longer than 3 characters or with more than one of - . / is no separator people type.
        let flags = gap | (gapLength == 1 ? SEP_SINGLE : 0);
        if (gapLength > 3 || punct > 1) flags |= SEP_BAD;
        store<u8>(sepBase + <usize>n, <u8>flags);
      }
      const groupStart = i;
      store<i32>(gsBase + (<usize>n << 2), i);
      i++;
      while (i < length && isDigit(at(i))) i++;
      store<i32>(geBase + (<usize>n << 2), i);
      digits += i - groupStart;
      n++;
      gap = 0;
      gapLength = 0;
      punct = 0;
      continue;
    }
    const flags = c <= 160 ? <i32>load<u8>(SEPARATOR + <usize>c) : 0;
    if (flags == 0) break;
    gap |= flags;
    gapLength++;
    if (flags & PUNCT) punct++;
    i++;
  }
  const end = i;
  addWork(end - start);
  runGroups = 0;
  if (end - start < 6 || digits < 4) return end;
  const glued = gluedLeft(start);
  const last = ge(n - 1);
  const after = codeAt(end);
  runStart = start;
  runGroups = n;
  runPlus = at(start) == 43;
  runOpen = at(start) == 40;
  runCloseAfterLast = codeAt(last) == 41;
  // `2965ms`, `0612345678@host`.
  runGluedRight = last == end && (isWordChar(after) || after == 64);
  // `… 2001:db8::1`: the group starts an IPv6 address (or, after an IPv4, a port).
  const next = codeAt(end + 1);
  runColonAfter = last == end && after == 58 && (isHexDigit(next) || next == 58);
  runGluedLeft = glued != NOT_GLUED;
  let looseFrom = 0;
  if (glued == GLUED_TO_WORD) {
    // The identifier continues while its own separator does (`ORD-2021-605598 01 37 …`); a bracket
    // opens something new (`A0 (512) 616-1761`).
    looseFrom = 1;
    while (looseFrom < n && sep(looseFrom) == sep(1) && (sep(looseFrom) & SEP_OPEN) == 0) looseFrom++;
  }
  runLooseFrom = looseFrom;
  return end;
}

/** A window may start at group `i`: the run start, or after whitespace inside the run. */
@inline
export function canStartAt(i: i32): bool {
  return i == 0 ? !runGluedLeft : (sep(i) & SEP_SPACE) != 0;
}

/**
 * A gap a payment card may start or end at besides whitespace: one `-`, `/`, `(` or `)` (`1-4111 1111
 * 1111 1111`, `4111 1111 1111 1111-12`). Not `.`: `0.4111111111111111` is a float's fraction.
 */
@inline
function isCardBoundary(flags: i32): bool {
  return (flags & SEP_SPACE) != 0 || (flags & (SEP_SINGLE | SEP_DOT | SEP_BAD)) == SEP_SINGLE;
}

/** A card may start at group `i`: where any window may, or after a one-character gap (`isCardBoundary`). */
@inline
export function cardCanStartAt(i: i32): bool {
  return i == 0 ? !runGluedLeft : isCardBoundary(sep(i));
}

/** A card may end at group `j`: the run end (not glued to a word), or before a card boundary. */
export function cardCanEndAt(j: i32): bool {
  if (j == runGroups - 1) return !runGluedRight && !runColonAfter;
  return isCardBoundary(sep(j + 1));
}

/** A window may end at group `j`: the run end (not glued to a word), or before whitespace. */
export function canEndAt(j: i32): bool {
  if (j == runGroups - 1) return !runGluedRight && !runColonAfter;
  return (sep(j + 1) & SEP_SPACE) != 0;
}

@inline
export function groupLength(k: i32): i32 {
  return ge(k) - gs(k);
}

/** Whether group `k` is preceded by `(` (inside the run or as the run's first character). */
export function openBefore(k: i32): bool {
  return k == 0 ? runOpen : (sep(k) & SEP_OPEN) != 0;
}

/** Whether group `k` is followed by `)`. */
export function closeAfter(k: i32): bool {
  return k == runGroups - 1 ? runCloseAfterLast : (sep(k + 1) & SEP_CLOSE) != 0;
}
