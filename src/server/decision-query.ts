import type { DecisionFilter, SortKey } from './decision-filter.js';
import { cursorLength, SORT_KEYS } from './decision-filter.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type QueryParse =
  | { ok: true; filter: DecisionFilter; format: 'json' | 'jsonl' | 'evidence' }
  | { ok: false; field: string; message: string };

/** The list filters, shared by `GET /v1/decisions`, the export and the HTML list. */
export const FILTER_PARAMS = [
  'aiSystemId',
  'model',
  'provider',
  'status',
  'operation',
  'from',
  'to',
  'chainId',
  'humanReview',
  'redaction',
  'traceId',
  'relatedDecisionId',
  'action',
  'firedCheck',
] as const;

/** Every parameter `GET /v1/decisions` knows; any other is refused with 400 naming it. */
export const LIST_PARAMS: readonly string[] = [...FILTER_PARAMS, 'sort', 'limit', 'cursor', 'format'];

const TEXT_FILTERS = ['aiSystemId', 'model', 'provider', 'operation', 'chainId', 'traceId', 'relatedDecisionId', 'redaction', 'action', 'firedCheck'] as const;
const MAX_TEXT = 512;

function parseTime(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  // A date alone is midnight UTC; anything else must name its offset, or it would be the server's local time.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return Number.NaN;
  return Date.parse(value);
}

/**
 * The cursor is opaque to clients: base64url of the sort key and the last row's position in that
 * order (sort value, `decidedAt` ms, internal id), so the next page starts exactly after it.
 */
export function encodeCursor(sort: SortKey, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([sort, ...position])).toString('base64url');
}

function decodeCursor(cursor: string, sort: SortKey): (string | number)[] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value[0] !== sort || value.length !== cursorLength(sort) + 1) return undefined;
    const rest = value.slice(1);
    if (!rest.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)))) return undefined;
    return rest as (string | number)[];
  } catch {
    return undefined;
  }
}

const fail = (field: string, message: string): QueryParse => ({ ok: false, field, message: `${field}: ${message}` });

export interface QueryOptions {
  /** Accept header, for `application/x-ndjson`. */
  accept?: string | undefined;
  /** HTML forms send every field, empty ones too: treat an empty value as not given. */
  emptyIsAbsent?: boolean;
  /** Default order. @defaultValue `'received'` (arrival order, oldest first) */
  defaultSort?: string;
  /** Parameters the route knows besides {@link LIST_PARAMS}. */
  extraParams?: readonly string[];
}

/**
 * Parses a decision-list query. Unknown parameters, repeated ones and malformed values are refused
 * with the parameter's name: a filter silently ignored would show an auditor the wrong records.
 * `from`/`to` (ISO-8601 with offset, a date, or epoch ms) bound `decidedAt`, `to` exclusive.
 */
export function parseDecisionQuery(params: URLSearchParams, options: QueryOptions = {}): QueryParse {
  const known = new Set([...LIST_PARAMS, ...(options.extraParams ?? [])]);
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (const [key, value] of params) {
    if (!known.has(key)) return fail(key, `unknown query parameter (known: ${[...known].join(', ')})`);
    if (seen.has(key)) return fail(key, 'given more than once');
    seen.add(key);
    if (value === '' && options.emptyIsAbsent) continue;
    values.set(key, value);
  }
  const filter: DecisionFilter = { limit: DEFAULT_PAGE_SIZE, sort: 'received', descending: false };
  for (const key of TEXT_FILTERS) {
    const raw = values.get(key);
    if (raw === undefined) continue;
    if (raw === '' || raw.length > MAX_TEXT) return fail(key, `must be a non-empty string of at most ${MAX_TEXT} characters`);
    filter[key] = raw;
  }
  const status = values.get('status');
  if (status !== undefined) {
    if (status !== 'completed' && status !== 'failed') return fail('status', 'must be completed or failed');
    filter.status = status;
  }
  for (const key of ['from', 'to'] as const) {
    const raw = values.get(key);
    if (raw === undefined) continue;
    const ms = parseTime(raw);
    if (!Number.isFinite(ms)) return fail(key, 'must be an ISO-8601 time with offset (2026-03-01T10:00:00Z), a date, or epoch milliseconds');
    filter[key] = ms;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) return fail('to', 'must be after from');
  const review = values.get('humanReview');
  if (review !== undefined) {
    if (review !== 'true' && review !== 'false') return fail('humanReview', 'must be true or false');
    filter.humanReview = review === 'true';
  }
  const sort = values.get('sort') ?? options.defaultSort ?? 'received';
  const key = sort.replace(/^-/, '');
  if (!(SORT_KEYS as readonly string[]).includes(key)) return fail('sort', `must be one of ${SORT_KEYS.join(', ')}, optionally prefixed with - (descending)`);
  filter.sort = key as SortKey;
  filter.descending = sort.startsWith('-');
  const limit = values.get('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > MAX_PAGE_SIZE) return fail('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    filter.limit = n;
  }
  const cursor = values.get('cursor');
  if (cursor !== undefined) {
    const after = decodeCursor(cursor, filter.sort);
    if (after === undefined) return fail('cursor', 'not a cursor this server issued for this sort order');
    filter.after = after;
  }
  const format = values.get('format');
  if (format !== undefined && !['json', 'jsonl', 'ndjson', 'evidence'].includes(format)) {
    return fail('format', 'must be json, jsonl or evidence');
  }
  const jsonl = format === 'jsonl' || format === 'ndjson' || (format === undefined && (options.accept ?? '').includes('application/x-ndjson'));
  return { ok: true, filter, format: format === 'evidence' ? 'evidence' : jsonl ? 'jsonl' : 'json' };
}

/** The query string of a filter (for links: next page, sort, export). */
export function filterToParams(filter: DecisionFilter, overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of TEXT_FILTERS) if (filter[key] !== undefined) params.set(key, filter[key]!);
  if (filter.status !== undefined) params.set('status', filter.status);
  if (filter.from !== undefined) params.set('from', new Date(filter.from).toISOString());
  if (filter.to !== undefined) params.set('to', new Date(filter.to).toISOString());
  if (filter.humanReview !== undefined) params.set('humanReview', String(filter.humanReview));
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  }
  return params;
}
