import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { isFinalLogEvent } from '../../src/gateway/log-wait-window.js';
import { DecisionRuntime } from '../../src/pipeline/decision-runtime.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { SpanMapper } from '../../src/processor/span-mapper.js';
import { type Fixture, listFixtures, loadFixture } from '../support/fixtures.js';
import { GatewayHarness } from './support/gateway-harness.js';
import { exportLogs, exportSpans, type TraceEncoding } from './support/otlp-clients.js';

/** What the in-process path records for a fixture: logs first (they precede span end), then spans in end order. */
async function inProcess(fixture: Fixture): Promise<AIDecision[]> {
  const sink = new InMemoryDecisionSink();
  const mapper = new SpanMapper({ aiSystemId: 'gateway-test', logger: () => {} });
  const runtime = new DecisionRuntime({ sink, chain: false, aiSystemId: 'gateway-test', logger: () => {} }, () => {});
  for (const log of fixture.logs) mapper.addLog(log);
  const selected = fixture.spans.filter((s) => mapper.select(s));
  for (const span of selected) mapper.observe(span);
  await runtime.submit(mapper.map(selected));
  await runtime.shutdown();
  return sink.decisions;
}

const byId = (a: AIDecision, b: AIDecision) => a.decisionId.localeCompare(b.decisionId);

let gateway: Gateway | undefined;
let harness: GatewayHarness | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await harness?.stop();
  harness = undefined;
});

describe('the real OTLP exporters → gateway: same decisions as in-process, for every fixture', () => {
  const fixtures = listFixtures();
  for (const [n, file] of fixtures.entries()) {
    // Alternate encodings and the arrival order of the content logs (before / after the spans).
    const encoding: TraceEncoding = n % 2 === 0 ? 'protobuf' : 'json';
    const logsFirst = n % 4 < 2;
    it(`${file} (${encoding}, logs ${logsFirst ? 'before' : 'after'} spans)`, async () => {
      const fixture = loadFixture(file);
      const sink = new InMemoryDecisionSink();
      // Logs sent after the spans: when they carry the call's final event, that event ends the spans'
      // wait, so the window can be long enough that a loaded machine cannot make the logs miss it and
      // which request the gateway reads first no longer matters — no sleep orders them. Without a
      // final event the window always runs out; the logs, sent at once, arrive well within 1 s.
      const releasedByLogs = !logsFirst && fixture.logs.some(isFinalLogEvent);
      const logWaitMs = releasedByLogs ? 20_000 : 1000;
      gateway = await startGateway({ port: 0, sink, chain: false, aiSystemId: 'gateway-test', logger: () => {}, logWaitMs });
      const url = gateway.url;
      if (logsFirst && fixture.logs.length > 0) expect((await exportLogs(url, fixture.logs)).code).toBe(0);
      const spansSent = exportSpans(url, fixture.spans, encoding);
      if (!logsFirst && fixture.logs.length > 0) expect((await exportLogs(url, fixture.logs)).code).toBe(0);
      const result = await spansSent;
      expect(result.error).toBeUndefined();
      // Acknowledged only once the decisions were handed to the sink.
      const acked = sink.decisions.length;
      await gateway.close();
      expect(sink.decisions.length).toBe(acked);
      expect([...sink.decisions].sort(byId)).toEqual((await inProcess(fixture)).sort(byId));
    });
  }
});

describe('end to end: exporters → gateway → redaction → chain → encrypted queue → endpoint', () => {
  it('content carried in logs (otel-contrib-openai) reaches the endpoint redacted, and the chain verifies', async () => {
    harness = await new GatewayHarness().start();
    // The spans wait for their content logs; the final log event ends the wait whichever request the
    // gateway reads first, so a long window replaces the sleep that used to order them.
    const gw = await harness.gateway({ logWaitMs: 20_000 });
    for (const file of ['otel-contrib-openai/chat.json', 'otel-contrib-openai/tool_call.json', 'otel-contrib-openai/responses.json']) {
      const fixture = loadFixture(file);
      const spans = exportSpans(gw.url, fixture.spans, 'protobuf', {});
      expect((await exportLogs(gw.url, fixture.logs)).code).toBe(0);
      expect((await spans).code).toBe(0);
    }
    await gw.close();
    const decisions = harness.decisions();
    expect(decisions.length).toBeGreaterThanOrEqual(4);
    const chat = decisions.find((d) => d.traceId === loadFixture('otel-contrib-openai/chat.json').spans[0]!.spanContext().traceId)!;
    const text = JSON.stringify(chat.input);
    expect(text).toContain('[EMAIL]');
    expect(text).toContain('ACME Bank');
    for (const request of harness.endpoint.requests) {
      expect(request.body).not.toContain('jane.doe@example.com');
      expect(request.body).not.toContain('4111 1111 1111 1111');
    }
    const verdict = verifyChain(harness.received());
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});
