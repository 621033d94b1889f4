/**
 * What one delivery attempt resolved to, in the shape of OpenTelemetry's `ExportResponse`: the
 * transport never throws.
 * - `success`: a 2xx.
 * - `failure`: permanent (a 4xx other than 408/429) — do not retry; `statusCode` and a short `reason`.
 * - `retryable`: network error, timeout, redirect, 408, 429, 5xx — retry, after `retryInMillis` when
 *   the endpoint said so (`Retry-After`).
 */
export type DeliveryResponse =
  | { status: 'success'; statusCode: number }
  | { status: 'failure'; statusCode: number; reason: string; error: Error }
  | { status: 'retryable'; statusCode?: number; reason: string; retryInMillis?: number; error: Error };

/** Sends one decision body. Implementations resolve a `DeliveryResponse` and never reject. */
export interface DeliveryTransport {
  send(body: string, idempotencyKey: string, signal?: AbortSignal): Promise<DeliveryResponse>;
  shutdown(): void;
}
