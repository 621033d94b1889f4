/**
 * Registers the processor the way a user would: one `NodeSDK`, the same `DecisionLogSpanProcessor`
 * instance in `spanProcessors` and `logRecordProcessors`, with the default pipeline (redaction and
 * hash chain on); only the sink is an in-memory one. Only `NodeSDK` is imported from
 * `@opentelemetry/sdk-node` because it is the one name both SDK lines (0.2xx and 0.30x) export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { type AIDecision, DecisionLogSpanProcessor, InMemoryDecisionSink } from '@vaxelia/ai-otel';

type NodeSDKOptions = NonNullable<ConstructorParameters<typeof NodeSDK>[0]>;
type ProcessorOptions = NonNullable<ConstructorParameters<typeof DecisionLogSpanProcessor>[0]>;

export interface E2EHarness {
  readonly processor: DecisionLogSpanProcessor;
  readonly sink: InMemoryDecisionSink;
  /** Runs `action`, flushes, and returns the decisions that appeared meanwhile (no chain checkpoints). */
  collect(action: () => Promise<unknown>): Promise<AIDecision[]>;
  /** Runs `action` inside an active application span (not an AI span); returns its span id too. */
  inAppSpan<T>(name: string, action: () => Promise<T>): Promise<{ result: T; spanId: string; traceId: string }>;
  shutdown(): Promise<void>;
}

export const AI_SYSTEM_ID = 'e2e-ai-system';

export function startE2E(options: {
  serviceName: string;
  instrumentations?: NodeSDKOptions['instrumentations'];
  /** Overrides of the processor options (e.g. `redaction: false`). */
  processor?: Partial<ProcessorOptions>;
  /** Span processors registered after the decision processor (e.g. a `SpanRecorder`). */
  otherSpanProcessors?: NonNullable<NodeSDKOptions['spanProcessors']>;
  /** The SDK's sampler (default: the SDK's, always on). */
  sampler?: NodeSDKOptions['sampler'];
}): E2EHarness {
  // Each test file is its own writer: its own chain state, never the shared default buffer dir.
  const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-e2e-'));
  const sink = new InMemoryDecisionSink();
  const processor = new DecisionLogSpanProcessor({ sink, aiSystemId: AI_SYSTEM_ID, bufferDir, ...options.processor });
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resourceDetectors: [],
    // No metrics: the default OTLP metric reader would try localhost:4318 and stall shutdown.
    metricReaders: [],
    spanProcessors: [processor, ...(options.otherSpanProcessors ?? [])],
    logRecordProcessors: [processor],
    instrumentations: options.instrumentations ?? [],
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  sdk.start();

  return {
    processor,
    sink,
    async collect(action) {
      await processor.forceFlush();
      const before = sink.decisions.length;
      await action();
      await processor.forceFlush();
      return sink.decisions.slice(before).filter((record) => record.operation !== 'checkpoint');
    },
    inAppSpan(name, action) {
      return trace.getTracer('e2e-app', '1.0.0').startActiveSpan(name, async (span) => {
        try {
          const result = await action();
          return { result, spanId: span.spanContext().spanId, traceId: span.spanContext().traceId };
        } finally {
          span.end();
        }
      });
    },
    async shutdown() {
      try {
        await sdk.shutdown();
      } finally {
        rmSync(bufferDir, { recursive: true, force: true });
      }
    },
  };
}

const requireFromHere = createRequire(import.meta.url);

/**
 * Loads a client SDK through CommonJS `require`, after `sdk.start()`: instrumentations patch modules
 * through require-in-the-middle, and ESM imports are only hooked with a loader (`--import`), which
 * a test runner does not register. Fails loudly if something loaded the module earlier, unpatched.
 */
export function requireInstrumented<T>(moduleName: string): T {
  const marker = `/node_modules/${moduleName}/`;
  const loadedBefore = Object.keys(requireFromHere.cache).some((path) => path.includes(marker));
  if (loadedBefore) throw new Error(`${moduleName} was required before the instrumentation was registered; it would not be patched`);
  return requireFromHere(moduleName) as T;
}
