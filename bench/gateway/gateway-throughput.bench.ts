// Gateway throughput (issue 6): OTLP spans/s accepted with a 5 % share of AI spans, and AI
// decisions/s durably queued (a request is acknowledged only after that), for protobuf, JSON and
// gzip bodies; beside the same AI spans through the in-process exporter path.
//   node bench/gateway/run.mjs
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startGateway } from '../../src/gateway/index.js';
import type { SpanLike } from '../../src/otel-types.js';
import { DecisionLogExporter } from '../../src/processor/decision-log-exporter.js';

const SPANS_PER_REQUEST = 1000;
const AI_SHARE = 0.05;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = 8;

const resource = { attributes: { 'service.name': 'loan-api', 'service.version': '1.4.2', 'telemetry.sdk.language': 'python' } };
const httpScope = { name: 'opentelemetry.instrumentation.flask', version: '0.48b0' };
const aiScope = { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' };
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const now = Date.now();

function span(i: number, traceId: string, aiShare: number): SpanLike & Record<string, unknown> {
  const ai = aiShare > 0 && i % Math.round(1 / aiShare) === 0;
  const start: [number, number] = [Math.floor(now / 1000), (i * 1000) % 1e9];
  const context = { traceId, spanId: hex(8), traceFlags: 1 };
  const attributes = ai
    ? {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': `chatcmpl-${i}`,
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 48,
        'gen_ai.input.messages': JSON.stringify([
          { role: 'system', parts: [{ type: 'text', content: 'You are a helpful customer-support assistant for ACME Bank.' }] },
          { role: 'user', parts: [{ type: 'text', content: `My email is jane.doe${i}@example.com, card 4111 1111 1111 1111, what is my balance?` }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Your balance is 1,234.56 EUR.' }], finish_reason: 'stop' }]),
      }
    : { 'http.request.method': 'GET', 'http.route': '/accounts/:id', 'http.response.status_code': 200, 'url.path': `/accounts/${i}`, 'server.address': 'loan-api' };
  return {
    name: ai ? 'chat gpt-4o-mini' : 'GET /accounts/:id',
    kind: ai ? 2 : 1,
    spanContext: () => context,
    parentSpanContext: undefined,
    startTime: start,
    endTime: [start[0], start[1] + 5_000_000],
    status: { code: 0 },
    attributes,
    events: [],
    links: [],
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    resource,
    instrumentationScope: ai ? aiScope : httpScope,
    ended: true,
    duration: [0, 5_000_000],
  };
}

function batch(aiShare = AI_SHARE): SpanLike[] {
  const traceId = hex(16);
  return Array.from({ length: SPANS_PER_REQUEST }, (_, i) => span(i, traceId, aiShare));
}

async function startEndpoint(): Promise<{ url: string; close(): Promise<void>; count(): number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/decisions`,
    close: () => new Promise((r) => server.close(() => r())),
    count: () => n,
  };
}

function send(agent: Agent, url: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runGateway(label: string, encode: (spans: SpanLike[]) => Buffer, headers: Record<string, string>, aiShare = AI_SHARE): Promise<void> {
  const endpoint = await startEndpoint();
  const gateway = await startGateway({
    port: 0,
    tenantApiUrl: endpoint.url,
    apiKey: 'bench',
    bufferKey: randomBytes(32).toString('base64'),
    bufferDir: mkdtempSync(join(tmpdir(), 'vx-gw-bench-')),
    logger: () => {},
    logWaitMs: 0,
  });
  const bodies = Array.from({ length: REQUESTS }, () => encode(batch(aiShare)));
  const bytes = bodies.reduce((n, b) => n + b.length, 0);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = `${gateway.url}/v1/traces`;
  // Warm-up (JIT, first segment file).
  for (let i = 0; i < 5; i++) await send(agent, url, encode(batch()), headers);
  let next = 0;
  let failed = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        if ((await send(agent, url, body, headers)) !== 200) failed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const spans = REQUESTS * SPANS_PER_REQUEST;
  const decisions = spans * aiShare;
  console.log(
    `gateway ${label.padEnd(9)} ${REQUESTS} requests × ${SPANS_PER_REQUEST} spans (${(bytes / REQUESTS / 1024).toFixed(0)} KiB each), ${failed} refused: ` +
      `${Math.round(spans / seconds).toLocaleString('en')} OTLP spans/s accepted, ${Math.round(decisions / seconds).toLocaleString('en')} AI decisions/s durably queued`,
  );
  agent.destroy();
  await gateway.close();
  await endpoint.close();
}

async function runInProcess(): Promise<void> {
  const endpoint = await startEndpoint();
  const exporter = new DecisionLogExporter({
    tenantApiUrl: endpoint.url,
    apiKey: 'bench',
    bufferKey: randomBytes(32).toString('base64'),
    bufferDir: mkdtempSync(join(tmpdir(), 'vx-gw-bench-')),
    logger: () => {},
  });
  const batches = Array.from({ length: REQUESTS }, batch);
  const start = process.hrtime.bigint();
  await Promise.all(batches.map((spans) => new Promise((resolve) => exporter.export(spans, resolve))));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const spans = REQUESTS * SPANS_PER_REQUEST;
  console.log(
    `in-process DecisionLogExporter, same spans: ${Math.round(spans / seconds).toLocaleString('en')} spans/s, ` +
      `${Math.round((spans * AI_SHARE) / seconds).toLocaleString('en')} AI decisions/s durably queued`,
  );
  await exporter.shutdown();
  await endpoint.close();
}

const toProto = (spans: SpanLike[]) => Buffer.from(ProtobufTraceSerializer.serializeRequest(spans as never)!);
const toJson = (spans: SpanLike[]) => Buffer.from(JsonTraceSerializer.serializeRequest(spans as never)!);
console.log(`node ${process.version}, ${SPANS_PER_REQUEST} spans per request, ${AI_SHARE * 100} % AI spans, ${CONCURRENCY} concurrent requests`);
await runGateway('protobuf', toProto, { 'content-type': 'application/x-protobuf' });
await runGateway('json', toJson, { 'content-type': 'application/json' });
await runGateway('gzip+pb', (s) => gzipSync(toProto(s)), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
await runGateway('pb, 0% AI', toProto, { 'content-type': 'application/x-protobuf' }, 0);
await runInProcess();
