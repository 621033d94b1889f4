/**
 * A burst of AI spans ended faster than the pipeline records them: the processor maps only while the
 * pipeline's backlog is low, so the rest waits as ended spans (~1.7 KB each) rather than as mapped
 * decisions with their redacted and chained copies — and nothing is dropped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { DecisionSink } from '../../src/core/decision-sink.js';
import type { AIDecision } from '../../src/decision.js';
import { DecisionLogSpanProcessor } from '../../src/index.js';
import type { DecisionRuntime } from '../../src/pipeline/decision-runtime.js';

/** A sink whose writes wait until the test opens it: the pipeline falls behind on purpose. */
class ClosedSink implements DecisionSink {
  readonly written: AIDecision[] = [];
  private open = false;
  private readonly waiting: (() => void)[] = [];
  write(decisions: readonly AIDecision[]): Promise<void> {
    const done = () => void this.written.push(...decisions);
    if (this.open) {
      done();
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        done();
        resolve();
      }),
    );
  }
  openUp(): void {
    this.open = true;
    for (const release of this.waiting.splice(0)) release();
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

async function gauge(reader: MetricReader, name: string): Promise<number | undefined> {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric.dataPoints[0]?.value as number;
  }
  return undefined;
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('burst back-pressure', () => {
  it('20,000 spans ended in one loop: at most ~2,000 mapped decisions wait in the pipeline, the rest as spans; all are recorded', async () => {
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const sink = new ClosedSink();
    const processor = new DecisionLogSpanProcessor({ sink, bufferDir: mkdtempSync(join(tmpdir(), 'vx-burst-')), aiSystemId: 'burst', logger: () => {} });
    const provider = new TracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('@opentelemetry/instrumentation-openai');
    const N = 20_000;
    for (let i = 0; i < N; i++) {
      tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.id': `r${i}` } }).end();
    }
    await turns(500); // far more turns than mapping everything needs (313 chunks of 64)
    const runtime = (processor as unknown as { runtime: DecisionRuntime }).runtime;
    expect(runtime.backlog).toBeGreaterThan(0);
    expect(runtime.backlog).toBeLessThanOrEqual(2_048 + 64); // the bound plus one chunk
    expect(runtime.notYetRecorded()).toBe(N); // every span is accounted for: mapped or still waiting
    expect(await gauge(reader, 'vaxelia.decisions.pending')).toBe(N); // and an operator sees it
    const flushed = processor.forceFlush();
    await turns(20);
    sink.openUp();
    await flushed;
    expect(new Set(sink.written.filter((d) => d.operation !== 'checkpoint').map((d) => d.responseId)).size).toBe(N);
    expect(await gauge(reader, 'vaxelia.decisions.pending')).toBe(0);
    await provider.shutdown();
    metrics.disable();
  });
});
