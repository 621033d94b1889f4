/**
 * Child of the crash-recovery test: records decisions by hand with the endpoint down (each one is
 * durably queued when `logDecision` resolves), prints `half` and `done`, then waits to be killed.
 */
import { ComplianceReporter } from '../../../src/index.js';

const reporter = new ComplianceReporter({
  tenantApiUrl: process.env.CHILD_URL!,
  apiKey: 'crash-child-api-key',
  bufferKey: process.env.CHILD_KEY!,
  bufferDir: process.env.CHILD_DIR!,
  aiSystemId: 'crash-recovery',
  maxAttempts: 1,
  logger: () => {},
});

const total = Number(process.env.CHILD_DECISIONS ?? 10);
for (let i = 0; i < total; i++) {
  await reporter.logDecision({ input: `question ${i}`, output: `answer ${i}`, modelUsed: 'rules-v1' });
  if (i === total / 2 - 1) process.stdout.write('half\n');
}
process.stdout.write('done\n');
setInterval(() => {}, 1000);
