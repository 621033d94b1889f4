import { gzipSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { ENV, readEnv } from '../config/env.js';
import { ConfigError } from '../errors.js';
import type { DeliveryResponse, DeliveryTransport } from './export-response.js';
import { type NetworkOptions, resolveNetwork } from './network-options.js';
import { classifyStatus, configurationFix, parseRetryAfter } from './retry-policy.js';
import { parseTenantApiUrl } from './tenant-url.js';
import { USER_AGENT } from './user-agent.js';

export interface HttpTransportOptions extends NetworkOptions {
  /** Decision-log POST URL. Env `VAXELIA_TENANT_API_URL`. Required. */
  tenantApiUrl?: string;
  /** Bearer token; the header is omitted without one. Env `VAXELIA_API_KEY`. */
  apiKey?: string;
  /** Accept plain http to a non-loopback host. @defaultValue false */
  allowInsecureHttp?: boolean;
  /** Bound of each phase of a request (connect, response headers, response body). @defaultValue 10000 */
  requestTimeoutMs?: number;
  /** Maximum open keep-alive connections. @defaultValue 8 */
  maxSockets?: number;
  /** Cap on a `Retry-After` the endpoint asks for. @defaultValue 60000 */
  maxRetryAfterMs?: number;
  /** Clock for HTTP-date `Retry-After`. @defaultValue `Date.now` */
  now?: () => number;
}

/** A transport that can say how it reaches the endpoint (for the start-up log line). */
export interface HttpTransport extends DeliveryTransport {
  readonly route: string;
}

const MAX_REASON_BYTES = 512;

/**
 * The HTTP transport of DESIGN.md §6 on undici (Node's own HTTP engine, here as a dependency for
 * its proxy agents and its speed): one POST per decision over keep-alive connections. It never
 * follows a redirect (the bearer token must never reach another host).
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const rawUrl = options.tenantApiUrl ?? readEnv(ENV.tenantApiUrl);
  if (rawUrl === undefined) throw new ConfigError('No decision-log URL: set the `tenantApiUrl` option or VAXELIA_TENANT_API_URL.');
  const url = parseTenantApiUrl(rawUrl, options.allowInsecureHttp ?? false);
  const apiKey = options.apiKey ?? readEnv(ENV.apiKey);
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  const network = resolveNetwork(options, url, options.maxSockets ?? 8, timeoutMs);
  const origin = url.origin;
  const path = `${url.pathname}${url.search}`;
  const fixedHeaders: Record<string, string> = { ...network.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT };
  if (network.gzip) fixedHeaders['content-encoding'] = 'gzip';
  if (apiKey !== undefined) fixedHeaders.authorization = `Bearer ${apiKey}`;
  // An endpoint may echo our headers in its error body: the reason we keep and log never quotes them.
  const secrets = [apiKey, ...Object.values(network.headers)].filter((v): v is string => v !== undefined && v.length >= 4);
  const scrub = (text: string): string => secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);

  let dispatcher: Promise<Dispatcher> | undefined;
  // An https endpoint that requires a client certificate we do not send closes each connection after
  // the handshake without a byte of HTTP (in TLS 1.3 its alert comes after the client considers the
  // handshake done; undici reports "other side closed"). One such close may be a restart; several
  // in a row with no answer in between, and no client certificate configured, is the configuration.
  const mayNeedClientCertificate = url.protocol === 'https:' && !network.clientCertificate;
  let closedUnanswered = 0;
  const send = async (body: string, idempotencyKey: string, signal?: AbortSignal): Promise<DeliveryResponse> => {
    if (signal?.aborted) return retryable(undefined, 'aborted');
    const payload = network.gzip ? gzipSync(body) : body;
    try {
      dispatcher ??= network.createDispatcher();
      const response = await (await dispatcher).request({
        origin,
        path,
        method: 'POST',
        headers: { ...fixedHeaders, 'idempotency-key': idempotencyKey },
        body: payload,
        signal,
      });
      const statusCode = response.statusCode;
      closedUnanswered = 0;
      const verdict = classifyStatus(statusCode);
      if (verdict === 'success') {
        await response.body.dump();
        return { status: 'success', statusCode };
      }
      const reason = scrub(await readReason(response.body));
      const text = `HTTP ${statusCode}${reason ? `: ${reason}` : ''}`;
      if (verdict === 'decision-rejected') return { status: 'failure', statusCode, reason: text, error: new Error(`decision-log delivery: ${text}`) };
      if (verdict === 'endpoint-configuration') return misconfigured(statusCode, text, configurationFix(statusCode));
      const header = response.headers['retry-after'];
      return retryable(statusCode, text, parseRetryAfter(Array.isArray(header) ? header[0] : header, now(), maxRetryAfterMs));
    } catch (error) {
      if (mayNeedClientCertificate && !signal?.aborted && closedBeforeAnswering(error)) {
        closedUnanswered++;
        if (closedUnanswered >= CLOSES_BEFORE_CLIENT_CERTIFICATE_HINT) {
          return misconfigured(0, `TLS: the endpoint closed the connection before answering, ${closedUnanswered} times in a row`, NO_CLIENT_CERTIFICATE_FIX);
        }
        return retryable(undefined, 'network error UND_ERR_SOCKET (the endpoint closed the connection before answering)');
      }
      return networkFailure(error, signal);
    }
  };

  return {
    send,
    route: network.route,
    shutdown: () => void dispatcher?.then((d) => d.destroy()).catch(() => {}),
  };
}

/** Closes with no answer, in a row, before a missing client certificate is named as the likely cause. */
const CLOSES_BEFORE_CLIENT_CERTIFICATE_HINT = 3;
const NO_CLIENT_CERTIFICATE_FIX =
  'no client certificate is configured; if the endpoint requires one (mTLS), set `clientCertFile` / VAXELIA_CLIENT_CERT_FILE and `clientKeyFile` / VAXELIA_CLIENT_KEY_FILE';

/** undici's "other side closed" on a connection that had not received a single byte. */
function closedBeforeAnswering(error: unknown): boolean {
  const e = error as { code?: string; socket?: { bytesRead?: number } };
  return e.code === 'UND_ERR_SOCKET' && e.socket?.bytesRead === 0;
}

function retryable(statusCode: number | undefined, reason: string, retryInMillis?: number): DeliveryResponse {
  const response: DeliveryResponse = { status: 'retryable', reason, error: new Error(`decision-log delivery: ${reason}`) };
  if (statusCode !== undefined) response.statusCode = statusCode;
  if (retryInMillis !== undefined) response.retryInMillis = retryInMillis;
  return response;
}

function misconfigured(statusCode: number, reason: string, fix: string): DeliveryResponse {
  return { status: 'misconfigured', statusCode, reason, fix, error: new Error(`decision-log delivery: ${reason}`) };
}

/** TLS verification failures: the CA is missing, not the endpoint down. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A request that got no HTTP response. Only the error's code and class are used: messages can quote
 * a URL (and a proxy URL can carry credentials).
 */
function networkFailure(error: unknown, signal: AbortSignal | undefined): DeliveryResponse {
  if (signal?.aborted) return retryable(undefined, 'aborted');
  const code = (error as { code?: string }).code ?? (error as Error).name;
  // undici reports a refused CONNECT as an error carrying the proxy's status.
  const proxyStatus = /^Proxy response \((\d{3})\)/.exec(String((error as Error).message))?.[1];
  if (proxyStatus === '407') return misconfigured(407, 'HTTP 407 from the proxy', configurationFix(407));
  if (proxyStatus !== undefined) return retryable(undefined, `the proxy answered CONNECT with HTTP ${proxyStatus}`);
  const tlsCode = (error as { code?: string }).code ?? '';
  if (CERTIFICATE_CODES.has(tlsCode)) {
    return misconfigured(0, `TLS ${tlsCode}`, "the endpoint's certificate is not trusted: set `caFile` / VAXELIA_CA_FILE to its CA (PEM)");
  }
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE/.test(tlsCode)) {
    return misconfigured(0, `TLS ${tlsCode}`, 'the endpoint refused the TLS client: set `clientCertFile` / VAXELIA_CLIENT_CERT_FILE and `clientKeyFile` / VAXELIA_CLIENT_KEY_FILE');
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return retryable(undefined, `timed out (${code})`);
  return retryable(undefined, `network error ${code}`);
}

/** Reads at most a short prefix of the response body (the endpoint's reason), then drops the rest. */
async function readReason(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      if (size < MAX_REASON_BYTES) chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= 64 * 1024) break; // a huge error page is not worth reading
    }
  } catch {
    // the reason is a courtesy
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_REASON_BYTES).toString('utf8');
  return text.replace(/[\r\n\t]+/g, ' ').trim().slice(0, 200);
}
