import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withComplianceContext } from '../../src/compliance-context-helper.js';
import type { Logger } from '../../src/core/logger.js';
import type { SpanLike } from '../../src/otel-types.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import type { VaxeliaOptions } from '../../src/pipeline/vaxelia-options.js';
import { createSdk } from '../support/sdk.js';

function setup(options: VaxeliaOptions = {}) {
  const sink = new InMemoryDecisionSink();
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = (level, message, fields) => lines.push({ level, message, fields });
  const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-processor-'));
  const processor = new DecisionLogSpanProcessor({ sink, logger, bufferDir, aiSystemId: 'credit-scoring', ...options });
  return { sink, processor, lines, sdk: createSdk(processor) };
}

const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' };

describe('DecisionLogSpanProcessor with a real SDK', () => {
  it('records AI spans after forceFlush, off the caller stack, and ignores other spans', async () => {
    const { sink, processor, sdk } = setup();
    sdk.tracer.startSpan('GET /health').end();
    const span = sdk.tracer.startSpan('chat gpt-4o', { attributes: { ...CHAT, 'gen_ai.usage.input_tokens': 12 } });
    span.end();
    expect(sink.decisions).toHaveLength(0); // nothing mapped on the caller's stack
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]).toMatchObject({ aiSystemId: 'credit-scoring', modelUsed: 'gpt-4o', operation: 'chat', usage: { inputTokens: 12 } });
    await sdk.shutdown();
  });

  it('joins gen_ai log records emitted inside the span (same instance as LogRecordProcessor)', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT });
    sdk.inSpan(span, () => {
      sdk.logger.emit({ attributes: { 'event.name': 'gen_ai.user.message' }, body: { content: 'Approve the loan for applicant 17?' } });
      sdk.logger.emit({ eventName: 'gen_ai.choice', body: { index: 0, finish_reason: 'stop', message: { content: 'Declined: debt ratio above policy.' } } });
      sdk.logger.emit({ body: 'an unrelated application log line' });
    });
    span.end();
    await processor.forceFlush();
    const [decision] = sink.decisions;
    expect(decision!.input.messages).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Approve the loan for applicant 17?' }] }]);
    expect(decision!.output.messages).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Declined: debt ratio above policy.' }], finish_reason: 'stop' },
    ]);
    await sdk.shutdown();
  });

  it('nesting policy: a chat span enclosing another chat span yields one decision, the inner one', async () => {
    const { sink, processor, sdk } = setup();
    const outer = sdk.tracer.startSpan('langchain ChatOpenAI', { attributes: { ...CHAT, 'gen_ai.request.model': 'wrapper-model' } });
    sdk.inSpan(outer, () => sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT }).end());
    outer.end();
    // An agent around a chat call is a decision of its own.
    const agent = sdk.tracer.startSpan('invoke_agent underwriter', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'underwriter' } });
    sdk.inSpan(agent, () => sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT }).end());
    agent.end();
    await processor.forceFlush();
    expect(sink.decisions.map((d) => [d.operation, d.modelUsed])).toEqual([
      ['chat', 'gpt-4o'],
      ['chat', 'gpt-4o'],
      ['invoke_agent', 'none'],
    ]);
    expect(sink.decisions[2]!.agent).toEqual({ name: 'underwriter' });
    await sdk.shutdown();
  });

  it('compliance context from span attributes and from baggage set by an ancestor', async () => {
    const { sink, processor, sdk } = setup();
    const ctx = withComplianceContext({
      policyContext: { id: 'credit-policy', version: '7' },
      humanOversight: { reviewerId: 'r-42', required: true },
    });
    context.with(ctx, () => {
      sdk.tracer.startSpan('chat gpt-4o', { attributes: { ...CHAT, 'vaxelia.data_provenance.sources': ['crm', 'bureau'], 'vaxelia.session.id': 's-1', 'vaxelia.policy.version': '8' } }).end();
    });
    await processor.forceFlush();
    expect(sink.decisions[0]).toMatchObject({
      policyContext: { id: 'credit-policy', version: '8' }, // the span's own attribute wins
      humanOversight: { reviewerId: 'r-42', required: 'true' },
      dataProvenance: { sources: ['crm', 'bureau'] },
      session: { id: 's-1' },
    });
    await sdk.shutdown();
  });

  it('filter: true records a non-AI span, false skips an AI span, a throwing filter falls back', async () => {
    let mode: 'include' | 'exclude' | 'throw' = 'include';
    const { sink, processor, sdk } = setup({
      filter: (span) => {
        if (mode === 'throw') throw new Error('bad filter');
        if (span.name === 'rules-engine decision') return mode === 'include';
        if (span.name === 'chat internal') return mode !== 'exclude' ? undefined : false;
        return undefined;
      },
    });
    sdk.tracer.startSpan('rules-engine decision').end();
    mode = 'exclude';
    sdk.tracer.startSpan('chat internal', { attributes: CHAT }).end();
    mode = 'throw';
    sdk.tracer.startSpan('chat gpt-4o', { attributes: CHAT }).end();
    await processor.forceFlush();
    expect(sink.decisions.map((d) => d.modelUsed)).toEqual(['unknown', 'gpt-4o']);
    expect(sink.decisions[0]!.mappingWarnings?.[0]).toMatch(/not a GenAI span/);
    await sdk.shutdown();
  });

  it('onEnd never throws, even for a hostile span object, and reports once', async () => {
    const { processor, lines } = setup();
    const hostile = new Proxy({} as SpanLike, {
      get() {
        throw new Error('boom');
      },
    });
    expect(() => processor.onEnd(hostile)).not.toThrow();
    expect(() => processor.onEnd(hostile)).not.toThrow();
    expect(() => processor.onEmit(hostile as never)).not.toThrow();
    expect(() => processor.onStart(hostile, context.active())).not.toThrow();
    await processor.forceFlush();
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('a span whose mapping blows up still yields a minimal decision with a warning', async () => {
    const { sink, processor } = setup();
    const span: SpanLike = {
      name: 'chat',
      spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }),
      startTime: [1, 0],
      endTime: [2, 0],
      status: { code: 0 },
      attributes: CHAT,
      get events(): never {
        throw new Error('events exploded');
      },
    };
    processor.onEnd(span);
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]).toMatchObject({ modelUsed: 'gpt-4o', mappingWarnings: ['mapping failed (Error); content not recorded'] });
  });

  it('shutdown is idempotent, flushes pending spans, and later spans are ignored', async () => {
    const { sink, processor, sdk } = setup();
    sdk.tracer.startSpan('chat gpt-4o', { attributes: CHAT }).end();
    await Promise.all([processor.shutdown(), processor.shutdown(), sdk.shutdown()]);
    // The decision, then the final checkpoint that closes the chain.
    expect(sink.decisions.map((d) => d.operation)).toEqual(['chat', 'checkpoint']);
    processor.onEnd(sdk.tracer.startSpan('chat late', { attributes: CHAT }) as never);
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(2);
  });

  it('a burst of 20,000 AI spans is mapped in chunks without loss', async () => {
    const { sink, processor, sdk } = setup();
    for (let i = 0; i < 20_000; i++) sdk.tracer.startSpan('chat gpt-4o', { attributes: CHAT }).end();
    await processor.forceFlush();
    const chats = sink.decisions.filter((d) => d.operation === 'chat');
    expect(chats).toHaveLength(20_000);
    expect(new Set(chats.map((d) => d.decisionId)).size).toBe(20_000);
    // A checkpoint every 1,000 records, each in the same chain, in seq order.
    expect(sink.decisions.filter((d) => d.operation === 'checkpoint')).toHaveLength(20);
    expect(sink.decisions.map((d) => d.seq)).toEqual(sink.decisions.map((_, i) => i));
    await sdk.shutdown();
  }, 180_000); // CPU-bound: 20,000 records mapped, redacted and chained; minutes on a loaded 2-core machine
});
