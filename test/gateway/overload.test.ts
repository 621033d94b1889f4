import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../support/fixtures.js';
import { GatewayHarness } from './support/gateway-harness.js';
import { toReadableSpan } from './support/otlp-clients.js';
import { get, post } from './support/raw-http.js';

const PROTO = { 'content-type': 'application/x-protobuf' };

/** Resolves once the gateway reports the request in flight (/readyz says it is at its request limit). */
async function inFlight(url: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const ready = await get(`${url}/readyz`);
      expect([ready.status, ready.body.toString().trim()]).toEqual([503, 'at the concurrent request limit']);
    },
    { timeout: 20_000, interval: 10 },
  );
}
let harness: GatewayHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function body(file: string, traceId?: string): Buffer {
  const spans = loadFixture(file).spans.map((span) => {
    if (!traceId) return toReadableSpan(span);
    const context = { ...span.spanContext(), traceId };
    return toReadableSpan({ ...span, spanContext: () => context, parentSpanContext: undefined });
  });
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
}

describe('overload and shutdown', () => {
  it('over maxInflightRequests → 429 with Retry-After; /readyz reports it', async () => {
    harness = await new GatewayHarness().start();
    // A content-less contrib span waits for its logs: the request stays in flight for logWaitMs,
    // counted from its arrival, which inFlight() waits for — the window only has to cover the
    // refused request's round trip, even on a loaded machine.
    const gw = await harness.gateway({ maxInflightRequests: 1, logWaitMs: 3000, retryAfterSeconds: 2 });
    const waiting = post(`${gw.url}/v1/traces`, body('otel-contrib-openai/chat.json'), PROTO);
    await inFlight(gw.url);
    const refused = await post(`${gw.url}/v1/traces`, body('traceloop-openai/chat.json'), PROTO);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('2');
    expect((await get(`${gw.url}/readyz`)).status).toBe(503);
    expect((await waiting).status).toBe(200);
    expect((await get(`${gw.url}/readyz`)).status).toBe(200);
  });

  it('decision queue at its limit (endpoint down) → 503 with Retry-After, not ready, still alive', async () => {
    harness = await new GatewayHarness().start();
    const gw = await harness.gateway({ maxQueueDepth: 2, maxAttempts: 1, logWaitMs: 0 });
    await harness.endpoint.stop();
    // Decisions stay queued while the endpoint is down: the queue reaches its limit.
    const statuses: number[] = [];
    let refused = await post(`${gw.url}/v1/traces`, body('traceloop-openai/chat.json', '1'.padStart(32, 'a')), PROTO);
    statuses.push(refused.status);
    // Each 200 is sent after the decision is queued, so the depth grows request by request.
    for (let i = 2; i < 50 && refused.status === 200; i++) {
      refused = await post(`${gw.url}/v1/traces`, body('traceloop-openai/chat.json', `${i}`.padStart(32, 'a')), PROTO);
      statuses.push(refused.status);
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect((await get(`${gw.url}/readyz`)).status).toBe(503);
    expect((await get(`${gw.url}/healthz`)).status).toBe(200);
  });

  it('close() lets an in-flight request finish (acknowledged after queueing), then refuses new connections', async () => {
    harness = await new GatewayHarness().start();
    // The request waits for logs far longer than the test runs: close() must cut that wait short.
    const gw = await harness.gateway({ maxInflightRequests: 1, logWaitMs: 60_000 });
    const inflight = post(`${gw.url}/v1/traces`, body('otel-contrib-openai/chat.json'), PROTO);
    await inFlight(gw.url);
    const closing = gw.close();
    expect((await inflight).status).toBe(200);
    await closing;
    await expect(post(`${gw.url}/v1/traces`, body('traceloop-openai/chat.json'), PROTO)).rejects.toThrow();
    expect(harness.decisions().length).toBe(1);
  });
});
