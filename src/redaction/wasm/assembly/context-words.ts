// The context-word checks of `detectors/context.ts`, answered here when the text they read is
// Latin-1 (ASCII and the accented letters of western European languages: the common case), so that
// a phone, SSN, IPv4 or tracking candidate does not call into JavaScript for them: each call costs
// a slice, a lower-casing and a regex there, and the crossing itself. Over Latin-1, lower-casing is
// one fixed step (`À`-`Þ` but `×`, like `A`-`Z`, move 32 up) and the Unicode word class is a short
// list (`latin1Word`). Where the text read holds a code unit above U+00FF the answer is left to
// JavaScript (`imports.ts`). The answers are the JavaScript ones exactly; the word lists are
// JavaScript's too, copied into `WORD_TABLE` by `redaction-kernels.ts` when the instance is made
// (only their Latin-1 words: no other can match Latin-1 text).
import { identifierBefore, phoneContext, ssnContext, trackingContext, versionBefore } from './imports';
import { at, isAsciiWordChar } from './text';
import { addWork } from './work';

/** Bytes reserved for the table (`redaction-kernels.ts` checks that its table fits). */
export const WORD_TABLE_SIZE: i32 = 8192;

/**
 * The word lists, laid out by JavaScript (`word-table.ts`): for each list, 256 u16 offsets from
 * `WORD_TABLE` by first character (0: no word starts so), each to a run of entries `[length][bytes]`
 * (one byte per Latin-1 character) of the words starting with that character, ended by a 0 length.
 */
export const WORD_TABLE: usize = memory.data(WORD_TABLE_SIZE, 16);

/** List numbers: the order of `WORD_LISTS` in `word-table.ts`. */
const PHONE: i32 = 0;
const TRACKING: i32 = 1;
const SSN: i32 = 2;
const IDENTIFIER: i32 = 3;
const FILLER: i32 = 4;
const VERSION: i32 = 5;

/** A check's answer when the text it reads is not all Latin-1: JavaScript decides. */
const UNKNOWN: i32 = -1;

/** The highest code unit answered here. */
const LATIN1_MAX: i32 = 0xff;

/** `String.fromCharCode(c).toLowerCase()` for a Latin-1 `c`: `A`-`Z` and `À`-`Þ` but `×` move 32 up. */
@inline
function lower(c: i32): i32 {
  return <u32>(c - 65) <= 25 || (<u32>(c - 0xc0) <= 0x1e && c != 0xd7) ? c + 32 : c;
}

/**
 * `isWordChar` (`[\p{L}\p{M}\p{N}_]`, ASCII `\w`) for a Latin-1 `c`: above ASCII, `ª` `²` `³` `µ`
 * `¹` `º` `¼`-`¾` and the letters `À`-`ÿ` but `×` and `÷`.
 */
function latin1Word(c: i32): bool {
  if (c < 128) return isAsciiWordChar(c);
  if (c >= 0xc0) return c != 0xd7 && c != 0xf7;
  return c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 || c == 0xb9 || c == 0xba || (c >= 0xbc && c <= 0xbe);
}

/** The first entry of `list` for words starting with the Latin-1 character `c`, or 0. */
@inline
function firstEntry(list: i32, c: i32): usize {
  const offset = <usize>load<u16>(WORD_TABLE + (<usize>list << 9) + (<usize>c << 1));
  return offset == 0 ? 0 : WORD_TABLE + offset;
}

/** Whether a word of `list` starts at `p` (Latin-1 text) and ends at `end` at the latest. */
function wordStartsAt(list: i32, p: i32, end: i32): bool {
  let entry = firstEntry(list, lower(at(p)));
  if (entry == 0) return false;
  for (let length = <i32>load<u8>(entry); length != 0; entry += 1 + length, length = <i32>load<u8>(entry)) {
    if (p + length > end) continue;
    let k = 1;
    while (k < length && lower(at(p + k)) == <i32>load<u8>(entry + 1 + k)) k++;
    if (k == length) return true;
  }
  return false;
}

