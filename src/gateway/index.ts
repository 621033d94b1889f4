/**
 * `@vaxelia/ai-otel/gateway`: the Collector-side way in. An OTLP/HTTP receiver (`/v1/traces`,
 * `/v1/logs`; protobuf and JSON, gzip) that records every AI span through the same mapping,
 * redaction, hash chain and durable queue as the in-process processor.
 *
 * Guarantees and their limits:
 * - A trace request is answered 200 only once its decisions are durably queued (503 + Retry-After
 *   otherwise), so the Collector's retry covers a gateway crash.
 * - Content sent as log records joins its span when the logs arrive before the spans, or within
 *   `logWaitMs` after them. gen_ai log records are acknowledged once stored encrypted in the buffer
 *   directory (kept `logKeepMs`), so a restart between the logs and their span loses no content.
 * - A Collector retry of a recorded span is not chained again while its decision id is among the
 *   last `maxRecentDecisionIds`, across restarts (a journal per chain in the buffer directory).
 */
// First: an older Node.js fails here with one clear line.
import '../node-version-guard.js';
export { startGateway } from './gateway-server.js';
export type { Gateway, GatewayOptions } from './gateway-options.js';
