import type { VaxeliaOptions } from '../pipeline/vaxelia-options.js';

/**
 * Options of {@link startGateway}: the receiver's own, plus every pipeline option of the processor
 * (tenant URL, API key, buffer key and directory, redaction, chain… with the same `VAXELIA_*`
 * environment variables).
 */
export interface GatewayOptions extends VaxeliaOptions {
  /** TCP port; 0 picks a free one (see `Gateway.port`). @defaultValue env `VAXELIA_GATEWAY_PORT`, else 4318 (OTLP/HTTP) */
  port?: number;
  /** Bind address. Loopback by default: expose it deliberately. @defaultValue env `VAXELIA_GATEWAY_HOST`, else `127.0.0.1` */
  host?: string;
  /**
   * Bearer token the Collector must send (`Authorization: Bearer <token>`); compared in constant
   * time. @defaultValue env `VAXELIA_GATEWAY_AUTH_TOKEN`, else no authentication
   */
  authToken?: string;
  /**
   * Listen on a non-loopback `host` without `authToken`. Without it the gateway refuses to start
   * there: set it only when a proxy or network policy authenticates callers. CLI
   * `--allow-unauthenticated`. @defaultValue false
   */
  allowUnauthenticated?: boolean;
  /** Largest request body, compressed and decompressed; larger ones get 413. @defaultValue 16 MiB */
  maxBodyBytes?: number;
  /** Most spans (or log records) in one request; more get 413. @defaultValue 100000 */
  maxItemsPerRequest?: number;
  /** Export requests processed at once; beyond, 429 with Retry-After. @defaultValue 32 */
  maxInflightRequests?: number;
  /**
   * Decompressed request bytes being decoded and processed at once; beyond, 429 with Retry-After
   * (a request alone may always use `maxBodyBytes`). Bounds the memory of decoded requests.
   * @defaultValue 64 MiB
   */
  maxInflightBytes?: number;
  /**
   * Decisions waiting in the encrypted queue (endpoint slow or down) at which trace requests get
   * 503 with Retry-After, so the Collector holds and retries them. @defaultValue 100000
   */
  maxQueueDepth?: number;
  /**
   * How long a trace request waits for content of its AI spans that arrives in a separate
   * /v1/logs request (official OpenAI instrumentations). 0 disables the wait. Keep it well below
   * the Collector exporter's timeout. @defaultValue 2000
   */
  logWaitMs?: number;
  /** Spans waiting for logs at once; beyond, spans map without waiting. @defaultValue 10000 */
  maxLogWaitingSpans?: number;
  /**
   * How long gen_ai log records are kept, encrypted in `<bufferDir>/gateway/logs`, for a span that
   * has not arrived yet (across restarts: a logs request is acknowledged only once stored). Cover
   * the Collector's retry window for trace requests. @defaultValue 300000 (5 minutes)
   */
  logKeepMs?: number;
  /**
   * Decision ids remembered (in memory and, across restarts, in `<bufferDir>/gateway/<chainId>.ids`)
   * to ignore Collector retries of already recorded spans. @defaultValue 100000
   */
  maxRecentDecisionIds?: number;
  /** Seconds the Collector is asked to wait after a 429 / 503. @defaultValue 5 */
  retryAfterSeconds?: number;
}

/** A running gateway. */
export interface Gateway {
  /** Base URL, e.g. `http://127.0.0.1:4318` (the Collector's `otlphttp` endpoint). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /**
   * Graceful stop: no new connections or requests, in-flight requests finish (and are acknowledged
   * once durably queued), then the pipeline checkpoints, flushes and closes. Idempotent.
   */
  close(): Promise<void>;
}

export interface ResolvedGatewayOptions {
  port: number;
  host: string;
  authToken: string | undefined;
  allowUnauthenticated: boolean;
  maxBodyBytes: number;
  maxItemsPerRequest: number;
  maxInflightRequests: number;
  maxInflightBytes: number;
  maxQueueDepth: number;
  logWaitMs: number;
  maxLogWaitingSpans: number;
  logKeepMs: number;
  maxRecentDecisionIds: number;
  retryAfterSeconds: number;
}
