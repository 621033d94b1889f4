import type { Logger } from '../core/logger.js';
import type { EncryptedQueue, QueuedEntry } from '../queue/encrypted-queue.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import type { EndpointHealth } from './endpoint-health.js';
import type { DeliveryResponse, DeliveryTransport } from './export-response.js';
import { Semaphore } from './semaphore.js';

/** The final word on one queued decision, or `held` when it stays queued for a later attempt. */
export type Attempt = { kind: 'delivered' } | { kind: 'rejected'; statusCode: number; reason: string } | { kind: 'held'; response: DeliveryResponse };

/**
 * Sends one queued entry (at most `concurrency` at a time) and applies the outcome to the queue:
 * a 2xx acks it, a rejection of the decision dead-letters it, anything else leaves it queued.
 */
export class DecisionSender {
  private readonly semaphore: Semaphore;

  constructor(
    private readonly queue: EncryptedQueue,
    private readonly transport: DeliveryTransport,
    private readonly health: EndpointHealth,
    private readonly metrics: DeliveryMetrics,
    private readonly log: Logger,
    concurrency: number,
    private readonly abortSignal: AbortSignal,
    /** Called when a success ends an outage: the queue drains now. */
    private readonly onRecovered: () => void,
  ) {
    this.semaphore = new Semaphore(concurrency);
  }

  async attempt(entry: QueuedEntry, decisionId: string): Promise<Attempt> {
    const response = await this.sendOnce(entry, decisionId);
    return this.settle(entry, decisionId, response);
  }

  private async sendOnce(entry: QueuedEntry, decisionId: string): Promise<DeliveryResponse> {
    await this.semaphore.acquire();
    const started = performance.now();
    try {
      if (!this.queue.isPending(entry.ref)) return { status: 'success', statusCode: 0 };
      const response = await this.transport.send(entry.body, decisionId, this.abortSignal);
      this.metrics.latency(performance.now() - started, response.status);
      return response;
    } catch (error) {
      // A custom transport broke its contract; treat as transient so nothing is lost.
      return { status: 'retryable', reason: 'transport threw', error: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      this.semaphore.release();
    }
  }

  private async settle(entry: QueuedEntry, decisionId: string, response: DeliveryResponse): Promise<Attempt> {
    if (response.status === 'success') {
      if (response.statusCode === 0) return { kind: 'delivered' }; // already settled elsewhere
      this.queue.ack(entry.ref);
      this.metrics.delivered(1);
      if (this.health.succeeded()) this.onRecovered();
      return { kind: 'delivered' };
    }
    if (response.status === 'failure') {
      const statusCode = response.statusCode;
      try {
        await this.queue.deadLetter(entry, statusCode, response.reason);
      } catch (error) {
        this.log('error', 'vaxelia: could not write a dead-letter entry; the decision stays queued', {
          decisionId,
          statusCode,
          error: (error as { code?: string }).code,
        });
        return { kind: 'held', response };
      }
      this.metrics.deadLettered(1, statusCode);
      this.log('error', 'vaxelia: the decision-log endpoint rejected a decision; moved to the dead-letter folder', {
        condition: 'dead-lettered',
        decisionId,
        statusCode,
        fix: 'read the reason with `vaxelia-otel buffer status`; after a fix on the endpoint, `vaxelia-otel buffer redrive` sends it again',
      });
      return { kind: 'rejected', statusCode, reason: `HTTP ${statusCode} (details in the dead-letter entry)` };
    }
    if (response.status === 'misconfigured') this.metrics.endpointMisconfigured(1, response.statusCode);
    this.health.failed(response, decisionId);
    return { kind: 'held', response };
  }
}
