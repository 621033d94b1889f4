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
