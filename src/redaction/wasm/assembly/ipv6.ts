// IPv6 addresses around a colon (RFC 4291 §2.2 text forms: full, compressed, with an embedded IPv4;
// no zone). Each character is read a bounded number of times: a run of address characters too long
// for an address is skipped whole.
import { found } from './imports';
import { at, codeAt, isDigit, isHexDigit, isWordChar, textLength } from './text';
import { addWork } from './work';

/** Finding type of an IPv6 address reported through `found`. */
export const TYPE_IPV6: i32 = 5;

/** The longest textual IPv6 address (with an embedded IPv4) has 45 characters. */
const MAX_LENGTH: i32 = 45;

/** Whether [from, to) is a dotted-quad IPv4 (the embedded form `::ffff:1.2.3.4`). */
function isIpv4Tail(from: i32, to: i32): bool {
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i == to ? 46 : at(i);
    if (c == 46) {
      if (digits == 0 || value > 255 || (digits > 1 && at(i - digits) == 48)) return false;
      octets++;
      value = 0;
      digits = 0;
    } else if (isDigit(c) && digits < 3) {
      value = value * 10 + c - 48;
      digits++;
    } else return false;
  }
  return octets == 4;
}

/** Counts the 16-bit groups of [from, to) (one side of `::`), or -1 when malformed. */
function countGroups(from: i32, to: i32, allowIpv4Tail: bool): i32 {
  if (from == to) return 0;
  let count = 0;
  let groupStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && at(i) != 58) continue;
    const length = i - groupStart;
    let hex = length >= 1 && length <= 4;
    for (let k = groupStart; k < i && hex; k++) hex = isHexDigit(at(k));
    if (hex) count++;
    else if (allowIpv4Tail && i == to && isIpv4Tail(groupStart, i)) count += 2;
    else return -1;
    groupStart = i + 1;
  }
  return count;
}

/** Strict textual IPv6 in [from, to): full, compressed, or with an embedded IPv4; no zone. */
function isIpv6At(from: i32, to: i32): bool {
  let colons = 0;
  let gap = -1;
  let secondGap = false;
  for (let i = from; i < to; i++) {
    if (at(i) != 58) continue;
    colons++;
    if (i + 1 < to && at(i + 1) == 58) {
      if (gap == -1) gap = i;
      else secondGap = true; // a second `::`, or `:::`
    }
  }
  if (colons < 2 || (gap == -1 && colons != 7 && colons != 6)) return false;
  if (gap == -1) return countGroups(from, to, true) == 8;
  if (secondGap) return false;
  const h = countGroups(from, gap, false);
  const t = countGroups(gap + 2, to, true);
  if (h < 0 || t < 0 || h + t > 7) return false;
  // `::`, `::1`, `a::b` in code (`Foo::Bar` is cut by the word check): require two explicit groups.
  return h + t >= 2;
}

/** Hex digits, `:` and `.`; false outside the text. */
@inline
function isAddressChar(c: i32): bool {
  return isHexDigit(c) || c == 58 || c == 46;
}

/** Whether the last `matchIpv6At` reported an address. */
export let ipv6Found: bool = false;

/**
 * The IPv6 address around the `:` at `colon`: expands over hex digits, colons and dots, a bounded
 * distance to the left. Reports a finding (setting `ipv6Found`) and returns where scanning may
 * resume: after the candidate, or after the whole run when it is too long to be an address.
 */
export function matchIpv6At(colon: i32): i32 {
  ipv6Found = false;
  let start = colon;
  const floor = max(0, colon - MAX_LENGTH);
  while (start > floor && isAddressChar(at(start - 1))) start--;
  let end = colon + 1;
  const ceiling = min(textLength, colon + MAX_LENGTH + 3);
  while (end < ceiling && isAddressChar(at(end))) end++;
  if (end == ceiling && isAddressChar(codeAt(end))) {
    // Part of a run too long for an address: so is every other colon of it; skip the whole run.
    while (isAddressChar(codeAt(end))) end++;
    addWork(end - start);
    return end;
  }
  addWork(2 * (end - start));
  const resume = end;
  if (
    end - start <= MAX_LENGTH + 2 &&
    !isAddressChar(codeAt(start - 1)) &&
    !isWordChar(codeAt(start - 1)) &&
    !isWordChar(codeAt(end))
  ) {
    // Sentence punctuation around the address.
    while (end > start && at(end - 1) == 46) end--;
    if (codeAt(end - 1) == 58 && codeAt(end - 2) != 58) end--;
    while (start < end && at(start) == 46) start++;
    if (end - start >= 3 && end - start <= MAX_LENGTH && isIpv6At(start, end)) {
      found(start, end, TYPE_IPV6);
      ipv6Found = true;
    }
  }
  return resume;
}
