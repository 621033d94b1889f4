// The text being scanned, as UTF-16 code units in linear memory (JavaScript writes it there), and
// the character classes the detectors use.
import { isUnicodeWord } from './imports';

/** What a read outside the text gives: above every code unit, so like JavaScript's NaN it is no digit, letter or separator. */
export const OUTSIDE: i32 = 0x10000;

export let textBase: usize = 0;
export let textLength: i32 = 0;

/** The code unit at `i`, which must lie inside the text. */
@inline
export function at(i: i32): i32 {
  return <i32>load<u16>(textBase + (<usize>i << 1));
}

/** The code unit at `i`, or `OUTSIDE` before the start or past the end. */
@inline
export function codeAt(i: i32): i32 {
  return <u32>i < <u32>textLength ? <i32>load<u16>(textBase + (<usize>i << 1)) : OUTSIDE;
}

@inline
export function isDigit(c: i32): bool {
  return <u32>(c - 48) <= 9;
}

@inline
export function isAsciiLetter(c: i32): bool {
  return c < 128 && <u32>((c | 32) - 97) <= 25;
}

@inline
export function isHexDigit(c: i32): bool {
  return isDigit(c) || (c < 128 && <u32>((c | 32) - 97) <= 5);
}

@inline
export function isAsciiAlnum(c: i32): bool {
  return isDigit(c) || isAsciiLetter(c);
}

/** ASCII letter, digit or `_` (regex `\w`). */
@inline
export function isAsciiWordChar(c: i32): bool {
  return isAsciiAlnum(c) || c == 95;
}

/** Letter, digit or `_`, including non-ASCII letters and digits; false outside the text. */
export function isWordChar(c: i32): bool {
  if (c < 128) return isAsciiWordChar(c);
  if (c == OUTSIDE) return false;
  return isUnicodeWord(c);
}
