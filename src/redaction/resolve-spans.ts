import type { PiiSpan } from './types.js';

/**
 * Merges the findings of detectors given in priority order into sorted, non-overlapping spans: a
 * span that overlaps one of an earlier detector is dropped. Each list is merged into the result in
 * one linear pass (no insertion into the middle of an array), so the whole merge is linear. The
 * lists belong to the caller's call: the result may be one of them (when no other list has spans).
 */
export function resolveSpans(byDetector: readonly PiiSpan[][]): PiiSpan[] {
  let accepted: PiiSpan[] = [];
  for (const list of byDetector) {
    if (list.length === 0) continue;
    const spans = normalise(list);
    if (accepted.length === 0) {
      accepted = spans;
      continue;
    }
    const merged: PiiSpan[] = [];
    let a = 0;
    for (const span of spans) {
      // Keep every accepted span that ends before this one starts.
      while (a < accepted.length && accepted[a]!.end <= span.start) merged.push(accepted[a++]!);
      // Overlaps the next accepted (higher-priority) span: drop it.
      if (a < accepted.length && accepted[a]!.start < span.end) continue;
      merged.push(span);
    }
    while (a < accepted.length) merged.push(accepted[a++]!);
    accepted = merged;
  }
  return accepted;
}

/** The list sorted by start with overlaps inside it removed (first wins); itself when already so. */
function normalise(list: PiiSpan[]): PiiSpan[] {
  let ok = true;
  for (let i = 1; i < list.length && ok; i++) if (list[i]!.start < list[i - 1]!.end) ok = false;
  if (ok) return list;
  const sorted = list.slice().sort((x, y) => x.start - y.start || y.end - x.end);
  const out: PiiSpan[] = [];
  for (const span of sorted) {
    const prev = out[out.length - 1];
    if (prev === undefined || prev.end <= span.start) out.push(span);
  }
  return out;
}

/**
 * Rank of a built-in finding when two overlap: an e-mail address, then an IBAN, then an IPv6
 * address, then the numeric types (an address's local part is not a phone, an IBAN's digits are not
 * a card, an embedded IPv4 belongs to its IPv6).
 */
function rankOf(type: string): number {
  return type === 'EMAIL' ? 0 : type === 'IBAN' ? 1 : type === 'IPV6' ? 2 : 3;
}

/**
 * The findings of one scan, in the order found, as sorted non-overlapping spans. The scan moves left
 * to right, so findings that do not overlap are already in order and are returned as they are (the
 * common case, no allocation). Otherwise they are split by detector and merged by rank.
 */
export function resolveScan(found: PiiSpan[]): PiiSpan[] {
  for (let k = 1; k < found.length; k++) {
    if (found[k]!.start < found[k - 1]!.end) {
      const byRank: PiiSpan[][] = [[], [], [], []];
      for (const span of found) byRank[rankOf(span.type)]!.push(span);
      return resolveSpans(byRank);
    }
  }
  return found;
}
