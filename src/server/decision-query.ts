import type { DecisionFilter } from './decision-store.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type QueryParse = { ok: true; filter: DecisionFilter; jsonl: boolean } | { ok: false; field: string; message: string };

function parseTime(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  return Date.parse(value);
}

/** The cursor is opaque to clients: base64url of the last row's internal id. */
export function encodeCursor(id: number): string {
  return Buffer.from(`r${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^r\d+$/.test(text) ? Number(text.slice(1)) : undefined;
}

/**
 * `GET /v1/decisions` query: `from`, `to` (ISO-8601 or epoch ms, on `decidedAt`; `to` exclusive),
 * `chainId`, `model`, `status`, `limit` (1..1000), `cursor`, `format=jsonl`.
 */
export function parseDecisionQuery(params: URLSearchParams, accept: string | undefined): QueryParse {
  const filter: DecisionFilter = { limit: DEFAULT_PAGE_SIZE };
  for (const key of ['from', 'to'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    const ms = parseTime(raw);
    if (!Number.isFinite(ms)) return { ok: false, field: key, message: `${key}: must be an ISO-8601 time or epoch milliseconds` };
    filter[key] = ms;
  }
  for (const key of ['chainId', 'model', 'status'] as const) {
    const raw = params.get(key);
    if (raw !== null) filter[key] = raw;
  }
  const limit = params.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
      return { ok: false, field: 'limit', message: `limit: must be an integer from 1 to ${MAX_PAGE_SIZE}` };
    }
    filter.limit = n;
  }
  const cursor = params.get('cursor');
  if (cursor !== null) {
    const after = decodeCursor(cursor);
    if (after === undefined) return { ok: false, field: 'cursor', message: 'cursor: not a cursor this server issued' };
    filter.after = after;
  }
  const format = params.get('format');
  if (format !== null && format !== 'json' && format !== 'jsonl' && format !== 'ndjson') {
    return { ok: false, field: 'format', message: 'format: must be json or jsonl' };
  }
  const jsonl = format === 'jsonl' || format === 'ndjson' || (format === null && (accept ?? '').includes('application/x-ndjson'));
  return { ok: true, filter, jsonl };
}
