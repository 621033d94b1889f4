import type { Logger } from '../core/logger.js';
import type { DeliveryResponse } from './export-response.js';
import { backoffDelay } from './retry-policy.js';

/** How often a configuration ERROR that persists is repeated (the stderr reporter counts the rest). */
const CONFIGURATION_ERROR_REPEAT_MS = 60_000;

/**
 * What the delivery layer knows about the endpoint: failing or not, how many drain passes failed
 * in a row (the backoff exponent), and the `Retry-After` it last asked for. While failing, new
 * decisions wait on disk for the drain loop instead of each retrying on its own.
 */
export class EndpointHealth {
  failing = false;
  drainFailures = 0;
  retryInMillis: number | undefined;
  private lastConfigurationError: { statusCode: number; at: number } | undefined;

  constructor(
    private readonly log: Logger,
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
    /** The wait between passes while the endpoint is healthy. */
    readonly drainIntervalMs: number,
  ) {}

  /** Records a 2xx; `true` when the endpoint was failing until now (time to drain). */
  succeeded(): boolean {
    if (!this.failing) return false;
    this.failing = false;
    this.drainFailures = 0;
    this.lastConfigurationError = undefined;
    this.log('info', 'vaxelia: decision-log endpoint accepting decisions again; draining the queue');
    return true;
  }

  /** Records a transient or configuration failure, and says so where a person sees it. */
  failed(response: Extract<DeliveryResponse, { status: 'retryable' | 'misconfigured' }>, decisionId: string): void {
    if (response.status === 'misconfigured') {
      const now = Date.now();
      const last = this.lastConfigurationError;
      if (!last || last.statusCode !== response.statusCode || now - last.at >= CONFIGURATION_ERROR_REPEAT_MS) {
        this.lastConfigurationError = { statusCode: response.statusCode, at: now };
        this.log('error', 'vaxelia: the decision-log endpoint rejects the configuration; decisions are held in the encrypted queue and retried', {
          condition: 'endpoint-configuration',
          statusCode: response.statusCode,
          reason: response.reason,
          fix: response.fix,
        });
      }
    } else if (!this.failing) {
      this.log('warn', 'vaxelia: decision-log delivery failed; retrying and queueing', {
        decisionId,
        statusCode: response.statusCode,
        reason: response.statusCode === undefined ? response.reason : `HTTP ${response.statusCode}`,
      });
    }
    this.failing = true;
    if (response.status === 'retryable' && response.retryInMillis !== undefined) this.retryInMillis = response.retryInMillis;
  }

  /** The wait before the next drain pass: the interval when healthy, else backoff (or Retry-After). */
  nextDrainDelay(): number {
    if (this.drainFailures === 0 && !this.failing) return this.drainIntervalMs;
    const backoff = backoffDelay(Math.max(1, this.drainFailures), this.baseDelayMs, this.maxDelayMs);
    return Math.max(backoff, this.retryInMillis ?? 0);
  }
}
