/**
 * Checks through the gateway, with the real OTLP exporters a Collector-fed app would use: an
 * evaluation log record that arrives before its span joins the decision; one that arrives after the
 * decision was chained becomes a linked record, acknowledged only once durable, and a Collector retry
 * of it is not recorded twice.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/index.js';
import { decisionIdFor } from '../../src/mapping/decision-id.js';
import type { LogRecordLike, SpanLike } from '../../src/otel-types.js';
import { GatewayHarness } from '../gateway/support/gateway-harness.js';
import { exportLogs, exportSpans } from '../gateway/support/otlp-clients.js';

let harness: GatewayHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const now = (): [number, number] => {
  const ms = Date.now();
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
};

function chatSpan(traceId: string, spanId: string): SpanLike {
  return {
    name: 'chat gpt-4o',
    kind: 2,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    startTime: now(),
    endTime: now(),
    status: { code: 0 },
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Limit increase for card 4111?' }] }]),
    },
    instrumentationScope: { name: 'opentelemetry.instrumentation.openai_v2' },
  };
}

/** An HTTP server span: not an AI call. */
function appSpan(traceId: string, spanId: string): SpanLike {
  return {
    ...chatSpan(traceId, spanId),
    name: 'POST /answers',
    attributes: { 'http.request.method': 'POST', 'http.route': '/answers' },
    instrumentationScope: { name: '@opentelemetry/instrumentation-http' },
  };
}

function evaluationLog(traceId: string, spanId: string, name: string, extra: Record<string, string | number | boolean> = {}): LogRecordLike {
  return {
    hrTime: now(),
    spanContext: { traceId, spanId, traceFlags: 1 },
    eventName: 'gen_ai.evaluation.result',
    attributes: { 'event.name': 'gen_ai.evaluation.result', 'gen_ai.evaluation.name': name, ...extra },
    instrumentationScope: { name: 'azure.ai.evaluation' },
  };
}

