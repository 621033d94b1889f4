// The redaction scanner in WebAssembly: one left-to-right pass over the text for the built-in
// types, a port of the JavaScript scanner it replaced. Digits, `+` and `(` start numeric runs (IPv4,
// card, SSN, phone), a digit after two letters an IBAN, `:` an IPv6 address: all read and validated
// here. `@` is handed to the JavaScript e-mail detector through `imports.ts` (local parts and
// domains may be Unicode), as are the context-word checks over text above Latin-1 (`context-words.ts`
// answers them over Latin-1 text, from JavaScript's word lists). Findings are reported through `found` in
// the order found. JavaScript calls `prepare(length)`, writes the text as UTF-16 at the returned offset, then
// `scan`.
import { atSign } from './imports';
import { WORD_TABLE, WORD_TABLE_SIZE } from './context-words';
import { digitsBase, spareDigitsBase } from './digits';
import { matchIbanAt, TYPE_IBAN } from './iban';
import { matchUpsAt, mayStartUps } from './look-alikes';
import { ipv6Found, matchIpv6At, TYPE_IPV6 } from './ipv6';
import { findInNumericRun, numericTypes, TYPE_CREDIT_CARD, TYPE_IPV4, TYPE_PHONE, TYPE_US_SSN } from './numeric';
import { geBase, gsBase, readNumericRun, runGroups, sepBase } from './numeric-run';
import { work } from './work';
import { at, codeAt, isAsciiLetter, isAsciiWordChar, isDigit, isHexDigit, textBase, textLength } from './text';

/** Bits of `scan`'s `types` argument: `1 << TYPE_*` per type, then one for e-mail. */
const NUMERIC: i32 = (1 << TYPE_IPV4) | (1 << TYPE_CREDIT_CARD) | (1 << TYPE_US_SSN) | (1 << TYPE_PHONE);
const IBAN: i32 = 1 << TYPE_IBAN;
const IPV6: i32 = 1 << TYPE_IPV6;
const EMAIL: i32 = 1 << (TYPE_IPV6 + 1);

/** Room reserved for texts of this many code units; the scratch areas are sized to match. */
let capacity: i32 = -1;

/**
 * Makes room for a text of `length` code units and returns the offset at which JavaScript writes
 * it (UTF-16LE). Grows memory when needed; JavaScript then sees a new `memory.buffer`.
 */
export function prepare(length: i32): usize {
  if (length > capacity) {
    const room = max(length, 4096);
    const base = (__heap_base + 15) & ~15;
    const groups = base;
    const ends = groups + (<usize>room << 2) + 16;
    const seps = ends + (<usize>room << 2) + 16;
    const digits = seps + <usize>room + 16;
    const spare = digits + <usize>room + 16;
    const text = (spare + <usize>room + 16 + 15) & ~15;
    const top = text + (<usize>room << 1) + 16;
    const pages = <i32>((top + 0xffff) >> 16);
    if (pages > memory.size() && memory.grow(pages - memory.size()) < 0) unreachable();
    gsBase = groups;
    geBase = ends;
    sepBase = seps;
    digitsBase = digits;
    spareDigitsBase = spare;
    textBase = text;
    capacity = room;
  }
  textLength = length;
  work = length;
  return textBase;
}

/** Where JavaScript writes the context-word table (`context-words.ts`) when it makes the instance. */
export function wordTable(): usize {
  return WORD_TABLE;
}

/** The bytes JavaScript may write at `wordTable()`. */
export function wordTableSize(): i32 {
  return WORD_TABLE_SIZE;
}

/** What the detectors read during the last scan, in characters and digits (see `work.ts`). */
export function workDone(): u32 {
  return work;
}

/** The end of the run of ASCII letters, digits and `_` that continues at `i + 1`. */
function wordEnd(i: i32): i32 {
  let k = i + 1;
  while (isAsciiWordChar(codeAt(k))) k++;
  return k;
}

/** The start of the digit group that ends at `end`. */
function groupStart(end: i32): i32 {
  let k = end - 1;
  while (isDigit(codeAt(k - 1))) k--;
  return k;
}

@inline
function isAsciiLetterOrUnderscore(c: i32): bool {
  return isAsciiLetter(c) || c == 95;
}

