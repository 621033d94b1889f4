/**
 * What one delivery attempt resolved to, in the shape of OpenTelemetry's `ExportResponse`: the
 * transport never throws. `retry-policy.ts` decides which status lands in which case.
 * - `success`: a 2xx.
 * - `failure`: the endpoint rejected this decision (400, 409, 413, 422, …) — dead-letter it.
 * - `misconfigured`: the endpoint, or the way to it, is misconfigured (3xx, 401, 403, 404, 405, 407,
 *   421) — hold the queue and retry with backoff; `fix` names the likely fix for a person.
 * - `retryable`: network error, timeout, 408, 429, 5xx — retry, after `retryInMillis` when the
 *   endpoint said so (`Retry-After`).
 */
export type DeliveryResponse =
  | { status: 'success'; statusCode: number }
  | { status: 'failure'; statusCode: number; reason: string; error: Error }
  | { status: 'misconfigured'; statusCode: number; reason: string; fix: string; error: Error }
  | { status: 'retryable'; statusCode?: number; reason: string; retryInMillis?: number; error: Error };

/** Sends one decision body. Implementations resolve a `DeliveryResponse` and never reject. */
export interface DeliveryTransport {
  send(body: string, idempotencyKey: string, signal?: AbortSignal): Promise<DeliveryResponse>;
  shutdown(): void;
}
