import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService, type DeliveryService, type DeliveryServiceOptions } from '../../src/delivery/delivery-service.js';
import { createHttpTransport } from '../../src/delivery/http-transport.js';
import { ConfigError } from '../../src/errors.js';
import { DecisionEndpoint, makeDecision, TEST_KEY } from './support/decision-endpoint.js';
import { makePki, type Pki, startMutualTlsEndpoint, TinyProxy } from './support/network-fixtures.js';

const API_KEY = 'sk-CANARY-network-api-key-13579';
const PROXY_PASSWORD = 'proxy-CANARY-pw-97531';
const HEADER_SECRET = 'hdr-CANARY=secret/42';
let work: string;
let pki: Pki;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let logs: string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-network-'));
  pki = makePki(work);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  logs = [];
});

function service(options: DeliveryServiceOptions): DeliveryService {
  const s = createDeliveryService({
    apiKey: API_KEY,
    bufferKey: TEST_KEY,
    bufferDir: mkdtempSync(join(work, 'buffer-')),
    maxAttempts: 1,
    baseDelayMs: 10,
    maxDelayMs: 50,
    requestTimeoutMs: 5000,
    drainIntervalMs: 60_000,
    logger: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    ...options,
  });
  cleanups.push(() => s.shutdown());
  return s;
}
async function endpoint(): Promise<DecisionEndpoint> {
  const e = await new DecisionEndpoint().start();
  cleanups.push(() => e.stop());
  return e;
}
async function proxy(auth?: { user: string; password: string }): Promise<TinyProxy> {
  const p = await new TinyProxy(work, auth).start();
  cleanups.push(() => p.stop());
  return p;
}
/** Sets environment variables for one test, restored afterwards. */
function setEnv(values: Record<string, string>): void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  cleanups.push(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
function assertNoSecrets(text: string): void {
  for (const secret of [API_KEY, PROXY_PASSWORD, HEADER_SECRET, encodeURIComponent(HEADER_SECRET)]) expect(text).not.toContain(secret);
}

describe('through a real forward proxy (tinyproxy)', () => {
  it('honours HTTP_PROXY: the decision goes through a CONNECT tunnel of the proxy', { timeout: 30_000 }, async () => {
    const e = await endpoint();
    const p = await proxy();
    setEnv({ HTTP_PROXY: p.url });
    const s = service({ tenantApiUrl: e.url });
    expect(await s.submit(makeDecision(1))).toEqual({ outcome: 'delivered' });
    expect(p.tunnels()).toContain(`127.0.0.1:${e.port}`);
    expect(logs.join('\n')).toMatch(/route.*proxy 127\.0\.0\.1:\d+ from HTTP_PROXY/);
  });

  it('NO_PROXY skips the proxy for a matching host', { timeout: 30_000 }, async () => {
    const e = await endpoint();
    const p = await proxy();
    setEnv({ HTTP_PROXY: p.url, NO_PROXY: '127.0.0.1' });
    const s = service({ tenantApiUrl: e.url });
    expect(await s.submit(makeDecision(1))).toEqual({ outcome: 'delivered' });
    expect(p.tunnels()).toHaveLength(0);
  });

  it('an explicit `proxy` option wins over the environment; `proxy: false` ignores it', { timeout: 30_000 }, async () => {
    const e = await endpoint();
    const p = await proxy();
    setEnv({ HTTP_PROXY: 'http://127.0.0.1:9' }); // nothing listens there
    expect(await service({ tenantApiUrl: e.url, proxy: p.url }).submit(makeDecision(1))).toEqual({ outcome: 'delivered' });
    expect(p.tunnels()).toHaveLength(1);
    expect(await service({ tenantApiUrl: e.url, proxy: false }).submit(makeDecision(2))).toEqual({ outcome: 'delivered' });
    expect(p.tunnels()).toHaveLength(1);
  });

  it('a proxy that wants credentials: 407 holds the queue with an ERROR naming proxy auth; with them, delivered; the password never printed', { timeout: 30_000 }, async () => {
    const e = await endpoint();
    const p = await proxy({ user: 'vx', password: PROXY_PASSWORD });
    const without = service({ tenantApiUrl: e.url, proxy: p.url });
    expect(await without.submit(makeDecision(1))).toEqual({ outcome: 'buffered' });
    expect(without.queue.depth()).toBe(1);
    expect(logs.join('\n')).toMatch(/error .*rejects the configuration.*"statusCode":407.*proxy requires authentication/);
    const withAuth = service({ tenantApiUrl: e.url, proxy: `http://vx:${PROXY_PASSWORD}@127.0.0.1:${p.port}` });
    expect(await withAuth.submit(makeDecision(2))).toEqual({ outcome: 'delivered' });
    expect(e.uniqueAccepted).toBe(1);
    assertNoSecrets(logs.join('\n'));
  });

  it('https through the proxy to an endpoint that requires a client certificate (mTLS + custom CA)', { timeout: 30_000 }, async () => {
    const tls = await startMutualTlsEndpoint(pki);
    cleanups.push(() => new Promise((r) => tls.server.close(r)));
    cleanups.push(() => tls.server.closeAllConnections());
    const p = await proxy();
    setEnv({ HTTPS_PROXY: p.url });
    const s = service({ tenantApiUrl: tls.url, caFile: pki.caFile, clientCertFile: pki.clientCertFile, clientKeyFile: pki.clientKeyFile });
    expect(await s.submit(makeDecision(1))).toEqual({ outcome: 'delivered' });
    expect(tls.clients).toEqual(['vaxelia-client']);
    expect(p.tunnels()).toContain(new URL(tls.url).host);
  });
});

describe('TLS to an endpoint that requires a client certificate', () => {
  it('delivers with caFile + clientCertFile + clientKeyFile (env variables)', { timeout: 30_000 }, async () => {
    const tls = await startMutualTlsEndpoint(pki);
    cleanups.push(() => new Promise((r) => tls.server.close(r)));
    cleanups.push(() => tls.server.closeAllConnections());
    setEnv({ VAXELIA_CA_FILE: pki.caFile, VAXELIA_CLIENT_CERT_FILE: pki.clientCertFile, VAXELIA_CLIENT_KEY_FILE: pki.clientKeyFile });
    expect(await service({ tenantApiUrl: tls.url }).submit(makeDecision(1))).toEqual({ outcome: 'delivered' });
    expect(tls.clients).toEqual(['vaxelia-client']);
  });

  it('without the client certificate: queued, and after a few unanswered closes an ERROR names clientCertFile', { timeout: 30_000 }, async () => {
    const tls = await startMutualTlsEndpoint(pki);
    cleanups.push(() => new Promise((r) => tls.server.close(r)));
    cleanups.push(() => tls.server.closeAllConnections());
    const transport = createHttpTransport({ tenantApiUrl: tls.url, caFile: pki.caFile });
    cleanups.push(() => transport.shutdown());
    // TLS 1.3 reports the refused client after the handshake: an alert or a close without a byte,
    // by timing. A close alone may be a restart; three in a row point at the client certificate.
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await transport.send('{}', `a${i}`));
    expect(responses.slice(0, 2).every((r) => r.status === 'misconfigured' || r.status === 'retryable')).toBe(true);
    expect(responses[2]).toMatchObject({ status: 'misconfigured', fix: expect.stringMatching(/clientCertFile.*VAXELIA_CLIENT_CERT_FILE/) });
    expect(tls.clients).toEqual([]);
    const s = service({ tenantApiUrl: tls.url, caFile: pki.caFile, maxAttempts: 3, baseDelayMs: 1 });
    expect(await s.submit(makeDecision(1))).toEqual({ outcome: 'buffered' });
    expect(s.queue.depth()).toBe(1);
    expect(logs.join('\n')).toMatch(/error .*rejects the configuration.*VAXELIA_CLIENT_CERT_FILE/);
  });

  it("without the CA the endpoint's certificate is not trusted: held, with an ERROR naming caFile", { timeout: 30_000 }, async () => {
    const tls = await startMutualTlsEndpoint(pki);
    cleanups.push(() => new Promise((r) => tls.server.close(r)));
    cleanups.push(() => tls.server.closeAllConnections());
    const s = service({ tenantApiUrl: tls.url, clientCertFile: pki.clientCertFile, clientKeyFile: pki.clientKeyFile });
    expect(await s.submit(makeDecision(1))).toEqual({ outcome: 'buffered' });
    expect(logs.join('\n')).toMatch(/error .*rejects the configuration.*VAXELIA_CA_FILE/);
  });

  it('bad TLS options fail at construction naming the option and env variable', () => {
    const make = (options: DeliveryServiceOptions) => () => createHttpTransport({ tenantApiUrl: 'https://127.0.0.1/x', ...options }).shutdown();
    expect(make({ clientCertFile: pki.clientCertFile })).toThrow(/clientCertFile.*VAXELIA_CLIENT_CERT_FILE.*clientKeyFile.*VAXELIA_CLIENT_KEY_FILE/);
    expect(make({ caFile: join(work, 'missing.pem') })).toThrow(/caFile.*VAXELIA_CA_FILE.*ENOENT/);
    expect(make({ caFile: pki.clientKeyFile })).toThrow(ConfigError);
    expect(make({ proxy: 'not a url' })).toThrow(/`proxy` is not a valid proxy URL/);
    expect(make({ compression: 'br' as 'gzip' })).toThrow(/compression.*VAXELIA_COMPRESSION/);
  });
});

