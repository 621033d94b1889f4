import type { Detector, PiiSpan } from '../types.js';
import { isAsciiAlnum, isAsciiLetter, isUnicodeWord } from './chars.js';

/** RFC 5321 limits; anything longer is a token (base64, a hash), not an address. */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

function isLocalChar(c: number): boolean {
  // The dot-atom characters people actually use (`.`, `_`, `%`, `+`, `-`); quoted local parts are not PII-shaped.
  return isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || isUnicodeWord(c);
}

function isDomainChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 45 || c === 46 || isUnicodeWord(c);
}

/**
 * Scans around every `@`: left over the local part, right over the domain, each bounded, so a run of
 * `a@a@a@…` or a megabyte-long token costs O(length).
 */
function findEmails(text: string, out: PiiSpan[]): void {
  let at = text.indexOf('@');
  let minStart = 0; // never start inside the previous match
  while (at !== -1) {
    let start = at;
    const floor = Math.max(minStart, at - MAX_LOCAL - 1);
    while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--;
    const leftOverflow = start === at - MAX_LOCAL - 1 && isLocalChar(text.charCodeAt(start - 1));
    while (start < at && text.charCodeAt(start) === 46) start++; // leading dots are punctuation
    const before = text.charCodeAt(start - 1);
    let end = at + 1;
    const ceiling = Math.min(text.length, at + 1 + MAX_DOMAIN + 1);
    while (end < ceiling && isDomainChar(text.charCodeAt(end))) end++;
    const rightOverflow = end === at + 1 + MAX_DOMAIN + 1;
    // Trailing dots and hyphens are sentence punctuation.
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    if (
      !leftOverflow &&
      !rightOverflow &&
      start < at &&
      before !== 64 && // `x@y@z`: not an address
      text.charCodeAt(end) !== 64 &&
      isValidLocal(text, start, at) &&
      isValidDomain(text.slice(at + 1, end))
    ) {
      out.push({ start, end, type: 'EMAIL' });
      minStart = end;
      at = text.indexOf('@', end);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
}

function isValidLocal(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end - 1) === 46) return false;
  for (let i = start + 1; i < end; i++) {
    if (text.charCodeAt(i) === 46 && text.charCodeAt(i - 1) === 46) return false;
  }
  return true;
}

function isValidDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.charCodeAt(0) === 45 || label.charCodeAt(label.length - 1) === 45) return false;
  }
  const tld = labels[labels.length - 1]!;
  if (tld.startsWith('xn--')) return tld.length > 4;
  if (tld.length < 2) return false;
  for (let i = 0; i < tld.length; i++) {
    const c = tld.charCodeAt(i);
    if (!isAsciiLetter(c) && !isUnicodeWord(c)) return false;
    if (c >= 48 && c <= 57) return false;
  }
  return true;
}

export const emailDetector: Detector = { type: 'EMAIL', find: findEmails };
