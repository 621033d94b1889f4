/**
 * `@vaxelia/ai-otel/gateway`: the Collector-side way in. An OTLP/HTTP receiver (`/v1/traces`,
 * `/v1/logs`; protobuf and JSON, gzip) that records every AI span through the same mapping,
 * redaction, hash chain and durable queue as the in-process processor.
 *
 * Guarantees and their limits:
 * - A trace request is answered 200 only once its decisions are durably queued (503 + Retry-After
 *   otherwise), so the Collector's retry covers a gateway crash.
 * - Content sent as log records joins its span when the logs arrive before the spans, or within
 *   `logWaitMs` after them. Log records are held in memory only and acknowledged on receipt.
 * - A Collector retry of a recorded span is not chained again while its decision id is among the
 *   last `maxRecentDecisionIds`, across restarts (a journal per chain in the buffer directory).
 */
export { startGateway } from './gateway-server.js';
export type { Gateway, GatewayOptions } from './gateway-options.js';
