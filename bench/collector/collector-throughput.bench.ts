// Collector throughput (issue 21): the same OTLP/HTTP protobuf requests (1,000 spans each, 5 % AI
// spans with content, 8 at a time) sent
//   (a) straight to a `vaxelia-otel gateway` process, as the JavaScript OTLP exporter does, and
//   (b) to the real OpenTelemetry Collector of examples/collector (front Collector with
//       memory_limiter + batch + load_balancing → sidecar Collector with its fsync'ed file_storage
//       queue → otlp_http → the same kind of gateway process).
// Figures: spans/s accepted (the sender's requests answered 200) and AI decisions/s durably queued
// (for (b): until the sidecar's otlp_http exporter counts every span sent, i.e. acknowledged by the
// gateway, which answers only once the decisions are in its encrypted queue).
//   node bench/collector/run.mjs
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { SpanLike } from '../../src/otel-types.js';
import { killAllChildren } from '../../test/collector/support/child.js';
import { CollectorStack } from '../../test/collector/support/stack.js';

const SPANS_PER_REQUEST = 1000;
const AI_SHARE = 0.05;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const CONCURRENCY = 8;
const now = Date.now();
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const resource = { attributes: { 'service.name': 'loan-api', 'telemetry.sdk.language': 'python' } };

function span(i: number, traceId: string): SpanLike {
  const ai = i % Math.round(1 / AI_SHARE) === 0;
  const start: [number, number] = [Math.floor(now / 1000), (i * 1000) % 1e9];
  const context = { traceId, spanId: hex(8), traceFlags: 1 };
  const attributes = ai
    ? {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 48,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `My email is jane.doe${i}@example.com, what is my balance?` }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Your balance is 1,234.56 EUR.' }], finish_reason: 'stop' }]),
      }
    : { 'http.request.method': 'GET', 'http.route': '/accounts/:id', 'http.response.status_code': 200, 'url.path': `/accounts/${i}` };
  return {
    name: ai ? 'chat gpt-4o-mini' : 'GET /accounts/:id',
    kind: ai ? 2 : 1,
    spanContext: () => context,
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
    instrumentationScope: { name: ai ? 'opentelemetry.instrumentation.openai_v2' : 'opentelemetry.instrumentation.flask' },
    ended: true,
    duration: [0, 5_000_000],
  } as unknown as SpanLike;
}

const bodies = () =>
  Array.from({ length: REQUESTS }, () => {
    const traceId = hex(16);
    return Buffer.from(ProtobufTraceSerializer.serializeRequest(Array.from({ length: SPANS_PER_REQUEST }, (_, i) => span(i, traceId)) as never)!);
  });

function send(agent: Agent, url: string, body: Buffer, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-protobuf', 'content-length': String(body.length) };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends every body, CONCURRENCY at a time, retrying a refused one after 100 ms; seconds taken. */
async function sendAll(url: string, all: Buffer[], token?: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < all.length) {
        const body = all[next++]!;
        while ((await send(agent, url, body, token)) !== 200) await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  agent.destroy();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function sentSpans(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith('otelcol_exporter_sent_spans')) sum += Number(line.split(' ').pop());
  return sum;
}

const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString('en');
const spans = REQUESTS * SPANS_PER_REQUEST;
const decisions = spans * AI_SHARE;
console.log(`node ${process.version}, ${REQUESTS} requests × ${SPANS_PER_REQUEST} spans (protobuf), ${AI_SHARE * 100} % AI spans, ${CONCURRENCY} concurrent requests, 1 gateway`);

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 3);
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const direct: number[] = [];
const accepted: number[] = [];
const queued: number[] = [];

// Both deployments run side by side; their repetitions alternate so load hits both alike.
const js = await CollectorStack.start({ gateways: 1 });
const collector = await CollectorStack.start({ gateways: 1 });
try {
  const gateway = js.nodes[0]!;
  const sidecar = collector.nodes[0]!;
  const frontUrl = `${collector.otlpEndpoint}/v1/traces`;
  // Warm-up of both paths (JIT, first segment files, Collector queues).
  await sendAll(`${gateway.url}/v1/traces`, bodies().slice(0, 5), js.gatewayToken);
  await sendAll(frontUrl, bodies().slice(0, 5));
  let sentBefore = 5 * SPANS_PER_REQUEST;
  while ((await sentSpans(sidecar.sidecarMetricsPort)) < sentBefore) await new Promise((r) => setTimeout(r, 50));
  for (let rep = 0; rep < REPETITIONS; rep++) {
    // (a) The JavaScript OTLP exporter's path: straight to the gateway process.
    direct.push(await sendAll(`${gateway.url}/v1/traces`, bodies(), js.gatewayToken));
    // (b) Through the real Collector, two tiers as in examples/collector.
    const all = bodies();
    const start = process.hrtime.bigint();
    accepted.push(await sendAll(frontUrl, all));
    sentBefore += spans;
    while ((await sentSpans(sidecar.sidecarMetricsPort)) < sentBefore) await new Promise((r) => setTimeout(r, 20));
    queued.push(Number(process.hrtime.bigint() - start) / 1e9);
    console.log(
      `repetition ${rep + 1}: JS exporter → gateway ${rate(spans, direct.at(-1)!)} spans/s; Collector accepted ${rate(spans, accepted.at(-1)!)} spans/s, ` +
        `durably queued ${rate(spans, queued.at(-1)!)} spans/s`,
    );
  }
} finally {
  await collector.stop();
  await js.stop();
  await killAllChildren();
}
const d = median(direct);
const q = median(queued);
console.log(`median of ${REPETITIONS}:`);
console.log(`JS exporter → gateway:              ${rate(spans, d)} spans/s accepted = ${rate(decisions, d)} AI decisions/s durably queued (the gateway answers after its queue)`);
console.log(`Collector (front → sidecar → gateway): ${rate(spans, median(accepted))} spans/s accepted by the Collector, ${rate(spans, q)} spans/s = ${rate(decisions, q)} AI decisions/s durably queued at the gateway (${(d / q).toFixed(2)}× the JS exporter's rate)`);
