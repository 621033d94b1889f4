import { type Attributes, metrics } from '@opentelemetry/api';
import { PACKAGE_VERSION } from './user-agent.js';

/**
 * Self-metrics an operator alerts on; created through the global MeterProvider (no-op without one).
 * `vaxelia.decisions.not_recorded` is counted where that is decided, src/pipeline/not-recorded.ts.
 */
export interface DeliveryMetrics {
  received(count: number): void;
  delivered(count: number): void;
  queued(count: number): void;
  deadLettered(count: number, statusCode: number): void;
  quarantined(count: number): void;
  endpointMisconfigured(count: number, statusCode: number): void;
  queueAlert(count: number): void;
  latency(ms: number, outcome: string): void;
  stop(): void;
}

export function createDeliveryMetrics(depth: () => number): DeliveryMetrics {
  const meter = metrics.getMeter('@vaxelia/ai-otel', PACKAGE_VERSION);
  const counter = (name: string, description: string) => meter.createCounter(name, { description, unit: '{decision}' });
  const received = counter('vaxelia.decisions.received', 'Decisions handed to the delivery layer');
  const delivered = counter('vaxelia.decisions.delivered', 'Decisions acknowledged by the endpoint (2xx)');
  const queued = counter('vaxelia.decisions.queued', 'Decisions written to the encrypted queue');
  const deadLettered = counter('vaxelia.decisions.dead_lettered', 'Decisions rejected for good and dead-lettered');
  const quarantined = counter('vaxelia.decisions.quarantined', 'Queue entries that failed authentication');
  const misconfigured = meter.createCounter('vaxelia.delivery.endpoint_misconfigured', {
    description: 'Requests the endpoint refused for its configuration (wrong key, URL path, proxy auth, TLS); the decisions stay queued',
    unit: '{request}',
  });
  const queueAlerts = meter.createCounter('vaxelia.queue.alerts', { description: 'Times the queue grew past its alert depth', unit: '{alert}' });
  const latency = meter.createHistogram('vaxelia.delivery.latency', { description: 'One delivery request', unit: 'ms' });
  const gauge = meter.createObservableGauge('vaxelia.queue.depth', { description: 'Decisions waiting in the encrypted queue', unit: '{decision}' });
  const observe = (result: { observe(value: number, attributes?: Attributes): void }) => result.observe(depth());
  gauge.addCallback(observe);
  return {
    received: (n) => received.add(n),
    delivered: (n) => delivered.add(n),
    queued: (n) => queued.add(n),
    deadLettered: (n, statusCode) => deadLettered.add(n, { 'http.response.status_code': statusCode }),
    quarantined: (n) => quarantined.add(n),
    endpointMisconfigured: (n, statusCode) => misconfigured.add(n, { 'http.response.status_code': statusCode }),
    queueAlert: (n) => queueAlerts.add(n),
    latency: (ms, outcome) => latency.record(ms, { outcome }),
    stop: () => gauge.removeCallback(observe),
  };
}
