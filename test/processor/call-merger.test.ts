import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AIDecision } from '../../src/decision.js';
import type { Logger } from '../../src/core/logger.js';
import type { SpanLike } from '../../src/otel-types.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { CallMerger } from '../../src/processor/call-merger.js';
import { DecisionLogExporter } from '../../src/processor/decision-log-exporter.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import { createSdk } from '../support/sdk.js';
import { specSpan } from '../support/span-builder.js';

const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4' };
const INPUT = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Approve the loan for applicant 17?' }] }]);
const OUTPUT = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Declined.' }] }]);

function setup() {
  const sink = new InMemoryDecisionSink();
  const lines: { level: string; message: string }[] = [];
  const logger: Logger = (level, message) => lines.push({ level, message });
  const processor = new DecisionLogSpanProcessor({ sink, logger, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-merge-')), aiSystemId: 'loans', chain: false });
  return { sink, lines, processor, sdk: createSdk(processor) };
}

describe('one model call, one decision (in-process)', () => {
  it('nested: an SDK span without content inside an instrumentation span with content → one decision, inner identity, outer content', async () => {
    const { sink, processor, sdk } = setup();
    const outer = sdk.tracer.startSpan('anthropic.chat', { attributes: { ...CHAT, 'gen_ai.input.messages': INPUT } });
    let innerId = '';
    sdk.inSpan(outer, () => {
      const inner = sdk.llmTracer.startSpan('anthropic.messages.create', { attributes: CHAT });
      inner.setAttributes({ 'gen_ai.usage.input_tokens': 12, 'gen_ai.response.id': 'msg_1' });
      innerId = inner.spanContext().spanId;
      inner.end();
    });
    outer.setAttributes({ 'gen_ai.output.messages': OUTPUT, 'gen_ai.usage.output_tokens': 3 });
    outer.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    const [d] = sink.decisions as AIDecision[];
    expect(d!.spanId).toBe(innerId);
    expect(d!.parentSpanId).toBe(outer.spanContext().spanId);
    expect(d!.usage).toEqual({ inputTokens: 12, outputTokens: 3 });
    expect(d!.responseId).toBe('msg_1');
    expect(d!.input.messages[0]!.parts[0]!.content).toBe('Approve the loan for applicant 17?');
    expect(d!.output.messages[0]!.parts[0]!.content).toBe('Declined.');
    expect(d!.mappingWarnings).toEqual([`merged span ${outer.spanContext().spanId} (test-app): it describes the same model call`]);
    await sdk.shutdown();
  });

  it('siblings from two scopes, same model, overlapping → one decision; a failure on either side is kept', async () => {
    const { sink, processor, sdk } = setup();
    const app = sdk.tracer.startSpan('POST /loans');
    sdk.inSpan(app, () => {
      const instrumentation = sdk.tracer.startSpan('chat claude-sonnet-4', { attributes: { ...CHAT, 'gen_ai.input.messages': INPUT } });
      const native = sdk.llmTracer.startSpan('anthropic.messages.create', { attributes: CHAT });
      native.setStatus({ code: 2, message: 'overloaded' });
      native.end();
      instrumentation.end();
    });
    app.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]).toMatchObject({ status: 'failed', error: { message: 'overloaded' }, parentSpanId: app.spanContext().spanId });
    expect(sink.decisions[0]!.input.messages).toHaveLength(1);
    await sdk.shutdown();
  });

  it('concurrent calls of one instrumentation, or two scopes on different models, are never merged', async () => {
    const { sink, processor, sdk } = setup();
    const app = sdk.tracer.startSpan('batch');
    sdk.inSpan(app, () => {
      const a = sdk.llmTracer.startSpan('chat a', { attributes: CHAT });
      const b = sdk.llmTracer.startSpan('chat b', { attributes: CHAT });
      const other = sdk.tracer.startSpan('chat gpt', { attributes: { ...CHAT, 'gen_ai.request.model': 'gpt-4o' } });
      const c = sdk.llmTracer.startSpan('chat c', { attributes: CHAT });
      b.end();
      c.end();
      other.end();
      a.end();
    });
    app.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(4);
    expect(sink.decisions.flatMap((d) => d.mappingWarnings ?? []).filter((w) => /merg/.test(w))).toEqual([]);
    await sdk.shutdown();
  });

  it('a partner that has not ended at forceFlush: the waiting decision is recorded anyway, with a warning', async () => {
    const { sink, processor, sdk } = setup();
    const outer = sdk.tracer.startSpan('anthropic.chat', { attributes: CHAT });
    sdk.inSpan(outer, () => sdk.llmTracer.startSpan('anthropic.messages.create', { attributes: CHAT }).end());
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]!.mappingWarnings).toContainEqual(expect.stringMatching(/had not ended at forceFlush\(\); recorded without merging/));
    outer.end();
    await processor.forceFlush();
    expect(sink.decisions, 'the outer span, ending later, is still recorded (never dropped)').toHaveLength(2);
    await sdk.shutdown();
  });
});

