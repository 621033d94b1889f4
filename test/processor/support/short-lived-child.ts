/**
 * Child of the short-lived process test: one invocation of a serverless function or one run of a
 * CLI job, as the README's pattern writes it. The processor is created once per process (a cold
 * start); each invocation ends its AI spans and calls what the README says before returning.
 *   CHILD_END=force-flush   `await provider.forceFlush()`, print `flushed`, then wait (to be frozen / killed)
 *   CHILD_END=flush-buffer  `await processor.flushBuffer()`, print the counts, exit without shutdown
 *   CHILD_END=shutdown      `await provider.shutdown()` and let the process end by itself (CLI job)
 *   CHILD_END=exit-now      `process.exit(0)` right after the spans end, without a flush (the mistake)
 */
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor } from '../../../src/index.js';

const processor = new DecisionLogSpanProcessor({
  tenantApiUrl: process.env.CHILD_URL!,
  apiKey: 'short-lived-api-key',
  bufferKey: process.env.CHILD_KEY!,
  bufferDir: process.env.CHILD_DIR!,
  aiSystemId: 'short-lived',
  maxAttempts: 1,
  shutdownTimeoutMs: 5000,
});
const provider = new TracerProvider({ spanProcessors: [processor] });
const tracer = provider.getTracer('@opentelemetry/instrumentation-openai', '0.22.0');

async function handler(invocation: string): Promise<void> {
  const count = Number(process.env.CHILD_SPANS ?? 3);
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('chat gpt-4o', {
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'test.invocation': invocation },
    });
    span.end();
  }
}

await handler(process.env.CHILD_RUN ?? '0');
const end = process.env.CHILD_END;
if (end === 'force-flush') {
  await provider.forceFlush();
  process.stdout.write('flushed\n');
  setInterval(() => {}, 1000); // the platform freezes the instance here, or kills it
} else if (end === 'exit-now') {
  process.exit(0);
} else if (end === 'flush-buffer') {
  const result = await processor.flushBuffer();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0); // the instance may be destroyed right after the function returns
} else {
  await provider.shutdown();
  process.stdout.write('shut down\n');
}