/** Whether the Latin-1 text [start, end), lower-cased, is a word of `list`. */
function isWord(list: i32, start: i32, end: i32): bool {
  if (end == start) return false;
  let entry = firstEntry(list, lower(at(start)));
  if (entry == 0) return false;
  const n = end - start;
  for (let length = <i32>load<u8>(entry); length != 0; entry += 1 + length, length = <i32>load<u8>(entry)) {
    if (length != n) continue;
    let k = 1;
    while (k < n && lower(at(start + k)) == <i32>load<u8>(entry + 1 + k)) k++;
    if (k == n) return true;
  }
  return false;
}

/**
 * `hasContextWord(contextBefore(text, index, width), list)`: a word of the list starts in the
 * `width` characters before `index` at a word boundary (not after a letter, digit, `_` or `[`), and
 * ends before `index`. UNKNOWN when those characters are not all Latin-1.
 */
function contextWordBefore(list: i32, index: i32, width: i32): i32 {
  const start = max(0, index - width);
  addWork(index - start);
  for (let k = start; k < index; k++) if (at(k) > LATIN1_MAX) return UNKNOWN;
  for (let p = start; p < index; p++) {
    if (p > start) {
      const before = at(p - 1);
      if (latin1Word(before) || before == 91) continue;
    }
    if (wordStartsAt(list, p, index)) return 1;
  }
  return 0;
}

/**
 * `hasIdentifierWordBefore`: the word before `index`, past up to four of ` #:.` (and no-break
 * space, tab, `(`, `°`, `º`) and past filler words (three hops at most), is an identifier word.
 * UNKNOWN when a word read there holds a code unit above Latin-1.
 */
function identifierWordBefore(index: i32): i32 {
  let i = index;
  for (let hops = 0; hops < 3; hops++) {
    let skipped = 0;
    while (i > 0 && skipped < 4) {
      const c = at(i - 1);
      if (c == 32 || c == 35 || c == 58 || c == 46 || c == 160 || c == 9 || c == 40 || c == 176 || c == 186) {
        i--;
        skipped++;
      } else break;
    }
    const wordEnd = i;
    while (i > 0 && wordEnd - i < 24) {
      const c = at(i - 1);
      if (c > LATIN1_MAX) return UNKNOWN;
      if (!latin1Word(c)) break;
      i--;
    }
    addWork(index - i);
    if (!isWord(FILLER, i, wordEnd)) return isWord(IDENTIFIER, i, wordEnd) ? 1 : 0;
  }
  return 0;
}

/** `hasVersionWordBefore`: the word right before `start` (past spaces) introduces a version. */
function versionWordBefore(start: i32): i32 {
  let i = start;
  while (i > 0 && at(i - 1) == 32) i--;
  const wordEnd = i;
  while (i > 0 && wordEnd - i < 12) {
    const c = at(i - 1);
    if (c > LATIN1_MAX) return UNKNOWN;
    if (!latin1Word(c)) break;
    i--;
  }
  addWork(start - i);
  return isWord(VERSION, i, wordEnd) ? 1 : 0;
}

/** Whether a phone word comes within 40 characters before `index`. */
export function hasPhoneContext(index: i32): bool {
  const answer = contextWordBefore(PHONE, index, 40);
  return answer == UNKNOWN ? phoneContext(index) : answer == 1;
}

/** Whether a tracking or carrier word comes within 40 characters before `index`. */
export function hasTrackingContext(index: i32): bool {
  const answer = contextWordBefore(TRACKING, index, 40);
  return answer == UNKNOWN ? trackingContext(index) : answer == 1;
}

/** Whether a social-security word comes within 48 characters before `index`. */
export function hasSsnContext(index: i32): bool {
  const answer = contextWordBefore(SSN, index, 48);
  return answer == UNKNOWN ? ssnContext(index) : answer == 1;
}

/** Whether the word before `index` says an identifier follows (`order`, `invoice`, …). */
export function hasIdentifierBefore(index: i32): bool {
  const answer = identifierWordBefore(index);
  return answer == UNKNOWN ? identifierBefore(index) : answer == 1;
}

/** Whether the word before `index` introduces a version (`version`, `build`, …). */
export function hasVersionBefore(index: i32): bool {
  const answer = versionWordBefore(index);
  return answer == UNKNOWN ? versionBefore(index) : answer == 1;
}
