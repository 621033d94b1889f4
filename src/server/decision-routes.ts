import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IngestItem } from './decision-store.js';
import { sendError, sendJson } from './http-responses.js';
import type { IngestBatcher } from './ingest-batcher.js';
import { BodyTooLargeError, readBody } from './read-body.js';
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
): Promise<void> {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !/\bjson\b/i.test(contentType)) {
    req.resume();
    return sendError(res, 415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  let text: string;
  try {
    text = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      // Stop reading: close the connection once the answer is out.
      return sendError(res, 413, 'payload_too_large', `body larger than ${maxBodyBytes} bytes`, { headers: { connection: 'close' } });
    }
    throw error;
  }
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
  const response: Record<string, unknown> = { decisionId: result.decisionId, duplicate: !result.stored };
  if (result.chain) {
    const c = result.chain;
    const flags = [...(c.hashOk ? [] : ['edited']), ...(c.link === 'broken-link' || c.link === 'reordered' ? [c.link] : []), ...(c.duplicate ? ['duplicate'] : []), ...(c.checkpoint === 'bad-checkpoint' ? ['bad-checkpoint'] : [])];
    response.chain = { link: c.link, flagged: flags.length > 0, problems: flags };
  }
  sendJson(res, 200, response);
}
