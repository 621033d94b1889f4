// Hot-path cost of the processor on the application's stack (issue 2 / bench figure 1 and 2).
//   node bench/processor/hot-path.bench.mjs        (after `npm run build`)
// Measures, round-robin with warm-up, the median ns per span for:
//   - a non-AI span (start + 3 attributes + end) with no processor, a no-op processor, and ours;
//   - the synchronous onEnd of an AI span in our processor (mapping happens later, off-stack).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor, InMemoryDecisionSink } from '../../dist/index.js';

const SPANS = 20_000;
const ROUNDS = 9;

function makeOurs() {
  const sink = new InMemoryDecisionSink();
  return new DecisionLogSpanProcessor({ sink, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-bench-')), logger: () => {} });
}

const setups = {
  'no processor': new TracerProvider({}),
  'no-op processor': new TracerProvider({ spanProcessors: [new NoopSpanProcessor()] }),
  'DecisionLogSpanProcessor': new TracerProvider({ spanProcessors: [makeOurs()] }),
};

function nonAiSpans(tracer) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < SPANS; i++) {
    const span = tracer.startSpan('GET /accounts');
    span.setAttribute('http.request.method', 'GET');
    span.setAttribute('http.route', '/accounts');
    span.setAttribute('http.response.status_code', 200);
    span.end();
  }
  return Number(process.hrtime.bigint() - start) / SPANS;
}

const results = Object.fromEntries(Object.keys(setups).map((name) => [name, []]));
for (let round = -2; round < ROUNDS; round++) {
  for (const [name, provider] of Object.entries(setups)) {
    const ns = nonAiSpans(provider.getTracer('bench'));
    if (round >= 0) results[name].push(ns);
  }
  await new Promise((resolve) => setImmediate(resolve));
}

// AI span: time only our onEnd, on spans ended through a provider without processors.
const ours = makeOurs();
const bare = new TracerProvider({}).getTracer('@opentelemetry/instrumentation-openai');
const onEndNs = [];
for (let round = -2; round < ROUNDS; round++) {
  const spans = [];
  for (let i = 0; i < SPANS; i++) {
    const span = bare.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hello jane@example.com"}]}]' } });
    span.end();
    spans.push(span);
  }
  const start = process.hrtime.bigint();
  for (const span of spans) ours.onEnd(span);
  if (round >= 0) onEndNs.push(Number(process.hrtime.bigint() - start) / SPANS);
  await ours.forceFlush();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results['no processor']);
console.log(`node ${process.version}, ${SPANS} spans x ${ROUNDS} rounds (round-robin, 2 warm-up rounds)`);
console.log('non-AI span (start + 3 attributes + end), ns/span:');
for (const [name, xs] of Object.entries(results)) {
  console.log(`  ${name.padEnd(26)} median ${median(xs).toFixed(0).padStart(6)}  min ${Math.min(...xs).toFixed(0)}  max ${Math.max(...xs).toFixed(0)}  ratio ${(median(xs) / base).toFixed(3)}x`);
}
const onEnd = median(onEndNs);
console.log(`AI span synchronous onEnd: median ${(onEnd / 1000).toFixed(3)} µs (min ${(Math.min(...onEndNs) / 1000).toFixed(3)}, max ${(Math.max(...onEndNs) / 1000).toFixed(3)}); goal <= 2 µs`);
await ours.shutdown();
process.exit(0);
