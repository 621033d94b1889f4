/**
 * `@vaxelia/ai-otel/gateway`: the Collector-side way in. An OTLP/HTTP receiver (`/v1/traces`,
 * `/v1/logs`; protobuf and JSON, gzip) that records every AI span through the same mapping,
 * redaction, hash chain and durable queue as the in-process processor.
 */
export { startGateway } from './gateway-server.js';
export type { Gateway, GatewayOptions } from './gateway-options.js';
