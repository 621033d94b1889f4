import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/delivery/retry-policy.js';
import type { DeliveryTransport } from '../../src/delivery/export-response.js';
import { createHttpTransport } from '../../src/delivery/http-transport.js';
import { parseRetryAfter } from '../../src/delivery/retry-policy.js';
import { ConfigError } from '../../src/errors.js';
import { DecisionEndpoint } from './support/decision-endpoint.js';

const API_KEY = 'sk-CANARY-api-key-123456';
let endpoint: DecisionEndpoint;
const transports: DeliveryTransport[] = [];
function transport(options: Parameters<typeof createHttpTransport>[0] = {}): DeliveryTransport {
  const t = createHttpTransport({ tenantApiUrl: endpoint.url, apiKey: API_KEY, requestTimeoutMs: 500, ...options });
  transports.push(t);
  return t;
}

afterEach(async () => {
  for (const t of transports.splice(0)) t.shutdown();
  await endpoint?.stop();
});

describe('http transport', () => {
  it('POSTs the body with the contract headers', async () => {
    endpoint = await new DecisionEndpoint().start();
    const response = await transport().send('{"decisionId":"d1"}', 'd1');
    expect(response).toEqual({ status: 'success', statusCode: 201 });
    const [req] = endpoint.requests;
    expect(req!.body).toBe('{"decisionId":"d1"}');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req!.headers['idempotency-key']).toBe('d1');
    expect(req!.headers['user-agent']).toMatch(/^vaxelia-ai-otel\/\d+\.\d+\.\d+/);
    expect(req!.headers.connection).toBe('keep-alive');
  });

  it('omits Authorization without an api key', async () => {
    endpoint = await new DecisionEndpoint().start();
    const t = createHttpTransport({ tenantApiUrl: endpoint.url });
    transports.push(t);
    await t.send('{}', 'k');
    expect(endpoint.requests[0]!.headers.authorization).toBeUndefined();
  });

  it.each([500, 502, 503, 504, 408, 429])('classifies %i as retryable, honouring Retry-After', async (status) => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.plan = [
      { kind: 'status', status },
      { kind: 'status', status, headers: { 'retry-after': '3' } },
      { kind: 'status', status, headers: { 'retry-after': new Date(Date.now() + 5000).toUTCString() } },
    ];
    const t = transport();
    const plain = await t.send('{}', 'a');
    expect(plain).toMatchObject({ status: 'retryable', statusCode: status });
    expect(plain.status === 'retryable' && plain.retryInMillis).toBe(undefined);
    const seconds = await t.send('{}', 'a');
    expect(seconds).toMatchObject({ status: 'retryable', retryInMillis: 3000 });
    const date = await t.send('{}', 'a');
    expect(date.status === 'retryable' && date.retryInMillis).toBeGreaterThan(3000);
    expect(date.status === 'retryable' && date.retryInMillis).toBeLessThanOrEqual(5000);
  });

  it.each([400, 409, 413, 422])('classifies %i as a permanent failure of the decision', async (status) => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status, body: 'nope' };
    expect(await transport().send('{}', 'a')).toMatchObject({ status: 'failure', statusCode: status });
  });

  it.each([301, 401, 403, 404, 405, 407, 421])('classifies %i as a misconfigured endpoint with the likely fix', async (status) => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status, body: 'nope' };
    const response = await transport().send('{}', 'a');
    expect(response).toMatchObject({ status: 'misconfigured', statusCode: status });
    expect(response.status === 'misconfigured' && response.fix).toMatch(/VAXELIA_|proxy/);
  });

  it('treats resets, timeouts and a closed port as retryable', async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.plan = [{ kind: 'reset' }, { kind: 'hang' }];
    const t = transport({ requestTimeoutMs: 200 });
    expect(await t.send('{}', 'a')).toMatchObject({ status: 'retryable' });
    const started = Date.now();
    const hung = await t.send('{}', 'b');
    expect(hung).toMatchObject({ status: 'retryable', reason: expect.stringContaining('timed out') });
    expect(Date.now() - started).toBeLessThan(5000);
    const url = endpoint.url;
    await endpoint.stop();
    const down = createHttpTransport({ tenantApiUrl: url });
    transports.push(down);
    expect(await down.send('{}', 'c')).toMatchObject({ status: 'retryable', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('never follows a redirect (the bearer token stays with the configured host)', async () => {
    const other = await new DecisionEndpoint().start();
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 307, headers: { location: other.url } };
    const response = await transport().send('{}', 'a');
    expect(response).toMatchObject({ status: 'misconfigured', statusCode: 307 });
    expect(other.requests).toHaveLength(0);
    await other.stop();
  });

  it('requires https except for loopback unless allowInsecureHttp, naming option and env var', () => {
    endpoint = new DecisionEndpoint();
    const make = (url: string, allowInsecureHttp = false) => createHttpTransport({ tenantApiUrl: url, allowInsecureHttp }).shutdown();
    expect(() => make('http://decisions.example.com/v1')).toThrow(ConfigError);
    expect(() => make('http://decisions.example.com/v1')).toThrow(/tenantApiUrl.*VAXELIA_TENANT_API_URL/);
    expect(() => make('http://decisions.example.com/v1', true)).not.toThrow();
    expect(() => make('https://decisions.example.com/v1')).not.toThrow();
    for (const loopback of ['http://127.0.0.1:1/x', 'http://127.9.9.9/x', 'http://localhost:8080/x', 'http://[::1]:80/x']) {
      expect(() => make(loopback)).not.toThrow();
    }
    expect(() => make('ftp://x')).toThrow(ConfigError);
  });

  it('keeps connections alive across requests', async () => {
    const ports = new Set<number>();
    const server = createServer((req, res) => {
      ports.add(req.socket.remotePort!);
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    endpoint = new DecisionEndpoint();
    const t = createHttpTransport({ tenantApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    transports.push(t);
    for (let i = 0; i < 10; i++) await t.send('{}', String(i));
    // undici may open a second connection while the first finishes its response; both are reused.
    expect(ports.size).toBeLessThanOrEqual(2);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});

describe('retry timing', () => {
  it('computes min(base · 2^(attempt−1), cap) with bounded jitter', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).toBe(4000);
    expect(backoffDelay(10, 1000, 30_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(2, 1000, 30_000, () => 1)).toBe(2400);
    expect(backoffDelay(2, 1000, 30_000, () => 0)).toBe(1600);
  });

  it('parses Retry-After seconds and HTTP-dates, capped', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now, 60_000)).toBe(60_000);
    expect(parseRetryAfter('2', now, 60_000)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now, 60_000)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:10 GMT', now, 60_000)).toBe(0);
    expect(parseRetryAfter('soon', now, 60_000)).toBeUndefined();
    expect(parseRetryAfter(undefined, now, 60_000)).toBeUndefined();
  });
});
