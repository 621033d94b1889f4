import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthChecker } from '../http/bearer-auth.js';
import { postDecision } from './decision-routes.js';
import { openApiJson } from './openapi/openapi-document.js';
import { exportDecisions, getDecision, listDecisions } from './read-routes.js';
import { serveReport } from './report/report-routes.js';
import { matchRoute } from './routes.js';
import { resolveKeys } from './server-keys.js';
import { createDecisionStore } from './decision-store.js';
import { sendError, sendJson, sendText } from '../http/responses.js';
import { createIngestBatcher } from './ingest-batcher.js';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_PORT,
  type DecisionLogServer,
  ENV_INGEST_KEY,
  ENV_READ_KEY,
  type ServerOptions,
} from './server-options.js';

const CLOSE_GRACE_MS = 5000;

/**
 * Starts the reference decision-log server: the endpoint `tenantApiUrl` points at
 * (`${url}/v1/decisions`), backed by SQLite. Resolves once it listens.
 */
export async function startServer(options: ServerOptions = {}): Promise<DecisionLogServer> {
  const host = options.host ?? DEFAULT_HOST;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => {});
  const store = createDecisionStore(options.dbPath ?? ':memory:');
  const batcher = createIngestBatcher(store);
  const { ingestKey, readKey } = resolveKeys(options);
  const checkIngest = createAuthChecker(ingestKey, `ingestKey (${ENV_INGEST_KEY})`);
  const checkRead = createAuthChecker(readKey, `readKey (${ENV_READ_KEY})`);
  let inFlight = 0;
  let idle: (() => void) | undefined;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const allow = (methods: string) => {
      req.resume();
      sendError(res, 405, 'method_not_allowed', `${method} is not allowed on ${path}`, { headers: { allow: methods } });
    };
    // Open routes: liveness says only that the server answers; the API description holds no data.
    if (path === '/healthz' || path === '/openapi.json') {
      req.resume();
      if (method !== 'GET' && method !== 'HEAD') return allow('GET');
      if (path === '/healthz') return sendText(res, 200, 'ok', 'text/plain; charset=utf-8');
      return sendText(res, 200, openApiJson(), 'application/json; charset=utf-8');
    }
    const route = matchRoute(path);
    if (!route) {
      req.resume();
      return sendError(res, 404, 'not_found', `no route ${path}`);
    }
    const writing = route.name === 'decisions' && method === 'POST';
    const auth = (writing ? checkIngest : checkRead)(req.headers.authorization, { allowBasic: !writing });
    if (auth !== 'ok') {
      req.resume();
      const challenge = route.name === 'report' ? 'Basic realm="vaxelia decision log", charset="UTF-8"' : 'Bearer realm="vaxelia decision log"';
      const which = writing ? 'the ingest key' : 'the read key';
      return auth === 'missing'
        ? sendError(res, 401, 'unauthorized', `missing credentials: send Authorization: Bearer <${writing ? 'ingest' : 'read'} key>`, {
            headers: { 'www-authenticate': challenge },
          })
        : sendError(res, 403, 'forbidden', `the key is not ${which}`);
    }
    if (route.name === 'decisions') {
      if (method === 'POST') return postDecision(req, res, batcher, maxBodyBytes, log);
      if (method === 'GET') return listDecisions(req, res, url, store);
      return allow('GET, POST');
    }
    req.resume();
    if (method !== 'GET') return allow('GET');
    if (route.name === 'decision') return getDecision(res, url, store, route.id);
    if (route.name === 'export') return exportDecisions(res, url, store);
    if (route.name === 'chains') {
      const unknown = [...url.searchParams.keys()].find((k) => k !== 'chainId');
      if (unknown !== undefined) return sendError(res, 400, 'invalid_query', `${unknown}: unknown query parameter (known: chainId)`, { field: unknown });
      const chainId = url.searchParams.get('chainId') ?? undefined;
      const chains = store.chains(chainId);
      return sendJson(res, 200, { ok: chains.every((c) => c.ok), chains });
    }
    return serveReport(res, url, store, route.rest);
  }

  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    route(req, res).catch((error: unknown) => {
      log(`error: ${(error as Error)?.message ?? String(error)}`);
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'the server could not complete the request');
      else res.destroy();
    });
  });
  // Slow or stalled clients cannot hold the server: whole request and headers are timed, and the
  // number of open connections is capped (beyond it new ones are closed at once).
  server.keepAliveTimeout = 5000;
  server.requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(server.requestTimeout, DEFAULT_HEADERS_TIMEOUT_MS);
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  server.listen(options.port ?? DEFAULT_PORT, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await new Promise<void>((resolve) => {
        idle = resolve;
      });
      clearTimeout(timer);
    }
    server.closeAllConnections();
    await closed;
    await batcher.drain();
    store.close();
  }

  return {
    url,
    port,
    db: store,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
