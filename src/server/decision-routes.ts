import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IngestItem } from './decision-store.js';
import { sendError, sendJson } from '../http/responses.js';
import type { IngestBatcher } from './ingest-batcher.js';
import { readBody } from '../http/read-body.js';
import { validateDecision } from './validate-decision.js';

const MAX_IDEMPOTENCY_KEY = 512;

/**
 * `POST /v1/decisions`: one AIDecision per request (DESIGN.md §6). 200 whether it was new or a
 * repeat (the exporter retries; a repeat is stored once). A record whose chain link does not fit is
 * stored and flagged in the response, never refused.
 */
export async function postDecision(
  req: IncomingMessage,
  res: ServerResponse,
  batcher: IngestBatcher,
  maxBodyBytes: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  // Strict: the body is JSON and nothing else (a form or text/plain post is a client bug or a CSRF attempt).
  if (!isJsonContentType(req.headers['content-type'])) {
    req.resume();
    return sendError(res, 415, 'unsupported_media_type', 'Content-Type must be application/json', { headers: { accept: 'application/json' } });
  }
  const read = await readBody(req, { maxBytes: maxBodyBytes });
  if (!read.ok) {
    // Stop reading: close the connection once the answer is out.
    if (read.status === 413) return sendError(res, 413, 'payload_too_large', `body larger than ${maxBodyBytes} bytes`, { headers: { connection: 'close' } });
    return sendError(res, read.status, 'unsupported_media_type', read.message);
  }
  const text = read.body.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendError(res, 400, 'invalid_json', 'body: not valid JSON', { field: 'body' });
  }
  const validation = validateDecision(body);
  if (!validation.ok) return sendError(res, 400, 'invalid_field', validation.message, { field: validation.field });
  const item: IngestItem = { decision: validation.value, body: text };
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && key !== '') {
    if (key.length > MAX_IDEMPOTENCY_KEY) {
      return sendError(res, 400, 'invalid_header', `Idempotency-Key: at most ${MAX_IDEMPOTENCY_KEY} characters`, { field: 'Idempotency-Key' });
    }
    item.idempotencyKey = key;
  }
  const result = await batcher.ingest(item);
  if (result.conflict) {
    log(`idempotency conflict: decisionId ${JSON.stringify(result.decisionId.slice(0, 80))} (Idempotency-Key ${item.idempotencyKey === undefined ? 'none' : 'set'}) was already stored with a different body; refused (409)`);
    return sendError(res, 409, 'conflict', 'a different decision is already stored under this decisionId or Idempotency-Key', { field: 'decisionId' });
  }
  const response: Record<string, unknown> = { decisionId: result.decisionId, duplicate: !result.stored };
  if (result.chain) {
    const c = result.chain;
    const flags = [...(c.hashOk ? [] : ['edited']), ...(c.link === 'broken-link' || c.link === 'reordered' ? [c.link] : []), ...(c.duplicate ? ['duplicate'] : []), ...(c.checkpoint === 'bad-checkpoint' ? ['bad-checkpoint'] : [])];
    response.chain = { link: c.link, flagged: flags.length > 0, problems: flags };
  }
  sendJson(res, 200, response);
}

/** `application/json`, optionally with parameters (`; charset=utf-8`); any other type or none is refused. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}
