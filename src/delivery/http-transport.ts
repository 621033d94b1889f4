import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ENV, readEnv } from '../config/env.js';
import { ConfigError } from '../errors.js';
import type { DeliveryResponse, DeliveryTransport } from './export-response.js';
import { parseRetryAfter } from './retry-after.js';
import { parseTenantApiUrl } from './tenant-url.js';
import { USER_AGENT } from './user-agent.js';

export interface HttpTransportOptions {
  /** Decision-log POST URL. Env `VAXELIA_TENANT_API_URL`. Required. */
  tenantApiUrl?: string;
  /** Bearer token; the header is omitted without one. Env `VAXELIA_API_KEY`. */
  apiKey?: string;
  /** Accept plain http to a non-loopback host. @defaultValue false */
  allowInsecureHttp?: boolean;
  /** Per-request timeout, connection to last byte. @defaultValue 10000 */
  requestTimeoutMs?: number;
  /** Maximum open keep-alive connections. @defaultValue 8 */
  maxSockets?: number;
  /** Cap on a `Retry-After` the endpoint asks for. @defaultValue 60000 */
  maxRetryAfterMs?: number;
  /** Clock for HTTP-date `Retry-After`. @defaultValue `Date.now` */
  now?: () => number;
}

const MAX_REASON_BYTES = 512;

/**
 * The HTTP transport of DESIGN.md §6: one POST per decision over keep-alive connections. It never
 * follows a redirect (the bearer token must never reach another host): a 3xx is a retryable failure.
 */
export function createHttpTransport(options: HttpTransportOptions = {}): DeliveryTransport {
  const rawUrl = options.tenantApiUrl ?? readEnv(ENV.tenantApiUrl);
  if (rawUrl === undefined) throw new ConfigError('No decision-log URL: set the `tenantApiUrl` option or VAXELIA_TENANT_API_URL.');
  const url = parseTenantApiUrl(rawUrl, options.allowInsecureHttp ?? false);
  const apiKey = options.apiKey ?? readEnv(ENV.apiKey);
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 })
    : new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 });
  const request = secure ? httpsRequest : httpRequest;

  const send = (body: string, idempotencyKey: string, signal?: AbortSignal): Promise<DeliveryResponse> =>
    new Promise<DeliveryResponse>((resolve) => {
      if (signal?.aborted) {
        resolve(retryable(undefined, 'aborted'));
        return;
      }
      const payload = Buffer.from(body, 'utf8');
      const headers: Record<string, string | number> = {
        'Content-Type': 'application/json',
        'Content-Length': payload.length,
        'Idempotency-Key': idempotencyKey,
        'User-Agent': USER_AGENT,
      };
      if (apiKey !== undefined) headers.Authorization = `Bearer ${apiKey}`;
      let settled = false;
      const finish = (response: DeliveryResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(response);
      };
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        readReason(res).then(
          (reason) => finish(classify(res, reason, now(), maxRetryAfterMs)),
          () => finish(retryable(undefined, 'response interrupted')),
        );
      });
      const timer = setTimeout(() => {
        finish(retryable(undefined, `timed out after ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      const onAbort = (): void => {
        finish(retryable(undefined, 'aborted'));
        req.destroy();
      };
      req.on('error', (error: NodeJS.ErrnoException) => {
        finish(retryable(undefined, `network error ${error.code ?? error.name}`));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(payload);
    });

  return {
    send,
    shutdown: () => agent.destroy(),
  };
}

function retryable(statusCode: number | undefined, reason: string, retryInMillis?: number): DeliveryResponse {
  const response: DeliveryResponse = { status: 'retryable', reason, error: new Error(`decision-log delivery: ${reason}`) };
  if (statusCode !== undefined) response.statusCode = statusCode;
  if (retryInMillis !== undefined) response.retryInMillis = retryInMillis;
  return response;
}

function classify(res: IncomingMessage, reason: string, now: number, maxRetryAfterMs: number): DeliveryResponse {
  const code = res.statusCode ?? 0;
  if (code >= 200 && code < 300) return { status: 'success', statusCode: code };
  const header = res.headers['retry-after'];
  const retryAfter = parseRetryAfter(Array.isArray(header) ? header[0] : header, now, maxRetryAfterMs);
  if (code === 408 || code === 429 || code >= 500) return retryable(code, `HTTP ${code}${reason ? `: ${reason}` : ''}`, retryAfter);
  if (code >= 300 && code < 400) return retryable(code, `HTTP ${code} redirect not followed (check tenantApiUrl)`);
  if (code >= 400 && code < 500) {
    const text = `HTTP ${code}${reason ? `: ${reason}` : ''}`;
    return { status: 'failure', statusCode: code, reason: text, error: new Error(`decision-log delivery: ${text}`) };
  }
  return retryable(code, `unexpected HTTP ${code}`);
}

/** Reads at most a short prefix of the response body (the endpoint's reason); drains the rest. */
function readReason(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < MAX_REASON_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => {
      const text = Buffer.concat(chunks).subarray(0, MAX_REASON_BYTES).toString('utf8');
      resolve(text.replace(/[\r\n\t]+/g, ' ').trim().slice(0, 200));
    });
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('aborted')));
  });
}
