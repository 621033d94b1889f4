import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DecisionFilter } from './decision-filter.js';
import { detailJson, readDecisionDetail } from './decision-detail.js';
import { encodeCursor, filterToParams, MAX_PAGE_SIZE, parseDecisionQuery } from './decision-query.js';
import type { DecisionStore } from './decision-store.js';
import { evidencePackLines } from './export/evidence-export.js';
import { exportSelection, oneLine } from './export/export-selection.js';
import { sendError, sendText, startStream } from '../http/responses.js';

/** Writes lines to a streamed response, waiting for the socket to drain; `false` when the client left. */
async function streamLines(res: ServerResponse, lines: Iterable<string>): Promise<boolean> {
  for (const line of lines) {
    if (!res.write(`${line}\n`)) await once(res, 'drain');
    if (res.destroyed) return false;
  }
  res.end();
  return true;
}

/** `GET /v1/decisions`: a page of bodies as received, or (JSON Lines) the whole selection streamed. */
export async function listDecisions(req: IncomingMessage, res: ServerResponse, url: URL, store: DecisionStore): Promise<void> {
  const query = parseDecisionQuery(url.searchParams, { accept: req.headers.accept });
  if (!query.ok) return sendError(res, 400, 'invalid_query', query.message, { field: query.field });
  const { filter } = query;
  if (query.format === 'evidence') {
    return sendError(res, 400, 'invalid_query', 'format: evidence packs are served by /v1/export?format=evidence', { field: 'format' });
  }
  if (query.format === 'json') {
    const page = store.reader.page(filter);
    const next = page.next === undefined ? null : encodeCursor(filter.sort, page.next);
    // Bodies are spliced in verbatim: what was chained is what is returned.
    const bodies = page.rows.map((r) => r.body).join(',');
    return sendText(res, 200, `{"decisions":[${bodies}],"nextCursor":${JSON.stringify(next)}}`, 'application/json; charset=utf-8');
  }
  startStream(res, 'application/x-ndjson; charset=utf-8', { 'content-disposition': 'inline; filename="decisions.jsonl"' });
  await streamLines(res, selectionLines(store, { ...filter, limit: MAX_PAGE_SIZE }));
}

function* selectionLines(store: DecisionStore, filter: DecisionFilter): Generator<string> {
  let after = filter.after;
  for (;;) {
    const page = store.reader.page(after === undefined ? filter : { ...filter, after });
    for (const row of page.rows) yield oneLine(row.body);
    if (page.next === undefined) return;
    after = page.next;
  }
}

/** `GET /v1/decisions/{decisionId}`: the record verbatim with its integrity checks and links. */
export function getDecision(res: ServerResponse, url: URL, store: DecisionStore, decisionId: string): void {
  const unknown = [...url.searchParams.keys()][0];
  if (unknown !== undefined) {
    sendError(res, 400, 'invalid_query', `${unknown}: unknown query parameter (this route takes none)`, { field: unknown });
    return;
  }
  const detail = readDecisionDetail(store, decisionId);
  if (!detail) {
    sendError(res, 404, 'not_found', `no decision with decisionId ${JSON.stringify(decisionId)}`);
    return;
  }
  sendText(res, 200, detailJson(detail), 'application/json; charset=utf-8');
}

/**
 * `GET /v1/export`: the filtered selection in a form `vaxelia-otel verify` accepts — JSON Lines
 * (`format=jsonl`, the default) or an evidence pack (`format=evidence`). Chain records the selection
 * needs to verify are included; the evidence pack marks them `selected: false`.
 */
export async function exportDecisions(res: ServerResponse, url: URL, store: DecisionStore): Promise<void> {
  const query = parseDecisionQuery(url.searchParams, { emptyIsAbsent: true });
  if (!query.ok) return sendError(res, 400, 'invalid_query', query.message, { field: query.field });
  for (const field of ['sort', 'limit', 'cursor'] as const) {
    if (url.searchParams.has(field)) {
      return sendError(res, 400, 'invalid_query', `${field}: an export holds the whole selection, in chain order`, { field });
    }
  }
  const db = store.database;
  const filter = query.filter;
  const described = filterToParams(filter).toString();
  if (query.format === 'evidence') {
    startStream(res, 'application/x-ndjson; charset=utf-8', { 'content-disposition': 'attachment; filename="evidence-pack.jsonl"' });
    await streamLines(res, evidencePackLines(db, filter, `vaxelia-otel serve /v1/export${described ? `?${described}` : ''}`));
    return;
  }
  startStream(res, 'application/x-ndjson; charset=utf-8', { 'content-disposition': 'attachment; filename="decisions.jsonl"' });
  await streamLines(res, (function* () {
    for (const { line } of exportSelection(db, filter)) yield line;
  })());
}
