/**
 * The gateway's exposure and memory rules: no unauthenticated listener on a non-loopback address
 * unless the operator says so, not ready while its backlog cannot be read, and request bytes
 * bounded before bodies are read (429 with Retry-After, from Content-Length or streamed counts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { startGateway } from '../../src/gateway/index.js';
import { createEncryptedQueue } from '../../src/queue/encrypted-queue.js';
import { GatewayHarness } from './support/gateway-harness.js';
import { get } from './support/raw-http.js';

let harness: GatewayHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Starts a POST whose body is sent only when `finish` is called; resolves the answer. */
function openPost(url: string, declaredBytes: number | undefined) {
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (declaredBytes !== undefined) headers['content-length'] = declaredBytes;
  const req = request(`${url}/v1/traces`, { method: 'POST', headers });
  const answered = new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
    });
    req.on('error', reject);
  });
  answered.catch(() => {}); // a request the test destroys
  req.flushHeaders();
  return { req, answered };
}

describe('gateway exposure', () => {
  it('refuses to listen on a non-loopback address without an auth token, naming the fix', async () => {
    const options = { port: 0, host: '0.0.0.0', bufferKey: randomBytes(32).toString('base64'), bufferDir: mkdtempSync(join(tmpdir(), 'vx-gw-')), logger: () => {} };
    await expect(startGateway(options)).rejects.toThrow(ConfigError);
    await expect(startGateway(options)).rejects.toThrow(/VAXELIA_GATEWAY_AUTH_TOKEN.*--allow-unauthenticated/);
    await expect(startGateway({ ...options, authToken: '   ' })).rejects.toThrow(ConfigError);
    // With the explicit opt-out it starts.
    const gw = await startGateway({ ...options, allowUnauthenticated: true, tenantApiUrl: 'http://127.0.0.1:9/v1/decisions' });
    await gw.close();
  });

  it('/readyz is 503 while the backlog was written with another key', async () => {
    harness = await new GatewayHarness().start();
    const bufferDir = mkdtempSync(join(tmpdir(), 'vx-gw-foreign-'));
    const other = createEncryptedQueue({ bufferDir, bufferKey: randomBytes(32).toString('base64'), logger: () => {} });
    await other.append([JSON.stringify({ decisionId: 'x' })]);
    await other.close();
    const gw = await harness.gateway({ bufferDir });
    const ready = await get(`${gw.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.toString()).toContain('VAXELIA_BUFFER_KEY');
    expect((await get(`${gw.url}/healthz`)).status).toBe(200);
  });
});

describe('gateway request bytes', () => {
  it('bytes are reserved from Content-Length before the body is read: a second large request gets 429 + Retry-After at once', async () => {
    harness = await new GatewayHarness().start();
    const gw = await harness.gateway({ maxInflightBytes: 1024 * 1024, maxBodyBytes: 1024 * 1024, retryAfterSeconds: 3 });
    // The first request declares 900 KB and sends nothing yet: its bytes are reserved.
    const first = openPost(gw.url, 900_000);
    // Probe until the gateway has admitted the first one (its headers arrived): then the probe is refused unread.
    let second: { status: number; retryAfter?: string } | undefined;
    for (let i = 0; i < 200; i++) {
      const probe = openPost(gw.url, 500_000);
      probe.req.end(Buffer.alloc(0));
      second = await probe.answered.catch(() => ({ status: 0 }));
      if (second.status === 429) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(second).toMatchObject({ status: 429, retryAfter: '3' });
    first.req.destroy();
  });

  it('without Content-Length, streamed bytes are counted as they arrive', async () => {
    harness = await new GatewayHarness().start();
    const gw = await harness.gateway({ maxInflightBytes: 256 * 1024, maxBodyBytes: 1024 * 1024 });
    const holder = openPost(gw.url, 200_000);
    holder.req.write(Buffer.alloc(1000, 0x20));
    const chunked = openPost(gw.url, undefined);
    chunked.req.write(Buffer.alloc(128 * 1024, 0x20));
    chunked.req.write(Buffer.alloc(128 * 1024, 0x20));
    const answer = await chunked.answered;
    expect(answer.status).toBe(429);
    holder.req.destroy();
    chunked.req.destroy();
  });
});
