/**
 * Log records held for spans that never come are bounded (10,000 spans). What the bound drops is
 * not silent: evaluations among the dropped records are recorded on their own, and the count of
 * dropped records is said at WARN.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, propagation } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import type { LogRecordLike } from '../../src/otel-types.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function log(i: number, eventName: string, attributes: Record<string, string | number> = {}): LogRecordLike {
  return {
    hrTime: [1_790_000_000 + i, 0],
    spanContext: { traceId: hex(i + 1, 32), spanId: hex(i + 1, 16), traceFlags: 1 },
    eventName,
    attributes: { 'event.name': eventName, ...attributes },
    instrumentationScope: { name: 'test-evaluator' },
  };
}

describe('held log records past the bound', () => {
  it('an evaluation whose span never came is recorded on its own; dropped records are counted at WARN', async () => {
    const sink = new InMemoryDecisionSink();
    const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = (level, message, fields) => lines.push({ level, message, fields });
    const processor = new DecisionLogSpanProcessor({ sink, logger, bufferDir: mkdtempSync(join(tmpdir(), 'vx-evict-')), aiSystemId: 'sys' });
    // The oldest held span: an evaluation and a content record; then 10,000 other spans' content.
    processor.onEmit(log(0, 'gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'faithfulness', 'gen_ai.evaluation.score.value': 0.2 }));
    processor.onEmit(log(0, 'gen_ai.user.message', { content: 'hello' }));
    for (let i = 1; i <= 10_000; i++) processor.onEmit(log(i, 'gen_ai.user.message', { content: `message ${i}` }));
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]).toMatchObject({ operation: 'evaluation', checks: [{ name: 'faithfulness', scoreValue: 0.2 }] });
    const warn = lines.find((l) => l.level === 'warn' && l.message.includes('log records dropped'));
    expect(warn?.fields).toMatchObject({ records: 2 });
    await processor.shutdown();
  });

  it('compliance context from baggage dropped for spans still open past the bound is said at WARN', async () => {
    const sink = new InMemoryDecisionSink();
    const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = (level, message, fields) => lines.push({ level, message, fields });
    const processor = new DecisionLogSpanProcessor({ sink, logger, bufferDir: mkdtempSync(join(tmpdir(), 'vx-evict-')), aiSystemId: 'sys' });
    const withBaggage = propagation.setBaggage(context.active(), propagation.createBaggage({ 'vaxelia.policy.id': { value: 'credit-policy-7' } }));
    for (let i = 0; i < 10_005; i++) {
      const spanContext = { traceId: hex(i + 1, 32), spanId: hex(i + 1, 16), traceFlags: 1 };
      processor.onStart({ name: 'GET /x', spanContext: () => spanContext, startTime: [0, 0], endTime: [0, 0], status: { code: 0 }, attributes: {} }, withBaggage);
    }
    await processor.forceFlush();
    const warn = lines.find((l) => l.level === 'warn' && l.message.includes('compliance context from baggage dropped'));
    expect(warn?.fields).toMatchObject({ spans: 5, total: 5 });
    await processor.shutdown();
  });
});
