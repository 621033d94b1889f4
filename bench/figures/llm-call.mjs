// Figure 5: latency an application sees per instrumented LLM call, with and without our processor.
// The official @opentelemetry/instrumentation-openai (content capture on: content arrives as log
// records, so our processor is also the LoggerProvider's processor) around the real `openai` client,
// against bench/lib/mock-openai-server.mjs in its own process. Calls are sequential; the two setups
// alternate in blocks of 50 calls (the instrumentation is pointed at one provider, then the other).
//   node bench/figures/llm-call.mjs --calls 2000
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor } from '../../dist/index.js';
import { startSink } from '../lib/sink.mjs';
import { oursOptions, removeBufferDirs } from '../lib/spans.mjs';
import { arg, emit, quantile } from '../lib/stats.mjs';

const CALLS = Number(arg('--calls', 2000));
const BLOCK = 50;

const mock = spawn(process.execPath, [fileURLToPath(new URL('../lib/mock-openai-server.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => mock.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const sink = await startSink();

const ours = new DecisionLogSpanProcessor(oursOptions(sink.decisionsUrl));
const setups = {
  'instrumented, no processor': { tracerProvider: new TracerProvider({}), loggerProvider: new LoggerProvider({}) },
  'instrumented + @vaxelia/ai-otel (defaults)': {
    tracerProvider: new TracerProvider({ spanProcessors: [ours] }),
    loggerProvider: new LoggerProvider({ processors: [ours] }),
  },
};

const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
const use = (name) => {
  instrumentation.setTracerProvider(setups[name].tracerProvider);
  instrumentation.setLoggerProvider(setups[name].loggerProvider);
};
use('instrumented, no processor');
// Required (CJS) after the instrumentation is enabled, so its require hook patches the client.
const { OpenAI } = createRequire(import.meta.url)('openai');
const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'bench', maxRetries: 0 });

let i = 0;
async function call() {
  const start = process.hrtime.bigint();
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a helpful customer-support assistant for ACME Bank.' },
      { role: 'user', content: `Hi, I am Jane Doe (jane.doe${i++}@example.com). My card 4111 1111 1111 1111 was charged twice. Refund?` },
    ],
  });
  return Number(process.hrtime.bigint() - start) / 1000; // µs
}

const names = Object.keys(setups);
for (let w = 0; w < 4; w++) {
  use(names[w % 2]);
  for (let k = 0; k < 100; k++) await call();
}
const samples = Object.fromEntries(names.map((n) => [n, []]));
// The baseline's blocks split in two halves (alternate blocks): their difference is an A/A test,
// the noise floor of this run; a delta smaller than it cannot be told from noise.
const halves = [[], []];
for (let block = 0; block < (2 * CALLS) / BLOCK; block++) {
  const name = names[block % 2];
  use(name);
  for (let k = 0; k < BLOCK; k++) {
    const us = await call();
    samples[name].push(us);
    if (block % 2 === 0) halves[(block / 2) % 2].push(us);
  }
}
await ours.forceFlush();
const delivered = (await sink.counts()).counts.decisions;

const stats = Object.fromEntries(Object.entries(samples).map(([n, xs]) => [n, { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), calls: xs.length }]));
const [base, withOurs] = names.map((n) => stats[n]);
const aaP50Us = quantile(halves[0], 0.5) - quantile(halves[1], 0.5);
const aaP99Us = quantile(halves[0], 0.99) - quantile(halves[1], 0.99);
emit({ calls: CALLS, stats, addedP50Us: withOurs.p50 - base.p50, addedP99Us: withOurs.p99 - base.p99, aaP50Us, aaP99Us, decisionsDelivered: delivered });
mock.kill();
await ours.shutdown();
await sink.close();
removeBufferDirs();
process.exit(0);
