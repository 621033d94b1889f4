/**
 * Child process of the kill -9 test: writes decisions continuously through the delivery service and
 * prints `ok <id> ...` once each write has resolved (the decisions are durably queued).
 */
import { createDeliveryService } from '../../../src/delivery/delivery-service.js';

const run = process.env.CHILD_RUN ?? '0';
const service = createDeliveryService({
  tenantApiUrl: process.env.CHILD_URL!,
  bufferKey: process.env.CHILD_KEY!,
  bufferDir: process.env.CHILD_DIR!,
  concurrency: 8,
  maxAttempts: 2,
  baseDelayMs: 20,
  maxDelayMs: 200,
  requestTimeoutMs: 300,
  drainIntervalMs: 200,
  logger: () => {},
});

let n = 0;
async function loop(): Promise<void> {
  while (true) {
    const size = 1 + (n % 5);
    const decisions = Array.from({ length: size }, () => {
      const id = `r${run}-${n++}`;
      return {
        aiSystemId: 'sys',
        modelUsed: 'm',
        input: { messages: [] },
        output: { messages: [] },
        status: 'completed' as const,
        decidedAt: new Date().toISOString(),
        decisionId: id,
      };
    });
    await service.write(decisions);
    process.stdout.write(`ok ${decisions.map((d) => d.decisionId).join(' ')}\n`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
void loop();
