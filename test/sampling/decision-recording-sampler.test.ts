import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  InMemorySpanExporter,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import { DecisionRecordingSampler } from '../../src/index.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const TRACES = 2_000;

describe('DecisionRecordingSampler', () => {
  it('TraceIdRatioBased 0.1: every AI call is recorded, the tracing exporter still gets about 10 % of traces', async () => {
    const sink = new InMemoryDecisionSink();
    const processor = new DecisionLogSpanProcessor({ sink, aiSystemId: 'sampling', chain: false, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-sampling-')) });
    const exporter = new InMemorySpanExporter();
    const sampler = new DecisionRecordingSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }));
    const provider = new TracerProvider({ sampler, spanProcessors: [processor, new BatchSpanProcessor({ exporter, maxQueueSize: 100_000, maxExportBatchSize: 10_000 })] });
    const app = provider.getTracer('app');
    const llm = provider.getTracer('@opentelemetry/instrumentation-openai');
    const openInference = provider.getTracer('@arizeai/openinference-instrumentation-openai');
    for (let i = 0; i < TRACES; i++) {
      const root = app.startSpan('POST /loans');
      context.with(trace.setSpan(context.active(), root), () => {
        llm.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }).end();
        // OpenInference's tracer sets attributes only after starting: known by name at start.
        const late = openInference.startSpan('OpenAI Chat Completions');
        late.setAttributes({ 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o' });
        late.end();
        app.startSpan('SELECT applicants').end();
      });
      root.end();
    }
    await processor.forceFlush();
    await provider.forceFlush();
    const decisions = sink.decisions;
    expect(decisions.filter((d) => d.source?.scope === '@opentelemetry/instrumentation-openai')).toHaveLength(TRACES);
    expect(decisions.filter((d) => d.source?.scope === '@arizeai/openinference-instrumentation-openai')).toHaveLength(TRACES);
    const exportedTraces = new Set(exporter.getFinishedSpans().map((span) => span.spanContext().traceId));
    // Binomial(2000, 0.1): mean 200, standard deviation 13.4; ±6 sd.
    expect(exportedTraces.size).toBeGreaterThan(120);
    expect(exportedTraces.size).toBeLessThan(280);
    // Exported traces are whole: the exporter's view is exactly what the wrapped sampler chose.
    expect(exporter.getFinishedSpans()).toHaveLength(exportedTraces.size * 4);
    await provider.shutdown();
  });

  it('control: without it, the ratio sampler drops the AI spans of unsampled traces before any processor sees them', async () => {
    const sink = new InMemoryDecisionSink();
    const processor = new DecisionLogSpanProcessor({ sink, aiSystemId: 'sampling', chain: false, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-sampling-')) });
    const provider = new TracerProvider({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }), spanProcessors: [processor] });
    const llm = provider.getTracer('@opentelemetry/instrumentation-openai');
    for (let i = 0; i < 500; i++) llm.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }).end();
    await processor.forceFlush();
    expect(sink.decisions.length).toBeLessThan(100);
    await provider.shutdown();
  });

  it('keeps the wrapped decision for other spans and the SAMPLED flag for AI spans', () => {
    const sampler = new DecisionRecordingSampler(new AlwaysOffSampler());
    const ctx = context.active();
    expect(sampler.shouldSample(ctx, 'a'.repeat(32), 'GET /health', 0, {}, []).decision).toBe(SamplingDecision.NOT_RECORD);
    expect(sampler.shouldSample(ctx, 'a'.repeat(32), 'work', 0, { 'gen_ai.operation.name': 'chat' }, []).decision).toBe(SamplingDecision.RECORD);
    expect(sampler.shouldSample(ctx, 'a'.repeat(32), 'ai.generateText', 0, {}, []).decision).toBe(SamplingDecision.RECORD);
    expect(sampler.shouldSample(ctx, 'a'.repeat(32), 'ChatOpenAI', 0, {}, []).decision).toBe(SamplingDecision.RECORD);
    expect(sampler.shouldSample(ctx, 'a'.repeat(32), 'risk-model', 0, {}, []).decision).toBe(SamplingDecision.NOT_RECORD);
    const custom = new DecisionRecordingSampler(new AlwaysOffSampler(), { isAICall: (name) => name === 'risk-model' });
    expect(custom.shouldSample(ctx, 'a'.repeat(32), 'risk-model', 0, {}, []).decision).toBe(SamplingDecision.RECORD);
    const always = new DecisionRecordingSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(1) }));
    expect(always.shouldSample(ctx, 'a'.repeat(32), 'chat gpt-4o', 0, {}, []).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(String(sampler)).toBe('DecisionRecordingSampler{AlwaysOffSampler}');
    expect(() => new DecisionRecordingSampler(undefined as never)).toThrow(/needs the sampler it wraps/);
  });
});
