import { metrics } from '@opentelemetry/api';
import { PACKAGE_VERSION } from '../delivery/user-agent.js';

/**
 * `vaxelia.decisions.pending`: AI decisions that have ended but are not durable yet — mapped and in
 * the pipeline, or waiting as ended spans while the pipeline catches up with a burst. What a process
 * exiting now would lose (exit-check.ts says it at exit; this shows it while running). Returns the
 * function that stops observing (shutdown).
 */
export function observePending(count: () => number): () => void {
  const gauge = metrics.getMeter('@vaxelia/ai-otel', PACKAGE_VERSION).createObservableGauge('vaxelia.decisions.pending', {
    description: 'AI decisions ended but not yet durably queued or delivered',
    unit: '{decision}',
  });
  const observe = (result: { observe(value: number): void }) => result.observe(count());
  gauge.addCallback(observe);
  return () => gauge.removeCallback(observe);
}
