import type { Detector, PiiSpan } from '../types.js';
import { isWordChar } from './chars.js';

/**
 * Candidate runs of hex digits, colons and dots that contain a colon. The leading quantifier is
 * bounded and the trailing one can never fail, so there is no backtracking: linear in the input.
 */
const CANDIDATE = /[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*/g;
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

function findIpv6(text: string, out: PiiSpan[]): void {
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    let start = m.index;
    let end = start + m[0].length;
    if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
    // Sentence punctuation around the address.
    while (end > start && text.charCodeAt(end - 1) === 46) end--;
    if (text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58) end--;
    while (start < end && text.charCodeAt(start) === 46) start++;
    if (end - start > MAX_LENGTH || end - start < 3) continue;
    if (isIpv6(text.slice(start, end))) out.push({ start, end, type: 'IPV6' });
  }
}

export const ipv6Detector: Detector = { type: 'IPV6', find: findIpv6 };
