import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { SpanLike } from '../../src/otel-types.js';
import { SpanMapper } from '../../src/processor/span-mapper.js';
import { listFixtures, loadFixture } from '../support/fixtures.js';
import { GatewayHarness } from './support/gateway-harness.js';
import { exportLogs, exportSpans, toReadableSpan } from './support/otlp-clients.js';
import { post } from './support/raw-http.js';

let harness: GatewayHarness | undefined;
let router: Server | undefined;
afterEach(async () => {
  if (router) await new Promise((r) => router!.close(r));
  router = undefined;
  await harness?.stop();
  harness = undefined;
});

/** A span copy with a new trace id (and the same span id) so one fixture yields many distinct traces. */
function inTrace(span: SpanLike, traceId: string): SpanLike {
  const context = { ...span.spanContext(), traceId };
  return {
    ...span,
    spanContext: () => context,
    parentSpanContext: span.parentSpanContext ? { ...span.parentSpanContext, traceId } : undefined,
  };
}

const traceIdOf = (n: number) => createHash('sha256').update(`trace-${n}`).digest('hex').slice(0, 32);
const PROTO = { 'content-type': 'application/x-protobuf' };

describe('Collector retries', () => {
  it('the same request delivered again (sequentially and concurrently) → one decision per span, chained once', async () => {
    harness = await new GatewayHarness().start();
    const gw = await harness.gateway({ logWaitMs: 0 });
    const spans = loadFixture('traceloop-openai/tool_call.json').spans.map(toReadableSpan);
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    const first = await post(`${gw.url}/v1/traces`, body, PROTO);
    expect(first.status).toBe(200);
    const again = await Promise.all([1, 2, 3].map(() => post(`${gw.url}/v1/traces`, body, PROTO)));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    // A fresh request racing its own retry.
    const fresh = Buffer.from(ProtobufTraceSerializer.serializeRequest(loadFixture('traceloop-openai/chat.json').spans.map(toReadableSpan))!);
    const raced = await Promise.all([post(`${gw.url}/v1/traces`, fresh, PROTO), post(`${gw.url}/v1/traces`, fresh, PROTO)]);
    expect(raced.map((r) => r.status)).toEqual([200, 200]);
    await gw.close();
    const decisions = harness.decisions();
    const ids = decisions.map((d) => d.decisionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const [, count] of harness.endpoint.accepted) expect(count).toBe(1);
    expect(verifyChain(harness.received()).ok).toBe(true);
  });
});

describe('Collector retries across gateway restarts', () => {
  it('a retry reaching the next gateway process after the first delivered and deleted its segment is not chained again', async () => {
    harness = await new GatewayHarness().start();
    const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-gateway-restart-'));
    const spans = loadFixture('traceloop-openai/tool_call.json').spans.map(toReadableSpan);
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);

    const first = await harness.gateway({ logWaitMs: 0, bufferDir });
    expect((await post(`${first.url}/v1/traces`, body, PROTO)).status).toBe(200);
    // A graceful stop delivers everything and deletes the fully delivered segment: after this,
    // only the journal remembers which spans were recorded.
    await first.close();
    expect(readdirSync(join(bufferDir, 'segments')).flatMap((owner) => readdirSync(join(bufferDir, 'segments', owner)))).toEqual([]);
    const recorded = harness.decisions().length;
    expect(recorded).toBeGreaterThan(0);

    const second = await harness.gateway({ logWaitMs: 0, bufferDir });
    expect((await post(`${second.url}/v1/traces`, body, PROTO)).status).toBe(200);
    await second.close();

    expect(harness.decisions()).toHaveLength(recorded);
    const result = verifyChain(harness.received());
    expect(result.problems).toEqual([]);
    expect(result.chains).toHaveLength(1);
  });

  it('without its journal, the same retry would be chained twice (the test above can fail)', async () => {
    harness = await new GatewayHarness().start();
    const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-gateway-restart-'));
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(loadFixture('traceloop-openai/chat.json').spans.map(toReadableSpan))!);
    const first = await harness.gateway({ logWaitMs: 0, bufferDir });
    expect((await post(`${first.url}/v1/traces`, body, PROTO)).status).toBe(200);
    await first.close();
    const recorded = harness.decisions().length;
    rmSync(join(bufferDir, 'gateway'), { recursive: true });
    const second = await harness.gateway({ logWaitMs: 0, bufferDir });
    expect((await post(`${second.url}/v1/traces`, body, PROTO)).status).toBe(200);
    await second.close();
    expect(harness.decisions()).toHaveLength(recorded * 2);
  });
});

describe('horizontal scale: two gateways behind a trace-id router', () => {
  it('every AI span becomes exactly one decision; each gateway writes its own chain and both verify', async () => {
    harness = await new GatewayHarness().start();
    const gateways = [await harness.gateway(), await harness.gateway()];
    const routed = [0, 0];
    // The Collector's loadbalancing exporter, reduced: same trace id → same gateway. The test
    // sends one trace per request, so the router reads the trace id from the request header.
    router = createServer((req, res) => {
      const traceId = String(req.headers['x-trace-id']);
      const target = Number.parseInt(createHash('sha1').update(traceId).digest('hex').slice(0, 8), 16) % gateways.length;
      routed[target]!++;
      const upstream = request(`${gateways[target]!.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => router!.listen(0, '127.0.0.1', r));
    const routerUrl = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;

    const files = listFixtures().filter((f) => f.startsWith('otel-contrib-openai/') || f.startsWith('vercel-ai-v6/') || f.startsWith('anthropic-sdk-native/'));
    let expected = 0;
    const sends: Promise<unknown>[] = [];
    for (let n = 0; n < 40; n++) {
      const fixture = loadFixture(files[n % files.length]!);
      const traceId = traceIdOf(n);
      const spans = fixture.spans.map((s) => inTrace(s, traceId));
      const logs = fixture.logs.map((l) => ({ ...l, spanContext: l.spanContext ? { ...l.spanContext, traceId } : undefined }));
      const headers = { 'x-trace-id': traceId };
      sends.push(exportSpans(routerUrl, spans, n % 2 === 0 ? 'protobuf' : 'json', headers).then((r) => expect(r.code).toBe(0)));
      if (logs.length > 0) sends.push(exportLogs(routerUrl, logs, headers).then((r) => expect(r.code).toBe(0)));
      // What the in-process path records for this trace: the same count must come out of the gateways.
      const mapper = new SpanMapper({ logger: () => {} });
      for (const log of fixture.logs) mapper.addLog(log);
      const selected = fixture.spans.filter((s) => mapper.select(s));
      for (const s of selected) mapper.observe(s);
      expected += mapper.map(selected).length;
    }
    await Promise.all(sends);
    expect(routed[0]).toBeGreaterThan(0);
    expect(routed[1]).toBeGreaterThan(0);
    await Promise.all(gateways.map((g) => g.close()));

    const decisions = harness.decisions();
    const ids = decisions.map((d) => d.decisionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(decisions.length).toBeGreaterThan(40);
    expect(decisions.length).toBe(expected);
    const chains = new Set(harness.received().map((d) => d.chainId));
    expect(chains.size).toBe(2);
    const verdict = verifyChain(harness.received());
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    // Content that arrived in logs joined its span on the gateway that had the trace.
    const contrib = decisions.filter((d) => d.provider === 'openai' && d.operation === 'chat');
    expect(contrib.some((d) => JSON.stringify(d.input).includes('ACME Bank'))).toBe(true);
  });
});
