import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRequest } from '../../src/gateway/otlp-codec.js';
import { readLogRecords } from '../../src/gateway/otlp-log.js';
import { readSpans } from '../../src/gateway/otlp-span.js';
import { readAnyValue } from '../../src/gateway/otlp-values.js';
import type { SpanLike } from '../../src/otel-types.js';
import { toReadableLog, toReadableSpan } from './support/otlp-clients.js';

const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('hex')).filter((h) => !/^0+$/.test(h));
// Whole doubles travel as OTLP int64 (the exporter's choice): keep them within its range.
const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.boolean());
const attributeValue = fc.oneof(scalar, fc.array(fc.string(), { maxLength: 4 }), fc.array(fc.integer(), { maxLength: 4 }));
const attributes = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__'), attributeValue, { maxKeys: 8 });

const spanArb = fc.record({
  traceId: hex(16),
  spanId: hex(8),
  parentId: fc.option(hex(8), { nil: undefined }),
  name: fc.string(),
  kind: fc.integer({ min: 0, max: 4 }),
  start: fc.tuple(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 0, max: 999_999_999 })),
  code: fc.integer({ min: 0, max: 2 }),
  message: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  attributes,
  event: fc.record({ name: fc.string(), attributes }),
});

type RawSpan = typeof spanArb extends fc.Arbitrary<infer T> ? T : never;

function build(r: RawSpan): SpanLike {
  return {
    name: r.name,
    kind: r.kind,
    spanContext: () => ({ traceId: r.traceId, spanId: r.spanId, traceFlags: 1 }),
    parentSpanContext: r.parentId ? { traceId: r.traceId, spanId: r.parentId, traceFlags: 1 } : undefined,
    startTime: r.start,
    endTime: [r.start[0] + 1, r.start[1]],
    status: r.message === undefined ? { code: r.code } : { code: r.code, message: r.message },
    attributes: r.attributes,
    events: [{ name: r.event.name, time: r.start, attributes: r.event.attributes }],
    resource: { attributes: { 'service.name': 'svc' } },
    instrumentationScope: { name: 'scope', version: '1.0.0' },
  };
}

/** Doubles that are whole numbers travel as OTLP intValue (the exporter's choice): compare as numbers. */
const normal = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (Object.is(x, -0) ? 0 : x)));

describe('OTLP → SpanLike conversion (the real exporters encode, the gateway decodes)', () => {
  for (const encoding of ['protobuf', 'json'] as const) {
    it(`${encoding}: identity, times, kind, status, attributes, events, resource and scope survive the round trip`, () => {
      fc.assert(
        fc.property(spanArb, (raw) => {
          const span = build(raw);
          const serializer = encoding === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer;
          const body = Buffer.from(serializer.serializeRequest([toReadableSpan(span)])!);
          const [got] = readSpans(decodeRequest('traces', encoding, body, 10), () => true).selected;
          expect(got).toBeDefined();
          expect(got!.spanContext()).toEqual(span.spanContext());
          expect(got!.parentSpanContext?.spanId).toBe(span.parentSpanContext?.spanId);
          expect(got!.name).toBe(span.name);
          expect(got!.kind).toBe(span.kind);
          expect(got!.startTime).toEqual(span.startTime);
          expect(got!.endTime).toEqual(span.endTime);
          expect(got!.status).toEqual(span.status);
          expect(normal(got!.attributes)).toEqual(normal(span.attributes));
          expect(normal(got!.events)).toEqual(normal(span.events));
          expect(got!.resource.attributes).toEqual({ 'service.name': 'svc' });
          expect(got!.instrumentationScope).toEqual({ name: 'scope', version: '1.0.0' });
        }),
        { numRuns: 150 },
      );
    });
  }

  it('AnyValue: kvlists become objects, bytes Uint8Array, int64 strings numbers (decimal string beyond 2^53), depth is bounded', () => {
    expect(readAnyValue({ intValue: '42' })).toBe(42);
    expect(readAnyValue({ intValue: '9007199254740993' })).toBe('9007199254740993');
    expect(readAnyValue({ doubleValue: 'NaN' })).toBeNaN();
    expect(readAnyValue({ bytesValue: Buffer.from('hi').toString('base64') })).toEqual(new Uint8Array([104, 105]));
    expect(readAnyValue({ kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{ boolValue: true }, { stringValue: 'x' }] } } }] } })).toEqual({ a: [true, 'x'] });
    let deep: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 1000; i++) deep = { arrayValue: { values: [deep] } };
    expect(JSON.stringify(readAnyValue(deep))).toContain('nested too deeply');
  });

  for (const encoding of ['protobuf', 'json'] as const) {
    it(`${encoding}: gen_ai log records keep body, event name, attributes and span context; others are skipped`, () => {
      const context = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 };
      const logs = [
        { hrTime: [1, 2] as [number, number], spanContext: context, eventName: 'gen_ai.choice', body: { index: 0, message: { content: 'hi', tool_calls: [{ id: 'c1' }] } }, attributes: { 'gen_ai.system': 'openai' } },
        { hrTime: [1, 3] as [number, number], spanContext: context, body: { content: 'q' }, attributes: { 'event.name': 'gen_ai.user.message' } },
        { hrTime: [1, 4] as [number, number], spanContext: context, body: 'plain app log', attributes: {} },
        { hrTime: [1, 5] as [number, number], eventName: 'gen_ai.choice', body: 'no span', attributes: {} },
      ];
      const serializer = encoding === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer;
      const body = Buffer.from(serializer.serializeRequest(logs.map((l) => toReadableLog(l as never)))!);
      const { records, total } = readLogRecords(decodeRequest('logs', encoding, body, 10));
      expect(total).toBe(4);
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ eventName: 'gen_ai.choice', body: logs[0]!.body, spanContext: context, hrTime: [1, 2] });
      expect(records[1]).toMatchObject({ eventName: undefined, body: { content: 'q' }, attributes: { 'event.name': 'gen_ai.user.message' } });
    });
  }
});
