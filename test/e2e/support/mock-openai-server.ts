/**
 * A local imitation of the OpenAI HTTP API, close enough for the real `openai` SDK and
 * `@ai-sdk/openai`: chat completions (JSON and SSE), responses (JSON and SSE), embeddings (float and
 * base64). A model name containing `error-400` / `error-500` gets that HTTP error with an OpenAI
 * error body. Every exchange is recorded so tests can compare decisions with what was on the wire.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTick } from 'node:timers/promises';
import { chatCompletion } from './mock-chat-completions.js';
import { createEmbeddings } from './mock-embeddings.js';
import type { MockExchange } from './mock-openai-types.js';
import { createResponse, type ItemStore } from './mock-responses.js';

export type { MockExchange } from './mock-openai-types.js';

export interface MockOpenAIServer {
  /** `http://127.0.0.1:<port>/v1`: the `baseURL` for `new OpenAI()` and `createOpenAI()`. */
  readonly baseURL: string;
  /** Every request so far, in arrival order. */
  readonly exchanges: MockExchange[];
  /** Exchanges for one path, e.g. `/v1/chat/completions`. */
  exchangesFor(path: string): MockExchange[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export const ERROR_400_MESSAGE = "Invalid value for 'temperature': must be between 0 and 2.";
export const ERROR_500_MESSAGE = 'The server had an error while processing your request. Sorry about that!';

export async function startMockOpenAIServer(): Promise<MockOpenAIServer> {
  const exchanges: MockExchange[] = [];
  const store: ItemStore = new Map();
  let counter = 0;
  const ids = {
    next(prefix: string): string {
      counter += 1;
      return `${prefix}${prefix === 'chatcmpl' ? '-' : '_'}mock${counter.toString().padStart(4, '0')}`;
    },
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'mock_failure' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = await readJson(req);
    const model = typeof body.model === 'string' ? body.model : undefined;
    const request = { method: req.method ?? 'GET', path, body, model, stream: body.stream === true };
    const record = (status: number, rest: Omit<MockExchange, 'request' | 'status'> = {}): void => {
      exchanges.push({ request, status, ...rest });
    };

    if (req.method !== 'POST') {
      record(404);
      return sendJson(res, 404, errorBody(`Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url'));
    }
    if (model?.includes('error-400')) {
      record(400, { errorMessage: ERROR_400_MESSAGE });
      return sendJson(res, 400, errorBody(ERROR_400_MESSAGE, 'invalid_request_error', 'invalid_value', 'temperature'));
    }
    if (model?.includes('error-500')) {
      record(500, { errorMessage: ERROR_500_MESSAGE });
      return sendJson(res, 500, errorBody(ERROR_500_MESSAGE, 'server_error', null));
    }

    switch (path) {
      case '/v1/chat/completions': {
        const result = chatCompletion(body, ids);
        record(200, result.exchange);
        if (result.body) return sendJson(res, 200, result.body);
        return sendSse(res, (result.chunks ?? []).map((chunk) => ({ data: chunk })), true);
      }
      case '/v1/responses': {
        const result = createResponse(body, ids, store);
        record(200, result.exchange);
        if (result.body) return sendJson(res, 200, result.body);
        return sendSse(res, (result.events ?? []).map((event) => ({ event: String(event.type), data: event })), false);
      }
      case '/v1/embeddings': {
        const result = createEmbeddings(body);
        record(200, result.exchange);
        return sendJson(res, 200, result.body);
      }
      default:
        record(404);
        return sendJson(res, 404, errorBody(`Unknown request URL: POST ${path}.`, 'invalid_request_error', 'unknown_url'));
    }
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    exchanges,
    exchangesFor: (path) => exchanges.filter((exchange) => exchange.request.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function errorBody(message: string, type: string, code: string | null, param: string | null = null): Json {
  return { error: { message, type, param, code } };
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : {};
  } catch {
    return {};
  }
}

function sendJson(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_mock_${Date.now()}`,
  });
  res.end(text);
}

/** Server-sent events, one write per event, yielding between writes so clients see real chunks. */
async function sendSse(res: ServerResponse, events: { event?: string; data: Json }[], done: boolean): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const { event, data } of events) {
    res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    await nextTick();
  }
  if (done) res.write('data: [DONE]\n\n');
  res.end();
}
