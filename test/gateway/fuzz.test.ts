import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { loadFixture } from '../support/fixtures.js';
import { fieldPaths, NO_PRIMITIVE_FORM, withValueAt } from '../support/json-fields.js';
import { toReadableLog, toReadableSpan } from './support/otlp-clients.js';
import { get, post } from './support/raw-http.js';

let gateway: Gateway;
const sink = new InMemoryDecisionSink();
beforeAll(async () => {
  gateway = await startGateway({ port: 0, sink, chain: false, logger: () => {}, logWaitMs: 0 });
});
afterAll(async () => {
  await gateway.close();
});

const fixture = loadFixture('otel-contrib-openai/tool_call.json');
const protoTraces = Buffer.from(ProtobufTraceSerializer.serializeRequest(fixture.spans.map(toReadableSpan))!);
const protoLogs = Buffer.from(ProtobufLogsSerializer.serializeRequest(fixture.logs.map(toReadableLog))!);
const ANSWERS = [200, 400, 413];

describe('fuzzed bodies: always a 200 / 400 / 413, never a crash', () => {
  // A counterexample fast-check found (it answered 500): null where a repeated field is expected.
  it('null repeated fields are empty lists, at every level', async () => {
    for (const [path, body] of [
      ['/v1/traces', { resourceSpans: null }],
      ['/v1/traces', { resourceSpans: [{ scopeSpans: null }] }],
      ['/v1/traces', { resourceSpans: [{ scopeSpans: [{ spans: null }] }] }],
      ['/v1/logs', { resourceLogs: null }],
      ['/v1/logs', { resourceLogs: [{ scopeLogs: [{ logRecords: null }] }] }],
    ] as const) {
      const response = await post(`${gateway.url}${path}`, Buffer.from(JSON.stringify(body)), { 'content-type': 'application/json' });
      expect(response.status).toBe(200);
    }
  });

  it('protobuf with random byte flips and cuts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['/v1/traces', protoTraces], ['/v1/logs', protoLogs]),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async ([path, original], flips, cut) => {
          const body = Buffer.from(original as Buffer);
          for (const [at, byte] of flips) body[at % body.length] = byte;
          const sent = cut === undefined ? body : body.subarray(0, cut % body.length);
          const response = await post(`${gateway.url}${path}`, sent, { 'content-type': 'application/x-protobuf' });
          expect(ANSWERS).toContain(response.status);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('OTLP JSON with arbitrary values in place of any field', async () => {
    const template = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              scope: { name: '@opentelemetry/instrumentation-openai' },
              spans: [
                {
                  traceId: 'ab'.repeat(16),
                  spanId: 'cd'.repeat(8),
                  name: 'chat',
                  kind: 3,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000001000000000',
                  attributes: [
                    { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
                  ],
                  events: [{ name: 'gen_ai.content.prompt', timeUnixNano: '1', attributes: [] }],
                  status: { code: 2, message: 'boom' },
                },
              ],
            },
          ],
        },
      ],
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fieldPaths(template)), fc.jsonValue({ maxDepth: 4 }), fc.nat(), async (path, value, n) => {
        const body = withValueAt(template, path, value);
        // A fresh span id per run, so de-duplication never hides the mapping path.
        const text = JSON.stringify(body).replace('cd'.repeat(8), n.toString(16).padStart(16, '1').slice(-16));
        const response = await post(`${gateway.url}/v1/traces`, Buffer.from(text), { 'content-type': 'application/json' });
        expect(ANSWERS).toContain(response.status);
      }),
      { numRuns: 300 },
    );
    expect((await get(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('OTLP JSON logs with arbitrary values in place of any field (content and evaluation events)', async () => {
    const template = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeLogs: [
            {
              scope: { name: 'azure.ai.evaluation' },
              logRecords: [
                {
                  // No span: recorded at once as an evaluation record of its own (the mapping runs).
                  timeUnixNano: '1700000000000000000',
                  eventName: 'gen_ai.evaluation.result',
                  attributes: [
                    { key: 'event.name', value: { stringValue: 'gen_ai.evaluation.result' } },
                    { key: 'gen_ai.evaluation.name', value: { stringValue: 'relevance' } },
                    { key: 'gen_ai.evaluation.score.value', value: { doubleValue: 0.5 } },
                    { key: 'gen_ai.response.id', value: { stringValue: 'ef'.repeat(8) } },
                  ],
                },
                {
                  timeUnixNano: '1700000000000000001',
                  traceId: 'ab'.repeat(16),
                  spanId: 'ef'.repeat(8),
                  eventName: 'gen_ai.user.message',
                  attributes: [{ key: 'event.name', value: { stringValue: 'gen_ai.user.message' } }],
                  body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'hi' } }] } },
                },
              ],
            },
          ],
        },
      ],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fieldPaths(template)),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...NO_PRIMITIVE_FORM)),
        fc.nat(),
        async (path, value, n) => {
          const body = withValueAt(template, path, value);
          // A fresh span id per run, so an evaluation never finds an earlier run's decision.
          const text = JSON.stringify(body).replaceAll('ef'.repeat(8), n.toString(16).padStart(16, '1').slice(-16));
          const response = await post(`${gateway.url}/v1/logs`, Buffer.from(text), { 'content-type': 'application/json' });
          expect(ANSWERS).toContain(response.status);
        },
      ),
      { numRuns: 300 },
    );
    expect((await get(`${gateway.url}/healthz`)).status).toBe(200);
    // The evaluation mapping ran on the fuzzed records (most runs still carry a readable evaluation).
    expect(sink.decisions.filter((d) => d.operation === 'evaluation').length).toBeGreaterThan(50);
  });
});
