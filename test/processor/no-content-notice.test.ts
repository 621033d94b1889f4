import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import { createSdk } from '../support/sdk.js';

describe('no silent emptiness', () => {
  it('a model call recorded without content: a mappingWarnings entry on each, one WARN per scope naming the switch', async () => {
    const sink = new InMemoryDecisionSink();
    const lines: { level: string; message: string }[] = [];
    const logger: Logger = (level, message) => lines.push({ level, message });
    const processor = new DecisionLogSpanProcessor({ sink, logger, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-nocontent-')), aiSystemId: 'a', chain: false });
    const sdk = createSdk(processor);
    const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' };
    for (let i = 0; i < 3; i++) sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT }).end();
    sdk.tracer.startSpan('chat gpt-4o', { attributes: { ...CHAT, 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]' } }).end();
    await processor.forceFlush();
    expect(sink.decisions.map((d) => d.mappingWarnings?.[0])).toEqual([
      ...Array(3).fill('no message content recorded: content capture looks off; turn on OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (or captureMessageContent: true)'),
      undefined,
    ]);
    const warns = lines.filter((line) => line.level === 'warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]!.message).toContain('@opentelemetry/instrumentation-openai');
    expect(warns[0]!.message).toContain('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true');
    await sdk.shutdown();
  });
});
