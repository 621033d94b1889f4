/**
 * Per-field limits of a stored record, checked before anything touches the store: a record nested
 * thousands of levels deep (20 KB is enough) would overflow the stack of every recursive reader
 * after it — the chain check at ingest, the canonical form in `verify` — so it is refused with a
 * 400 naming the field, and only its own request fails. Iterative, so the check itself cannot
 * overflow.
 */
export const MAX_FIELD_DEPTH = 64;
/** Values (objects, arrays and scalars) in one top-level field. */
export const MAX_FIELD_NODES = 100_000;

export type LimitViolation = { field: string; message: string };

export function checkFieldLimits(record: Record<string, unknown>): LimitViolation | undefined {
  for (const [field, value] of Object.entries(record)) {
    if (typeof value !== 'object' || value === null) continue;
    let nodes = 0;
    const stack: [unknown, number][] = [[value, 1]];
    while (stack.length > 0) {
      const [current, depth] = stack.pop()!;
      if (++nodes > MAX_FIELD_NODES) return { field, message: `${field}: more than ${MAX_FIELD_NODES} values` };
      if (typeof current !== 'object' || current === null) continue;
      if (depth > MAX_FIELD_DEPTH) return { field, message: `${field}: nested deeper than ${MAX_FIELD_DEPTH} levels` };
      for (const child of Array.isArray(current) ? current : Object.values(current)) {
        if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
        else nodes++;
      }
    }
  }
  return undefined;
}

/** RFC 3339 date-time with a zone, e.g. `2026-12-06T20:10:00.123Z` or `…+01:00`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;
/** Earliest accepted `decidedAt`: before it, a clock or a parser is wrong. */
export const MIN_DECIDED_MS = Date.UTC(2000, 0, 1);
/**
 * Latest accepted `decidedAt`. Not "now plus skew": a log is also loaded with records from other
 * systems and with fixtures dated ahead; what is refused is what no real clock produces.
 */
export const MAX_DECIDED_MS = Date.UTC(2100, 0, 1);

/** The time in ms, or a message saying why `decidedAt` is refused. */
export function parseDecidedAt(value: unknown): number | string {
  if (typeof value !== 'string' || !RFC3339.test(value)) return 'must be an RFC 3339 date-time with a zone (e.g. 2026-12-06T20:10:00.000Z)';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return 'must be a valid RFC 3339 date-time';
  if (ms < MIN_DECIDED_MS || ms >= MAX_DECIDED_MS) return 'is outside the accepted range (years 2000 to 2099)';
  return ms;
}
