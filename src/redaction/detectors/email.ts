import { codeAt, isAsciiAlnum, isAsciiLetter, isUnicodeWord } from './chars.js';

/** RFC 5321 limits; anything longer is a token (base64, a hash), not an address. */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

const LOCAL = 1;
const DOMAIN = 2;
/** ASCII characters of local parts and domains (one table load instead of a chain of comparisons). */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  // The dot-atom characters people actually use (`.`, `_`, `%`, `+`, `-`); quoted local parts are not PII-shaped.
  if (isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45) ASCII_CLASS[c]! |= LOCAL;
  if (isAsciiAlnum(c) || c === 45 || c === 46) ASCII_CLASS[c]! |= DOMAIN;
}

function isLocalChar(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & LOCAL) !== 0 : isUnicodeWord(c);
}

function isDomainChar(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & DOMAIN) !== 0 : isUnicodeWord(c);
}

/**
 * Cheap rejection of the `@` at `at`, small enough to be inlined into the scanner: false when
 * nothing that can end a local part is on its left, or when another `@` is right before that
 * character (`…@y@`: the scan in `matchEmailAt` would stop there and reject the same way). So
 * `a@a@a@…` costs a few reads per `@`.
 */
export function mayStartEmailAt(text: string, at: number): boolean {
  const left = codeAt(text, at - 1);
  return isLocalChar(left) && (left === 46 || codeAt(text, at - 2) !== 64);
}

/** Pairs of one character (not `@` or `.`) and an `@`: the tail of an `a@b@c@…` chain. */
const AT_CHAIN = /(?:[^@.]@)*/y;

/**
 * Where an `x@y@z@…` chain that follows the `@` at `at` ends (`at + 1` when there is none). Every
 * `@` in it has another `@` two characters back and no `.` before it, so `mayStartEmailAt` rejects
 * each; the characters between hold no other finding either (a lone digit, `+`, `(` or `:` before an
 * `@` starts nothing). One sticky regex call skips the chain instead of one scanner step per `@`.
 */
export function atChainEnd(text: string, at: number): number {
  AT_CHAIN.lastIndex = at + 1;
  AT_CHAIN.test(text);
  return AT_CHAIN.lastIndex;
}

/**
 * The e-mail address around the `@` at `at`, or -1: scans left over the local part and right over
 * the domain, each bounded, so a run of `a@a@a@…` or a megabyte-long token costs O(length). On
 * success returns the end and stores the start in `found.start`.
 */
export function matchEmailAt(text: string, at: number, minStart: number, found: { start: number }): number {
  if (!mayStartEmailAt(text, at)) return -1;
  let start = at;
  const floor = Math.max(minStart, at - MAX_LOCAL - 1);
  while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--;
  if (start === at - MAX_LOCAL - 1 && isLocalChar(codeAt(text, start - 1))) return -1;
  while (start < at && text.charCodeAt(start) === 46) start++; // leading dots are punctuation
  if (start === at || codeAt(text, start - 1) === 64) return -1; // `x@y@z`: not an address
  let end = at + 1;
  const ceiling = Math.min(text.length, at + 1 + MAX_DOMAIN + 1);
  while (end < ceiling && isDomainChar(text.charCodeAt(end))) end++;
  if (end === at + 1 + MAX_DOMAIN + 1) return -1;
  // Trailing dots and hyphens are sentence punctuation.
  while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  if (codeAt(text, end) === 64 || !isValidLocal(text, start, at) || !isValidDomain(text, at + 1, end)) return -1;
  found.start = start;
  return end;
}

function isValidLocal(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end - 1) === 46) return false;
  for (let i = start + 1; i < end; i++) {
    if (text.charCodeAt(i) === 46 && text.charCodeAt(i - 1) === 46) return false;
  }
  return true;
}

function isValidDomain(text: string, from: number, to: number): boolean {
  let labelStart = from;
  let labels = 0;
  for (let i = from; i <= to; i++) {
    if (i < to && text.charCodeAt(i) !== 46) continue;
    const length = i - labelStart;
    if (length === 0 || length > 63) return false;
    if (text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) return false;
    labels++;
    if (i === to) break;
    labelStart = i + 1;
  }
  if (labels < 2) return false;
  // Top-level domain: letters only (or an IDN `xn--` label).
  const tldLength = to - labelStart;
  if (tldLength > 4 && text.startsWith('xn--', labelStart)) return true;
  if (tldLength < 2) return false;
  for (let i = labelStart; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiLetter(c) && !isUnicodeWord(c)) return false;
    if (c >= 48 && c <= 57) return false;
  }
  return true;
}

