import type { Detector, PiiSpan } from '../types.js';
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
  const gap = s.indexOf('::');
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
 * From each `:` the scan expands over hex digits, colons and dots, at most a bounded distance to the
 * left, and resumes after the candidate: every character is looked at a bounded number of times.
 */
function findIpv6(text: string, out: PiiSpan[]): void {
  let colon = text.indexOf(':');
  while (colon !== -1) {
    let start = colon;
    const floor = Math.max(0, colon - MAX_LENGTH);
    while (start > floor && isAddressChar(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && isAddressChar(text.charCodeAt(end))) end++;
    const next = text.indexOf(':', end);
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
    colon = next;
  }
}

export const ipv6Detector: Detector = { type: 'IPV6', find: findIpv6 };
