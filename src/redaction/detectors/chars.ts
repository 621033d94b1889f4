/** Character-class helpers shared by the scanners (char codes, no regex per character). */

const UNICODE_WORD = /[\p{L}\p{M}\p{N}]/u;

/**
 * `text.charCodeAt(i)` for an index that may lie outside the text: NaN there, as `charCodeAt`.
 * Reads beside a candidate go through here on purpose: once a `charCodeAt` site has returned NaN,
 * V8's optimised code calls the generic builtin at that site for good (about 50 instructions instead
 * of an inline load), and most candidates sit at some text's start or end.
 */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : Number.NaN;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

/** Letter, digit or `_`, including non-ASCII letters and digits. NaN (out of range) is false. */
export function isWordChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 95;
  if (Number.isNaN(c)) return false;
  return UNICODE_WORD.test(String.fromCharCode(c));
}

/** Non-ASCII letter or digit (for internationalised e-mail addresses). */
export function isUnicodeWord(c: number): boolean {
  return c >= 128 && UNICODE_WORD.test(String.fromCharCode(c));
}

/**
 * The lower-cased text of up to `width` characters before `index`, for context-word checks.
 * Bounded, so a context check costs O(width) whatever the input.
 */
export function contextBefore(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}
