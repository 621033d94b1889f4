/** Character-class helpers shared by the scanners (char codes, no regex per character). */

const UNICODE_WORD = /[\p{L}\p{M}\p{N}]/u;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

export function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
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