describe('extra headers and compression', () => {
  it('VAXELIA_HEADERS (OTLP syntax, percent-encoded) reach the endpoint; their values never appear in logs or errors', { timeout: 30_000 }, async () => {
    const e = await endpoint();
    setEnv({ VAXELIA_HEADERS: `x-tenant=acme, x-gateway-secret=${encodeURIComponent(HEADER_SECRET)}` });
    // The endpoint refuses and echoes what it got: the reason kept and logged is scrubbed.
    e.fallback = { kind: 'status', status: 401, body: `unknown secret ${HEADER_SECRET} for key ${API_KEY}` };
    const s = service({ tenantApiUrl: e.url });
    expect(await s.submit(makeDecision(1))).toEqual({ outcome: 'buffered' });
    expect(e.requests[0]!.headers['x-tenant']).toBe('acme');
    expect(e.requests[0]!.headers['x-gateway-secret']).toBe(HEADER_SECRET);
    expect(logs.join('\n')).toContain('[redacted]');
    assertNoSecrets(logs.join('\n'));
  });

  it('a malformed VAXELIA_HEADERS fails at construction without quoting a value', () => {
    const attempt = (value: string) => {
      setEnv({ VAXELIA_HEADERS: value });
      try {
        createHttpTransport({ tenantApiUrl: 'http://127.0.0.1:9/x' }).shutdown();
        return undefined;
      } catch (error) {
        return error as Error;
      }
    };
    const noEquals = attempt(`Authorization: Bearer ${API_KEY}`);
    expect(noEquals).toBeInstanceOf(ConfigError);
    expect(noEquals?.message).toMatch(/VAXELIA_HEADERS: entry 1 is not name=value/);
    const badName = attempt(`Bearer ${HEADER_SECRET}=x`);
    expect(badName?.message).toMatch(/VAXELIA_HEADERS: header 1 has an invalid name/);
    expect(attempt('content-length=5')?.message).toMatch(/set by the library/);
    assertNoSecrets(`${noEquals?.message} ${badName?.message}`);
  });

  it('compression: gzip sends Content-Encoding: gzip bodies that decompress to the decision', { timeout: 30_000 }, async () => {
    const { createServer } = await import('node:http');
    const received: { encoding?: string; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ encoding: req.headers['content-encoding'], body: Buffer.concat(chunks) });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => server.close(r)));
    cleanups.push(() => server.closeAllConnections());
    const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/v1/decisions`;
    expect(await service({ tenantApiUrl: url, compression: 'gzip' }).submit(makeDecision(7))).toEqual({ outcome: 'delivered' });
    expect(received[0]!.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(received[0]!.body).toString('utf8')).decisionId).toBe(makeDecision(7).decisionId);
  });
});
