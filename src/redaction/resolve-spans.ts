import type { PiiSpan } from './types.js';

/**
 * Merges the findings of detectors given in priority order into sorted, non-overlapping spans:
 * a span that overlaps one of an earlier detector is dropped. Findings are few, so a sorted array
 * with binary search is cheaper than an occupancy map over the text.
 */
export function resolveSpans(byDetector: readonly PiiSpan[][]): PiiSpan[] {
  const accepted: PiiSpan[] = [];
  for (const spans of byDetector) {
    if (spans.length === 0) continue;
    if (accepted.length === 0) {
      const sorted = isSorted(spans) ? spans : spans.slice().sort((a, b) => a.start - b.start);
      for (const span of sorted) {
        const prev = accepted[accepted.length - 1];
        if (prev === undefined || prev.end <= span.start) accepted.push(span);
      }
      continue;
    }
    for (const span of spans) {
      // First accepted span ending after span.start.
      let lo = 0;
      let hi = accepted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (accepted[mid]!.end <= span.start) lo = mid + 1;
        else hi = mid;
      }
      const next = accepted[lo];
      if (next !== undefined && next.start < span.end) continue;
      accepted.splice(lo, 0, span);
    }
  }
  return accepted;
}

function isSorted(spans: readonly PiiSpan[]): boolean {
  for (let i = 1; i < spans.length; i++) if (spans[i]!.start < spans[i - 1]!.start) return false;
  return true;
}
