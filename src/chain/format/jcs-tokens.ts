/**
 * Single JSON tokens in RFC 8785 (JCS) form, for the writer-line scanner: which characters a string
 * holds as they are, which escapes JCS writes, well-formed UTF-8, numbers as ECMAScript prints them.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const MINUS = 0x2d;
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;

/** 1 for the characters a JCS string holds as they are and that need no closer look: printable ASCII but `"` and `\`. */
export const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++) PLAIN[c] = c === QUOTE || c === BACKSLASH ? 0 : 1;

/**
 * Whether a number without exponent is, as written, what ECMAScript prints for its value, decided
 * without converting it (the common cases). Up to 15 significant digits a decimal converts to a
 * double and back unchanged, so no shorter string names the same double: with no trailing fraction
 * zero, in the range ECMAScript prints without exponent (integers below 1e21, fractions from 1e-6),
 * the text is the shortest form. `-0` prints as `0`. Anything else goes to `String(Number(x))`.
 */
export function isShortestDecimal(s: string, start: number, integerEnd: number, fractionStart: number, end: number): boolean {
  const negative = s.charCodeAt(start) === MINUS;
  const integerStart = negative ? start + 1 : start;
  const zeroInteger = s.charCodeAt(integerStart) === DIGIT_0; // then the integer part is just "0"
  if (fractionStart < 0) return integerEnd - integerStart <= 15 && !(zeroInteger && negative);
  if (s.charCodeAt(end - 1) === DIGIT_0) return false;
  if (!zeroInteger) return integerEnd - integerStart + (end - fractionStart) <= 15;
  let firstSignificant = fractionStart;
  while (s.charCodeAt(firstSignificant) === DIGIT_0) firstSignificant++;
  return firstSignificant - fractionStart <= 5 && end - firstSignificant <= 15;
}

export function skipDigits(s: string, from: number): number {
  let i = from;
  while (isDigit(s.charCodeAt(i))) i++;
  return i;
}

export function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

const ESCAPED = new Set([0x22, 0x5c, 0x62, 0x66, 0x6e, 0x72, 0x74]); // " \ b f n r t
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** Length of the JCS escape at `i` (a backslash), or 0 if it is not one JCS would write. */
export function escapeLength(s: string, i: number): number {
  const e = s.charCodeAt(i + 1);
  if (ESCAPED.has(e)) return 2;
  if (e !== 0x75 || s.charCodeAt(i + 2) !== DIGIT_0 || s.charCodeAt(i + 3) !== DIGIT_0) return 0;
  const high = s.charCodeAt(i + 4) - DIGIT_0;
  const lowChar = s.charCodeAt(i + 5);
  const low = isDigit(lowChar) ? lowChar - DIGIT_0 : lowChar >= 0x61 && lowChar <= 0x66 ? lowChar - 0x61 + 10 : -1;
  if ((high !== 0 && high !== 1) || low < 0) return 0;
  return SHORT_ESCAPED_CONTROLS.has(high * 16 + low) ? 0 : 6;
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (Unicode Table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. Only then do the bytes equal the UTF-8 of the text
 * `JSON.parse` sees, instead of replacement characters.
 */
export function utf8SequenceLength(s: string, i: number): number {
  const b0 = s.charCodeAt(i);
  const b1 = s.charCodeAt(i + 1);
  if (b0 < 0xc2) return 0;
  if (b0 < 0xe0) return isContinuation(b1) ? 2 : 0;
  const b2 = s.charCodeAt(i + 2);
  if (b0 < 0xf0) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return b1 >= lo && b1 <= hi && isContinuation(b2) ? 3 : 0;
  }
  if (b0 < 0xf5) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return b1 >= lo && b1 <= hi && isContinuation(b2) && isContinuation(s.charCodeAt(i + 3)) ? 4 : 0;
  }
  return 0;
}

function isContinuation(b: number): boolean {
  return b >= 0x80 && b <= 0xbf;
}