describe('one model call, one decision (exporter: within a batch)', () => {
  it('nested and sibling pairs in one export batch → one decision each', async () => {
    const sink = new InMemoryDecisionSink();
    const exporter = new DecisionLogExporter({ sink, aiSystemId: 'loans', chain: false, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-merge-')) });
    const scopeA = { name: '@traceloop/instrumentation-anthropic' };
    const scopeB = { name: 'com.anthropic.sdk.typescript' };
    const spans: SpanLike[] = [
      specSpan({ ...CHAT, 'gen_ai.usage.input_tokens': 5 }, { spanId: '1000000000000001', parentSpanId: '1000000000000002', instrumentationScope: scopeB, startTime: [10, 1], endTime: [11, 0] }),
      specSpan({ ...CHAT, 'gen_ai.input.messages': INPUT }, { spanId: '1000000000000002', instrumentationScope: scopeA, startTime: [10, 0], endTime: [11, 1] }),
      specSpan({ ...CHAT, 'gen_ai.output.messages': OUTPUT }, { spanId: '2000000000000001', parentSpanId: 'aaaaaaaaaaaaaaaa', instrumentationScope: scopeA, startTime: [20, 0], endTime: [21, 9] }),
      specSpan({ ...CHAT, 'gen_ai.usage.input_tokens': 7 }, { spanId: '2000000000000002', parentSpanId: 'aaaaaaaaaaaaaaaa', instrumentationScope: scopeB, startTime: [20, 1], endTime: [21, 0] }),
    ];
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(spans, resolve));
    expect(result.code).toBe(0);
    await exporter.shutdown();
    expect(sink.decisions.map((d) => [d.spanId, d.usage?.inputTokens, d.input.messages.length + d.output.messages.length])).toEqual([
      ['1000000000000001', 5, 1],
      ['2000000000000002', 7, 1],
    ]);
  });
});

describe('one model call, one decision (exporter: a large batch under one parent)', () => {
  it('2,000 concurrent calls, each a sibling pair of two scopes: every call merged with its own partner', async () => {
    const sink = new InMemoryDecisionSink();
    const exporter = new DecisionLogExporter({ sink, aiSystemId: 'loans', chain: false, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-merge-')) });
    const scopeA = { name: '@traceloop/instrumentation-anthropic' };
    const scopeB = { name: 'com.anthropic.sdk.typescript' };
    const spans: SpanLike[] = [];
    const CALLS = 2_000;
    for (let i = 0; i < CALLS; i++) {
      // A call every 5 ms lasting 1 s: ~200 calls in flight at any time, all under one parent.
      const startMs = 1_000 + i * 5;
      const at = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
      const input = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `question ${i}` }] }]);
      const id = (scope: string) => `${scope}${String(i).padStart(15, '0')}`;
      spans.push(
        specSpan({ ...CHAT, 'gen_ai.input.messages': input, 'gen_ai.response.id': `msg_${i}` }, { spanId: id('a'), parentSpanId: 'aaaaaaaaaaaaaaaa', instrumentationScope: scopeA, startTime: at(startMs), endTime: at(startMs + 1_001) }),
        specSpan({ ...CHAT, 'gen_ai.usage.input_tokens': i, 'gen_ai.response.id': `msg_${i}` }, { spanId: id('b'), parentSpanId: 'aaaaaaaaaaaaaaaa', instrumentationScope: scopeB, startTime: at(startMs + 1), endTime: at(startMs + 1_000) }),
      );
    }
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(spans, resolve));
    expect(result.code).toBe(0);
    await exporter.shutdown();
    expect(sink.decisions).toHaveLength(CALLS);
    for (const d of sink.decisions) {
      const i = d.usage?.inputTokens;
      expect(d.input.messages[0]?.parts[0]?.content).toBe(`question ${i}`);
      expect(d.spanId).toBe(`b${String(i).padStart(15, '0')}`);
    }
  });
});

describe('CallMerger bounds', () => {
  it('a decision whose partner never ends is released after the hold limit, with a warning', () => {
    const merger = new CallMerger();
    const outer = specSpan(CHAT, { spanId: '3000000000000001' });
    const inner = specSpan(CHAT, { spanId: '3000000000000002', parentSpanId: '3000000000000001' });
    merger.noteStart(outer);
    merger.noteStart(inner);
    merger.noteEnd(inner);
    const decision = { decisionId: 'x', spanId: inner.spanContext().spanId } as AIDecision;
    expect(merger.resolve(inner, decision)).toEqual([]);
    expect(merger.releaseExpired(Date.now())).toEqual([]);
    const released = merger.releaseExpired(Date.now() + 11_000);
    expect(released).toHaveLength(1);
    expect(released[0]!.mappingWarnings?.[0]).toMatch(/did not end within 10 s/);
  });
});
