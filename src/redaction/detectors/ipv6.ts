import type { PiiSpan } from '../types.js';
import { isHexDigit, isWordChar } from './chars.js';

/** The longest textual IPv6 address (with an embedded IPv4) has 45 characters. */
const MAX_LENGTH = 45;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV4_TAIL = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Counts the 16-bit groups of one side of `::`, or -1 when malformed. */
function countGroups(part: string, allowIpv4Tail: boolean): number {
  if (part === '') return 0;
  const groups = part.split(':');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (HEX_GROUP.test(g)) count++;
    else if (allowIpv4Tail && i === groups.length - 1 && IPV4_TAIL.test(g)) count += 2;
    else return -1;
  }
  return count;
}

/** Strict textual IPv6 (RFC 4291 §2.2): full, compressed, or with an embedded IPv4; no zone. */
export function isIpv6(s: string): boolean {
  let colons = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 58) colons++;
  const gap = s.indexOf('::');
  if (colons < 2 || (gap === -1 && colons !== 7 && colons !== 6)) return false;
  if (gap === -1) return countGroups(s, true) === 8;
  if (s.indexOf('::', gap + 1) !== -1 || s.includes(':::')) return false;
  const head = s.slice(0, gap);
  const tail = s.slice(gap + 2);
  const h = countGroups(head, false);
  const t = countGroups(tail, true);
  if (h < 0 || t < 0 || h + t > 7) return false;
  // `::`, `::1`, `a::b` in code (`Foo::Bar` is cut by the word check): require two explicit groups.
  return h + t >= 2;
}

function isAddressChar(c: number): boolean {
  return isHexDigit(c) || c === 58 || c === 46;
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
  if (end === ceiling && isAddressChar(text.charCodeAt(end))) {
    // Part of a run too long for an address: so is every other colon of it; skip the whole run.
    while (end < text.length && isAddressChar(text.charCodeAt(end))) end++;
    return end;
  }
  const resume = end;
  if (
    end - start <= MAX_LENGTH + 2 &&
    !isAddressChar(text.charCodeAt(start - 1)) &&
    !isWordChar(text.charCodeAt(start - 1)) &&
    !isWordChar(text.charCodeAt(end))
  ) {
    // Sentence punctuation around the address.
    while (end > start && text.charCodeAt(end - 1) === 46) end--;
    if (text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58) end--;
    while (start < end && text.charCodeAt(start) === 46) start++;
    if (end - start >= 3 && end - start <= MAX_LENGTH && isIpv6(text.slice(start, end))) {
      out.push({ start, end, type: 'IPV6' });
    }
  }
  return resume;
}
