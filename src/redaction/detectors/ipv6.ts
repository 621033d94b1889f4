import type { PiiSpan } from '../types.js';
import { codeAt, isHexDigit, isWordChar } from './chars.js';

/** The longest textual IPv6 address (with an embedded IPv4) has 45 characters. */
const MAX_LENGTH = 45;
/** Whether s[from, to) is a dotted-quad IPv4 (the embedded form `::ffff:1.2.3.4`). */
function isIpv4Tail(s: string, from: number, to: number): boolean {
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || value > 255 || (digits > 1 && s.charCodeAt(i - digits) === 48)) return false;
      octets++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      value = value * 10 + c - 48;
      digits++;
    } else return false;
  }
  return octets === 4;
}

/** Counts the 16-bit groups of s[from, to) (one side of `::`), or -1 when malformed. */
function countGroups(s: string, from: number, to: number, allowIpv4Tail: boolean): number {
  if (from === to) return 0;
  let count = 0;
  let groupStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && s.charCodeAt(i) !== 58) continue;
    const length = i - groupStart;
    let hex = length >= 1 && length <= 4;
    for (let k = groupStart; k < i && hex; k++) hex = isHexDigit(s.charCodeAt(k));
    if (hex) count++;
    else if (allowIpv4Tail && i === to && isIpv4Tail(s, groupStart, i)) count += 2;
    else return -1;
    groupStart = i + 1;
  }
  return count;
}

/**
 * Strict textual IPv6 (RFC 4291 §2.2) in s[from, to): full, compressed, or with an embedded IPv4; no
 * zone. Reads the candidate in place (no substring).
 */
export function isIpv6At(s: string, from: number, to: number): boolean {
  let colons = 0;
  let gap = -1;
  let secondGap = false;
  for (let i = from; i < to; i++) {
    if (s.charCodeAt(i) !== 58) continue;
    colons++;
    if (i + 1 < to && s.charCodeAt(i + 1) === 58) {
      if (gap === -1) gap = i;
      else secondGap = true; // a second `::`, or `:::`
    }
  }
  if (colons < 2 || (gap === -1 && colons !== 7 && colons !== 6)) return false;
  if (gap === -1) return countGroups(s, from, to, true) === 8;
  if (secondGap) return false;
  const h = countGroups(s, from, gap, false);
  const t = countGroups(s, gap + 2, to, true);
  if (h < 0 || t < 0 || h + t > 7) return false;
  // `::`, `::1`, `a::b` in code (`Foo::Bar` is cut by the word check): require two explicit groups.
  return h + t >= 2;
}

/** Hex digits, `:` and `.` (one table load per character of a candidate). */
const ADDRESS_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (isHexDigit(c) || c === 58 || c === 46) ADDRESS_CHAR[c] = 1;

/** The rest of a run of address characters; irregexp's greedy loop beats a `charCodeAt` loop on long runs. */
const ADDRESS_REST = /[0-9A-Fa-f:.]*/y;

function isAddressChar(c: number): boolean {
  return c < 128 && ADDRESS_CHAR[c] === 1;
}

/**
 * The IPv6 address around the `:` at `colon`: expands over hex digits, colons and dots, a bounded
 * distance to the left. Pushes a finding and returns where scanning may resume: after the candidate,
 * or after the whole run when it is too long to be an address. Each character is read a bounded
 * number of times.
 */
export function matchIpv6At(text: string, colon: number, out: PiiSpan[]): number {
  let start = colon;
  const floor = Math.max(0, colon - MAX_LENGTH);
  while (start > floor && isAddressChar(text.charCodeAt(start - 1))) start--;
  let end = colon + 1;
  const ceiling = Math.min(text.length, colon + MAX_LENGTH + 3);
  while (end < ceiling && isAddressChar(text.charCodeAt(end))) end++;
  if (end === ceiling && isAddressChar(codeAt(text, end))) {
    // Part of a run too long for an address: so is every other colon of it; skip the whole run.
    ADDRESS_REST.lastIndex = end;
    ADDRESS_REST.test(text);
    return ADDRESS_REST.lastIndex;
  }
  const resume = end;
  if (
    end - start <= MAX_LENGTH + 2 &&
    !isAddressChar(codeAt(text, start - 1)) &&
    !isWordChar(codeAt(text, start - 1)) &&
    !isWordChar(codeAt(text, end))
  ) {
    // Sentence punctuation around the address.
    while (end > start && text.charCodeAt(end - 1) === 46) end--;
    if (text.charCodeAt(end - 1) === 58 && codeAt(text, end - 2) !== 58) end--;
    while (start < end && text.charCodeAt(start) === 46) start++;
    if (end - start >= 3 && end - start <= MAX_LENGTH && isIpv6At(text, start, end)) {
      out.push({ start, end, type: 'IPV6' });
    }
  }
  return resume;
}
