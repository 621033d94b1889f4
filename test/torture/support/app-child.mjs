// Child process of the crash scenarios: an instrumented app using the BUILT package (by its own
// name, a self-reference) and the real SDK. It ends gen_ai spans continuously; after each
// `forceFlush()` resolves it prints `ok <decisionId> ...` (those decisions are delivered or durably
// queued). `CHILD_STRINGIFY_STATS=1` prints `rss <bytes>` too.
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor, decisionIdFor } from '@vaxelia/ai-otel';

const env = process.env;
const processor = new DecisionLogSpanProcessor({
  tenantApiUrl: env.CHILD_URL,
  apiKey: env.CHILD_API_KEY,
  bufferKey: env.CHILD_BUFFER_KEY,
  bufferDir: env.CHILD_DIR,
  aiSystemId: 'torture-app',
  requestTimeoutMs: Number(env.CHILD_TIMEOUT_MS ?? 500),
  maxAttempts: 2,
  baseDelayMs: 20,
  maxDelayMs: 200,
  drainIntervalMs: 200,
  shutdownTimeoutMs: Number(env.CHILD_SHUTDOWN_MS ?? 3000),
  logger: (level, message, fields) => {
    if (level === 'error' || level === 'warn') process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
  },
});
const provider = new TracerProvider({ spanProcessors: [processor] });
const tracer = provider.getTracer('@opentelemetry/instrumentation-openai', '0.22.0');
const run = env.CHILD_RUN ?? '0';

// A well-behaved app: stop producing, let the current iteration finish, then shut the SDK down.
let current = Promise.resolve();
process.on('SIGTERM', async () => {
  const started = Date.now();
  stopped = true;
  await current;
  await provider.shutdown();
  process.stdout.write(`shutdown ${Date.now() - started}\n`);
  process.exit(0);
});

let n = 0;
let stopped = false;
// Keeps the process alive when idle (every library timer is unref'd).
setInterval(() => {}, 1000);
async function loop() {
  while (!stopped) {
    let done;
    current = new Promise((r) => {
      done = r;
    });
    const ids = [];
    const size = 1 + (n % 7);
    for (let i = 0; i < size; i++) {
      const span = tracer.startSpan('chat gpt-torture', {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-torture',
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `run ${run} question ${n}` }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `answer ${n}` }] }]),
        },
      });
      n++;
      const { traceId, spanId } = span.spanContext();
      span.end();
      ids.push(decisionIdFor(traceId, spanId));
    }
    await processor.forceFlush();
    process.stdout.write(`ok ${ids.join(' ')}\n`);
    if (n % 50 < size) process.stdout.write(`rss ${process.memoryUsage().rss}\n`);
    done();
    if (env.CHILD_MAX && n >= Number(env.CHILD_MAX)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  process.stdout.write('idle\n');
}
process.stdout.write('ready\n');
void loop();
