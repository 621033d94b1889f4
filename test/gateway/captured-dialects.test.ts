/**
 * The captures this repository made from real instrumentations (test/fixtures/spans: OpenInference,
 * Langfuse, …) through the real OTLP exporters into a gateway: the same decisions as in-process,
 * redacted, one per model call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AIDecision } from '../../src/decision.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { DecisionRuntime } from '../../src/pipeline/decision-runtime.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { SpanMapper } from '../../src/processor/span-mapper.js';
import { CAPTURED_FIXTURES_DIR, type Fixture, listFixtures, loadFixture } from '../support/fixtures.js';
import { exportSpans } from './support/otlp-clients.js';

const RAW_PII = ['jane.doe@example.com', '4111 1111 1111 1111', '415-555-0132'];

async function inProcess(fixture: Fixture): Promise<AIDecision[]> {
  const sink = new InMemoryDecisionSink();
  const mapper = new SpanMapper({ aiSystemId: 'gateway-test', logger: () => {} });
  const runtime = new DecisionRuntime({ sink, chain: false, aiSystemId: 'gateway-test', logger: () => {} }, () => {});
  const selected = fixture.spans.filter((s) => mapper.select(s));
  for (const span of selected) mapper.observe(span);
  await runtime.submit(mapper.map(selected));
  await runtime.shutdown();
  return sink.decisions;
}

const byId = (a: AIDecision, b: AIDecision) => a.decisionId.localeCompare(b.decisionId);

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe('captured instrumentations → OTLP → gateway: same decisions as in-process', () => {
  // Some captures hold no span at all (Traceloop's embeddings and error scenarios: the instrumentation
  // emitted nothing); they say nothing about the gateway.
  const withSpans = listFixtures(CAPTURED_FIXTURES_DIR).filter((file) => loadFixture(file, CAPTURED_FIXTURES_DIR).spans.length > 0);
  for (const [n, file] of withSpans.entries()) {
    const encoding = n % 2 === 0 ? 'protobuf' : 'json';
    it(`${file} (${encoding})`, async () => {
      const fixture = loadFixture(file, CAPTURED_FIXTURES_DIR);
      const sink = new InMemoryDecisionSink();
      gateway = await startGateway({ port: 0, sink, chain: false, aiSystemId: 'gateway-test', logger: () => {}, logWaitMs: 200 });
      expect((await exportSpans(gateway.url, fixture.spans, encoding)).error).toBeUndefined();
      await gateway.close();
      const expected = (await inProcess(fixture)).sort(byId);
      expect(expected.length).toBeGreaterThan(0);
      expect([...sink.decisions].sort(byId)).toEqual(expected);
      const serialized = JSON.stringify(sink.decisions);
      for (const pii of RAW_PII) expect(serialized).not.toContain(pii);
    });
  }
});
