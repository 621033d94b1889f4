/**
 * Child process of the stderr test: an application that installed no logger writes decisions to an
 * endpoint that refuses them, then exits. CHILD_DIAG=1 installs an OpenTelemetry diag logger first.
 */
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { createDeliveryService } from '../../../src/delivery/delivery-service.js';

if (process.env.CHILD_DIAG === '1') {
  const toStdout = (message: string) => process.stdout.write(`diag: ${message}\n`);
  diag.setLogger({ error: toStdout, warn: toStdout, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
}
const service = createDeliveryService({
  tenantApiUrl: process.env.CHILD_URL!,
  apiKey: process.env.CHILD_API_KEY,
  bufferKey: process.env.CHILD_KEY!,
  bufferDir: process.env.CHILD_DIR!,
  maxAttempts: 1,
  baseDelayMs: 5,
  maxDelayMs: 20,
  queueAlertDepth: Number(process.env.CHILD_ALERT_DEPTH ?? 100_000),
});
const count = Number(process.env.CHILD_COUNT ?? 3);
for (let i = 0; i < count; i++) {
  const decision = { aiSystemId: 'sys', modelUsed: 'm', input: { messages: [] }, output: { messages: [] }, status: 'completed' as const, decidedAt: new Date().toISOString(), decisionId: `d-${i}` };
  await service.submit(decision).catch(() => {});
}
await service.flushBuffer();
await service.shutdown();
process.stdout.write('done\n');
