import type { Logger } from '../core/logger.js';
import type { DeliveryMetrics } from './delivery-metrics.js';

/**
 * Says so once when the queue grows past `alertDepth` decisions (the endpoint is not keeping up or
 * not reachable, and the disk fills), and re-arms when the depth fell below half of it.
 */
export class QueueDepthAlarm {
  private raised = false;

  constructor(
    private readonly alertDepth: number,
    private readonly log: Logger,
    private readonly metrics: DeliveryMetrics,
  ) {}

  check(depth: number): void {
    if (!this.raised && depth > this.alertDepth) {
      this.raised = true;
      this.metrics.queueAlert(1);
      this.log('error', 'vaxelia: the encrypted queue is growing past its alert depth; decisions are kept but not delivered', {
        condition: 'queue-growing',
        depth,
        alertDepth: this.alertDepth,
        fix: 'check the endpoint (earlier ERRORs say why it is not accepting) and the disk space of the buffer directory',
      });
    } else if (this.raised && depth < this.alertDepth / 2) {
      this.raised = false;
    }
  }
}
