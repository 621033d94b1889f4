import { createGzip, gzipSync } from 'node:zlib';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { otlpTypes } from '../../src/gateway/proto/otlp-types.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { loadFixture } from '../support/fixtures.js';
import { toReadableSpan } from './support/otlp-clients.js';
import { get, post, type RawResponse } from './support/raw-http.js';

const TOKEN = 'gateway-test-token-3c9a';
const PROTO = { 'content-type': 'application/x-protobuf', authorization: `Bearer ${TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
const MAX_BODY = 4 * 1024 * 1024;

let gateway: Gateway;
const sink = new InMemoryDecisionSink();
const chatSpans = loadFixture('traceloop-openai/chat.json').spans;

beforeAll(async () => {
  gateway = await startGateway({ port: 0, sink, chain: false, logger: () => {}, authToken: TOKEN, maxBodyBytes: MAX_BODY, logWaitMs: 0 });
});
afterAll(async () => {
  await gateway.close();
});

function traces(): string {
  return `${gateway.url}/v1/traces`;
}

function statusMessage(response: RawResponse): string {
  const type = String(response.headers['content-type']);
  if (type.startsWith('application/json')) return JSON.parse(response.body.toString()).message;
  return (otlpTypes().status.decode(response.body) as unknown as { message: string }).message;
}

async function stillServing(): Promise<void> {
  expect((await get(`${gateway.url}/healthz`)).status).toBe(200);
  const ok = await post(traces(), Buffer.from(ProtobufTraceSerializer.serializeRequest(chatSpans.map(toReadableSpan))!), PROTO);
  expect(ok.status).toBe(200);
}

function* repeat(chunk: Buffer, total: number): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
}

describe('hostile and malformed requests', () => {
  it('truncated protobuf → 400 with a google.rpc.Status message', async () => {
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(chatSpans.map(toReadableSpan))!);
    for (const cut of [1, 7, Math.floor(body.length / 2), body.length - 3]) {
      const response = await post(traces(), body.subarray(0, cut), PROTO);
      expect(response.status).toBe(400);
      expect(statusMessage(response)).toMatch(/protobuf body is truncated or invalid/);
    }
    await stillServing();
  });

  it('invalid JSON and non-OTLP JSON → 400; wrong content type → 415; other paths → 404 / 405', async () => {
    expect((await post(traces(), Buffer.from('{"resourceSpans":'), JSON_TYPE)).status).toBe(400);
    expect((await post(traces(), Buffer.from('[1,2]'), JSON_TYPE)).status).toBe(400);
    const wrongShape = await post(traces(), Buffer.from('{"resourceSpans":{"a":1}}'), JSON_TYPE);
    expect(wrongShape.status).toBe(400);
    expect(statusMessage(wrongShape)).toContain('resourceSpans');
    expect((await post(traces(), Buffer.from('hello'), { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` })).status).toBe(415);
    expect((await post(traces(), Buffer.from('{}'), { 'content-type': 'application/json', 'content-encoding': 'br', authorization: `Bearer ${TOKEN}` })).status).toBe(415);
    expect((await post(`${gateway.url}/v1/metrics`, Buffer.from('{}'), JSON_TYPE)).status).toBe(404);
    expect((await get(traces())).status).toBe(405);
    await stillServing();
  });

  it('bad or missing bearer token → 401 (health probes need none)', async () => {
    const body = Buffer.from('{}');
    expect((await post(traces(), body, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(traces(), body, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post(traces(), body, { 'content-type': 'application/json', authorization: `Basic ${TOKEN}` })).status).toBe(401);
    const wrong = await post(traces(), body, { 'content-type': 'application/json', authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    expect((await get(`${gateway.url}/readyz`)).status).toBe(200);
    await stillServing();
  });

  it('a 50 MB body → 413 without reading it all (declared length and chunked)', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x0a);
    const declared = await post(traces(), () => repeat(chunk, 50 * 1024 * 1024), { ...PROTO, 'content-length': String(50 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    expect(declared.written).toBeLessThan(50 * 1024 * 1024);
    const chunked = await post(traces(), () => repeat(chunk, 50 * 1024 * 1024), PROTO);
    expect(chunked.status).toBe(413);
    expect(chunked.written).toBeLessThan(50 * 1024 * 1024);
    expect(statusMessage(chunked)).toMatch(/exceeds/);
    await stillServing();
  });

  it('a gzip bomb (256 MiB of zeros, 64× the limit, ~250 KB compressed) → 413, decompression stops at the limit', async () => {
    const gzip = createGzip();
    const out: Buffer[] = [];
    gzip.on('data', (c: Buffer) => out.push(c));
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 256; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
    await new Promise((r) => gzip.end(r));
    const bomb = Buffer.concat(out);
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const before = process.memoryUsage();
    const response = await post(traces(), bomb, { ...PROTO, 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    const after = process.memoryUsage();
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(256 * 1024 * 1024);
    // Garbage that is not gzip → 400.
    expect((await post(traces(), Buffer.from('not gzip at all'), { ...PROTO, 'content-encoding': 'gzip' })).status).toBe(400);
    // A valid gzip body works.
    const body = gzipSync(Buffer.from(ProtobufTraceSerializer.serializeRequest(chatSpans.map(toReadableSpan))!));
    expect((await post(traces(), body, { ...PROTO, 'content-encoding': 'gzip' })).status).toBe(200);
    await stillServing();
  });

  it('deeply nested JSON and protobuf values are cut or refused, never a stack overflow', async () => {
    // An AI span whose attribute is a kvlist nested 50 000 levels deep (JSON): accepted, value cut.
    const depth = 50_000;
    const deep = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth)}{"stringValue":"x"}${'}]}}'.repeat(depth)}`;
    const span = `{"traceId":"${'ab'.repeat(16)}","spanId":"${'cd'.repeat(8)}","name":"chat","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"deep","value":${deep}}]}`;
    const json = await post(traces(), Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`), JSON_TYPE);
    expect(json.status).toBe(200);
    // A JSON body that is only nesting.
    expect((await post(traces(), Buffer.from(`${'['.repeat(500_000)}${']'.repeat(500_000)}`), JSON_TYPE)).status).toBe(400);
    // Protobuf: AnyValue{array_value{values[AnyValue{…}]}} nested 200 000 levels inside one span attribute.
    // Nested fields carry no trailer: the bytes are every level's header, outermost first.
    const headers: Buffer[] = [];
    let length = 0;
    for (let i = 0; i < 200_000; i++) {
      const inner = Buffer.concat([varint((1 << 3) | 2), varint(length)]);
      length += inner.length;
      const outer = Buffer.concat([varint((5 << 3) | 2), varint(length)]);
      length += outer.length;
      headers.push(inner, outer);
    }
    const value = Buffer.concat(headers.reverse());
    const kv = Buffer.concat([field(1, Buffer.from('deep')), field(2, value)]);
    const protoSpan = Buffer.concat([field(1, Buffer.alloc(16, 1)), field(2, Buffer.alloc(8, 2)), field(9, kv)]);
    const protoBody = field(1, field(2, field(2, protoSpan)));
    const proto = await post(traces(), protoBody, PROTO);
    expect([200, 400]).toContain(proto.status);
    await stillServing();
  });

  it('a million tiny spans → 413 before decoding them (protobuf and JSON)', async () => {
    const emptySpan = field(2, Buffer.alloc(0));
    const spans = Buffer.concat(Array.from({ length: 1_000_000 }, () => emptySpan));
    const proto = await post(traces(), field(1, field(2, spans)), PROTO);
    expect(proto.status).toBe(413);
    expect(statusMessage(proto)).toMatch(/1000000 spans/);
    const json = await post(traces(), Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[${Array(1_000_000).fill('{}').join(',')}]}]}]}`), JSON_TYPE);
    expect(json.status).toBe(413);
    await stillServing();
  });

  it('partial_success: spans with invalid ids are rejected, the valid ones recorded', async () => {
    const good = chatSpans.map(toReadableSpan) as unknown as Record<string, unknown>[];
    const bad = { ...good[0]!, spanContext: () => ({ traceId: '0'.repeat(32), spanId: 'ab'.repeat(8), traceFlags: 1 }) };
    const bad2 = { ...good[0]!, spanContext: () => ({ traceId: 'ab'.repeat(16), spanId: 'xyz', traceFlags: 1 }) };
    const before = sink.decisions.length;
    const json = await post(traces(), Buffer.from(JsonTraceSerializer.serializeRequest([...good, bad, bad2] as never)!), JSON_TYPE);
    expect(json.status).toBe(200);
    const parsed = JSON.parse(json.body.toString());
    expect(parsed.partialSuccess.rejectedSpans).toBe('2');
    expect(parsed.partialSuccess.errorMessage).toMatch(/invalid or missing trace id/);
    const proto = await post(traces(), Buffer.from(ProtobufTraceSerializer.serializeRequest([bad] as never)!), PROTO);
    const decoded = otlpTypes().traceResponse.toObject(otlpTypes().traceResponse.decode(proto.body), { longs: Number }) as { partialSuccess: { rejectedSpans: number } };
    expect(decoded.partialSuccess.rejectedSpans).toBe(1);
    // The valid span was recorded once (it may already have been recorded by an earlier test: then zero).
    expect(sink.decisions.length - before).toBeLessThanOrEqual(1);
  });
});

/** One length-delimited protobuf field. */
function field(number: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
