/**
 * Head sampling cannot drop a decision: the app samples 10 % of traces for its tracing backend
 * (ParentBased(TraceIdRatioBased(0.1))), wrapped in DecisionRecordingSampler; every OpenAI call
 * through `@opentelemetry/instrumentation-openai` is recorded, while a BatchSpanProcessor beside
 * the decision processor exports only the sampled traces. Runs on both SDK lines (the 2.x project
 * has `@opentelemetry/sdk-trace-base`, the 3.x one `@opentelemetry/sdk-trace`).
 */
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { DecisionRecordingSampler } from '@vaxelia/ai-otel';
import type OpenAIClient from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, requireInstrumented, startE2E } from './support/otel-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: the SDK package differs between the two lines
type Loose = any;
const CALLS = 200;
let mock: MockOpenAIServer;
let harness: E2EHarness;
let client: OpenAIClient;
let exported: { getFinishedSpans(): { spanContext(): { traceId: string } }[] };
let batch: { forceFlush(): Promise<void> };

/** The SDK's trace package of this line: 3.x `@opentelemetry/sdk-trace`, 2.x `@opentelemetry/sdk-trace-base`. */
async function sdkTrace(): Promise<{ sdk: Loose; line: 2 | 3 }> {
  try {
    return { sdk: await import('@opentelemetry/sdk-trace'), line: 3 };
  } catch {
    return { sdk: await import(/* @vite-ignore */ '@opentelemetry/sdk-trace-base' as string), line: 2 };
  }
}

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  const { sdk, line } = await sdkTrace();
  const exporter = new sdk.InMemorySpanExporter();
  // 3.x takes one options object, 2.x the exporter then the options.
  batch = line === 3 ? new sdk.BatchSpanProcessor({ exporter, maxQueueSize: 10_000 }) : new sdk.BatchSpanProcessor(exporter, { maxQueueSize: 10_000 });
  exported = exporter;
  harness = startE2E({
    serviceName: 'e2e-sampling',
    instrumentations: [new OpenAIInstrumentation()],
    otherSpanProcessors: [batch as never],
    sampler: new DecisionRecordingSampler(new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(0.1) })) as never,
  });
  const { OpenAI } = requireInstrumented<typeof import('openai')>('openai');
  client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'test-key', maxRetries: 0 });
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

describe('DecisionRecordingSampler around ParentBased(TraceIdRatioBased(0.1))', () => {
  it(`${CALLS} chat calls, each its own trace: ${CALLS} decisions; the tracing exporter gets about 10 %`, async () => {
    const decisions = await harness.collect(async () => {
      for (let i = 0; i < CALLS; i++) await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${i}` }] });
    });
    expect(decisions).toHaveLength(CALLS);
    await batch.forceFlush();
    const traces = new Set(exported.getFinishedSpans().map((span) => span.spanContext().traceId));
    // Binomial(200, 0.1): mean 20, standard deviation 4.2; ±4.5 sd.
    expect(traces.size).toBeGreaterThan(1);
    expect(traces.size).toBeLessThan(40);
  });
});
