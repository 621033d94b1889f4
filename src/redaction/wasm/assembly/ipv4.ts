// Dotted-quad IPv4 addresses in a numeric run. Part of a longer dotted sequence (an OID,
// `1.2.3.4.5`), with leading zeros, or after a version word, a dotted quad is not an address.
import { hasVersionBefore } from './context-words';
import { at } from './text';
import { ge, groupLength, gs, runGluedRight, runGroups, runPlus, sep, SEP_DOT, SEP_SINGLE } from './numeric-run';

const DOT: i32 = SEP_SINGLE | SEP_DOT;

function isOctet(start: i32, end: i32): bool {
  const length = end - start;
  if (length > 3) return false;
  if (length > 1 && at(start) == 48) return false; // leading zeros: not how addresses are written
  if (length < 3) return true;
  return (at(start) - 48) * 100 + (at(start + 1) - 48) * 10 + at(start + 2) - 48 <= 255;
}

/** The last group of a dotted-quad IPv4 address starting at group `i`, or -1. */
@inline
export function matchIpv4(i: i32): i32 {
  return i + 3 < runGroups && sep(i + 1) == DOT ? matchIpv4From(i) : -1;
}

function matchIpv4From(i: i32): i32 {
  const j = i + 3;
  if (j >= runGroups || (i == 0 && runPlus)) return -1;
  if (i > 0 && (sep(i) & SEP_DOT) != 0) return -1;
  if (sep(i + 1) != DOT || sep(i + 2) != DOT || sep(j) != DOT) return -1;
  if (j == runGroups - 1 ? runGluedRight : sep(j + 1) == DOT) return -1;
  for (let k = i; k <= j; k++) if (!isOctet(gs(k), ge(k))) return -1;
  if (groupLength(i) == 0 || hasVersionBefore(gs(i))) return -1;
  return j;
}
