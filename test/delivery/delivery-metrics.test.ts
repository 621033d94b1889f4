import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDeliveryService } from '../../src/delivery/delivery-service.js';
import { DecisionEndpoint, makeDecision, TEST_KEY } from './support/decision-endpoint.js';

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const dir = mkdtempSync(join(tmpdir(), 'vx-metrics-'));
afterAll(async () => {
  metrics.disable();
  await rm(dir, { recursive: true, force: true });
});

describe('delivery self-metrics', () => {
  it('counts received, queued, delivered, dead-lettered and reports depth and latency', async () => {
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const endpoint = await new DecisionEndpoint().start();
    endpoint.plan = [{ kind: 'status', status: 422 }];
    const service = createDeliveryService({
      tenantApiUrl: endpoint.url,
      bufferKey: TEST_KEY,
      bufferDir: join(dir, 'buffer'),
      logger: () => {},
    });
    await expect(service.submit(makeDecision(0))).rejects.toThrow();
    await service.write([1, 2, 3].map((n) => makeDecision(n)));
    await service.flushBuffer();
    // Counters move as the drain finishes in the background: read them until they settle there.
    await vi.waitFor(
      async () => {
        const { resourceMetrics } = await reader.collect();
        const values = new Map<string, number>();
        for (const scope of resourceMetrics.scopeMetrics) {
          expect(scope.scope.name).toBe('@vaxelia/ai-otel');
          for (const metric of scope.metrics) {
            const sum = metric.dataPoints.reduce((n, p) => n + (typeof p.value === 'number' ? p.value : (p.value as { count: number }).count), 0);
            values.set(metric.descriptor.name, sum);
          }
        }
        expect(values.get('vaxelia.decisions.received')).toBe(4);
        expect(values.get('vaxelia.decisions.queued')).toBe(4);
        expect(values.get('vaxelia.decisions.delivered')).toBe(3);
        expect(values.get('vaxelia.decisions.dead_lettered')).toBe(1);
        expect(values.get('vaxelia.queue.depth')).toBe(0);
        expect(values.get('vaxelia.delivery.latency')).toBe(4);
      },
      { timeout: 20_000, interval: 20 },
    );
    await service.shutdown();
    await endpoint.stop();
  });
});