describe('checks through the gateway', () => {
  it('joins an evaluation that arrives before its span; links one that arrives after, once', async () => {
    harness = await new GatewayHarness().start();
    const gateway = await harness.gateway({ logWaitMs: 0 });
    const early = { traceId: hex(16), spanId: hex(8) };
    const late = { traceId: hex(16), spanId: hex(8) };

    expect((await exportLogs(gateway.url, [evaluationLog(early.traceId, early.spanId, 'Relevance', { 'gen_ai.evaluation.score.value': 4 })])).code).toBe(0);
    expect((await exportSpans(gateway.url, [chatSpan(early.traceId, early.spanId), chatSpan(late.traceId, late.spanId)], 'protobuf')).code).toBe(0);
    const lateLog = evaluationLog(late.traceId, late.spanId, 'groundedness', { 'gen_ai.evaluation.score.label': 'fail', 'vaxelia.check.fired': true, 'vaxelia.action': 'escalate' });
    expect((await exportLogs(gateway.url, [lateLog])).code).toBe(0);
    // A Collector retrying the same request: the linked record is not recorded twice.
    expect((await exportLogs(gateway.url, [lateLog])).code).toBe(0);
    await gateway.close();

    const decisions = harness.decisions();
    expect(decisions).toHaveLength(3);
    const joined = decisions.find((d) => d.decisionId === decisionIdFor(early.traceId, early.spanId));
    expect(joined?.checks).toEqual([{ name: 'Relevance', scoreValue: 4, evaluator: 'azure.ai.evaluation' }]);
    const call = decisions.find((d) => d.decisionId === decisionIdFor(late.traceId, late.spanId));
    expect(call?.checks).toBeUndefined();
    const linked = decisions.find((d) => d.operation === 'evaluation');
    expect(linked).toMatchObject({ relatedDecisionId: call?.decisionId, action: 'escalate', checks: [{ name: 'groundedness', scoreLabel: 'fail', fired: true }] });
    expect(verifyChain(harness.received()).ok).toBe(true);
  });

  it('an evaluation held for a span that turns out not to be an AI call is recorded on its own when that span arrives', async () => {
    harness = await new GatewayHarness().start();
    const gateway = await harness.gateway({ logWaitMs: 0 });
    const http = { traceId: hex(16), spanId: hex(8) };
    expect((await exportLogs(gateway.url, [evaluationLog(http.traceId, http.spanId, 'toxicity', { 'gen_ai.evaluation.score.value': 0.1 })])).code).toBe(0);
    expect(harness.decisions()).toHaveLength(0); // held: its span may still be an AI call
    const httpSpan = appSpan(http.traceId, http.spanId);
    // Acknowledged once the evaluation record is durable, not left to be evicted from memory.
    expect((await exportSpans(gateway.url, [httpSpan], 'protobuf')).code).toBe(0);
    await gateway.close();
    const decisions = harness.decisions();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ operation: 'evaluation', checks: [{ name: 'toxicity', scoreValue: 0.1 }] });
    expect(decisions[0]!.mappingWarnings?.join(' ')).toContain('not an AI call');
    expect(verifyChain(harness.received()).ok).toBe(true);
  });

  it('an evaluation that arrives after its span, which was not an AI call, is recorded at once, not held until evicted', async () => {
    harness = await new GatewayHarness().start();
    const gateway = await harness.gateway({ logWaitMs: 0 });
    const http = { traceId: hex(16), spanId: hex(8) };
    const httpSpan = appSpan(http.traceId, http.spanId);
    expect((await exportSpans(gateway.url, [httpSpan], 'protobuf')).code).toBe(0);
    expect(harness.decisions()).toHaveLength(0);
    // Acknowledged once the evaluation record is durable (a Collector sends logs apart from traces).
    expect((await exportLogs(gateway.url, [evaluationLog(http.traceId, http.spanId, 'toxicity', { 'gen_ai.evaluation.score.value': 0.2 })])).code).toBe(0);
    await gateway.close();
    const decisions = harness.decisions();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ operation: 'evaluation', checks: [{ name: 'toxicity', scoreValue: 0.2 }] });
    expect(decisions[0]!.mappingWarnings?.join(' ')).toContain('not an AI call');
    expect(verifyChain(harness.received()).ok).toBe(true);
  });

  it('an evaluation without a span (an evaluator run later, naming the response) is recorded and linked, not dropped', async () => {
    harness = await new GatewayHarness().start();
    const gateway = await harness.gateway({ logWaitMs: 0 });
    const call = { traceId: hex(16), spanId: hex(8) };
    const span = chatSpan(call.traceId, call.spanId);
    span.attributes = { ...span.attributes, 'gen_ai.response.id': 'chatcmpl-offline-1' };
    expect((await exportSpans(gateway.url, [span], 'json')).code).toBe(0);
    const { spanContext: _none, ...offline } = evaluationLog(call.traceId, call.spanId, 'faithfulness', { 'gen_ai.evaluation.score.value': 0.9, 'gen_ai.response.id': 'chatcmpl-offline-1' });
    expect((await exportLogs(gateway.url, [offline])).code).toBe(0);
    await gateway.close();
    const decisions = harness.decisions();
    expect(decisions).toHaveLength(2);
    expect(decisions.find((d) => d.operation === 'evaluation')).toMatchObject({
      relatedDecisionId: decisionIdFor(call.traceId, call.spanId),
      checks: [{ name: 'faithfulness', scoreValue: 0.9 }],
    });
  });

  it('an OpenInference GUARDRAIL span becomes a guardrail decision with its check, as in-process', async () => {
    harness = await new GatewayHarness().start();
    const gateway = await harness.gateway({ logWaitMs: 0 });
    const ids = { traceId: hex(16), spanId: hex(8) };
    const guard: SpanLike = {
      ...chatSpan(ids.traceId, ids.spanId),
      name: 'pii-guard',
      attributes: {
        'openinference.span.kind': 'GUARDRAIL',
        'input.value': '["send it to maria.rossi@example.it"]',
        'input.mime_type': 'application/json',
        'output.value': '{"flagged":true,"score":0.93}',
        'output.mime_type': 'application/json',
      },
      instrumentationScope: { name: 'openinference-core' },
    };
    expect((await exportSpans(gateway.url, [guard], 'json')).code).toBe(0);
    await gateway.close();
    const [decision] = harness.decisions();
    expect(decision).toMatchObject({ operation: 'guardrail', checks: [{ name: 'pii-guard', fired: true, scoreValue: 0.93, evaluator: 'openinference-core' }] });
    expect(JSON.stringify(decision)).not.toContain('maria.rossi@example.it');
  });
});