/** Separators a numeric run may continue with (see `readNumericRun`). */
@inline
function isRunSeparator(c: i32): bool {
  return c == 32 || c == 45 || c == 46 || c == 47 || c == 40 || c == 41 || c == 160;
}

/**
 * One bit per code unit of the 8 at `i` that may start something: a digit, `+`, `(`, `@` or `:`.
 * One SIMD test instead of eight scalar ones: prose between values is skipped 8 code units at a
 * time, and the scan jumps straight to the first code unit that starts something (the JavaScript
 * scanner this replaced jumped over such gaps with a regex for the same reason).
 */
@inline
function startBits(i: i32): i32 {
  const v = v128.load(textBase + (<usize>i << 1));
  const digits = i16x8.le_u(i16x8.sub(v, i16x8.splat(48)), i16x8.splat(9));
  const plusOrOpen = v128.or(i16x8.eq(v, i16x8.splat(43)), i16x8.eq(v, i16x8.splat(40)));
  const atOrColon = v128.or(i16x8.eq(v, i16x8.splat(64)), i16x8.eq(v, i16x8.splat(58)));
  return i16x8.bitmask(v128.or(digits, v128.or(plusOrOpen, atOrColon)));
}

/** Reads the numeric run at `start` and reports what it holds; returns the run end. */
function numericRun(start: i32): i32 {
  const end = readNumericRun(start);
  if (runGroups != 0) findInNumericRun();
  return end;
}

/** Scans the prepared text for the types in `types` (see the bits above). */
export function scan(types: i32): void {
  numericTypes = types & NUMERIC;
  const numeric = numericTypes != 0;
  const email = (types & EMAIL) != 0;
  const iban = (types & IBAN) != 0;
  const ipv6 = (types & IPV6) != 0;
  const length = textLength;
  // Where scanning resumed after a detector consumed text: nothing before it starts a finding.
  let floor = 0;
  // End of the last IPv6 candidate read: a colon inside it (`08:30:45`) gives the same candidate or a
  // clipped one, which fails too.
  let ipv6Checked = 0;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    const from = i;
    if (isDigit(c)) {
      // `1Z 999 AA1 01 2345 6784`: a UPS tracking number, nothing to report (its digits look like a phone).
      if (numeric && mayStartUps(i)) {
        const end = matchUpsAt(i);
        if (end != -1) {
          i = end - 1;
          floor = i + 1;
          continue;
        }
      }
      // `DE89 3704 …`, `de89…`: the IBAN starts two letters back (at a digit, not at every letter).
      if (iban && i - 2 >= floor && isAsciiLetter(at(i - 1)) && isAsciiLetter(at(i - 2)) && isDigit(codeAt(i + 1))) {
        const end = matchIbanAt(i - 2);
        if (end != -1) {
          i = end - 1;
          floor = i + 1;
          continue;
        }
      }
      if (!numeric) continue;
      // Digits inside a word (hashes, base64, `v2`): only a digit group that ends the word and is
      // followed by a separator may start a run worth reading (`PL26 5399 …`).
      if (isAsciiLetterOrUnderscore(codeAt(i - 1))) {
        const end = wordEnd(i);
        if (!isDigit(at(end - 1)) || !isRunSeparator(codeAt(end))) {
          i = end - 1;
          if (i != from) floor = i + 1;
          continue;
        }
        i = groupStart(end);
      }
      i = numericRun(i) - 1;
    } else if (c == 43 || c == 40) {
      // `+` or `(`
      if (numeric && isDigit(codeAt(i + 1))) i = numericRun(i) - 1;
    } else if (c == 64) {
      if (email) i = atSign(i);
    } else if (c == 58) {
      const next = codeAt(i + 1);
      if (ipv6 && i >= ipv6Checked && (isHexDigit(next) || next == 58)) {
        const resume = matchIpv6At(i);
        ipv6Checked = resume;
        // After a failed candidate digits right of the colon still get their own look (`Tel:0612…`).
        if (ipv6Found || resume - i > 48) i = resume - 1;
      }
    } else {
      // Nothing starts at the code units skipped here: the loop resumes at the first that may.
      while (i + 9 <= length) {
        const bits = startBits(i + 1);
        if (bits != 0) {
          i += ctz(bits);
          break;
        }
        i += 8;
      }
      continue;
    }
    if (i != from) floor = i + 1;
  }
}
