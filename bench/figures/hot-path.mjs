// Figures 1 and 2 on the OpenTelemetry JS 3.x line (the root project's SDK). One repetition per
// process; bench/run.mjs runs several, alternating with the peers' process.
//   1. non-AI span (start + 3 attributes + end), ns/span: no processor, no-op processor,
//      BatchSpanProcessor + OTLP/HTTP JSON exporter, ours (product defaults);
//   2. synchronous onEnd of an AI span, ns/span: ours, and BatchSpanProcessor for reference.
// Contenders alternate round-robin inside the process after warm-up rounds.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor } from '../../dist/index.js';
import { startSink } from '../lib/sink.mjs';
import { AI_SCOPE, endAiSpan, endAppSpan, oursOptions, removeBufferDirs } from '../lib/spans.mjs';
import { arg, emit, median, rotate, turn } from '../lib/stats.mjs';

const SPANS = Number(arg('--spans', 20_000));
const ROUNDS = Number(arg('--rounds', 9));
const AI_BATCH = 1000; // below BatchSpanProcessor's 2048 queue: nothing is dropped while timed
const AI_ROUNDS = Number(arg('--ai-rounds', 15));

const sink = await startSink();
const ours = new DecisionLogSpanProcessor(oursOptions(sink.decisionsUrl));
// The 3.x line takes `{ exporter, ...config }` (2.x took `(exporter, config)`).
const bsp = () => new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: sink.tracesUrl }) });

const setups = [
  ['no processor', new TracerProvider({})],
  ['no-op processor', new TracerProvider({ spanProcessors: [new NoopSpanProcessor()] })],
  ['BatchSpanProcessor + OTLP/HTTP', new TracerProvider({ spanProcessors: [bsp()] })],
  ['@vaxelia/ai-otel (defaults)', new TracerProvider({ spanProcessors: [ours] })],
];

/** Wall-clock and CPU-time ns per span (CPU time is less distorted by other processes on a shared machine). */
function nonAi(tracer) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < SPANS; i++) endAppSpan(tracer);
  const wall = Number(process.hrtime.bigint() - start) / SPANS;
  const c = process.cpuUsage(cpu0);
  return [wall, ((c.user + c.system) * 1000) / SPANS];
}

const hot = Object.fromEntries(setups.map(([name]) => [name, []]));
const hotCpu = Object.fromEntries(setups.map(([name]) => [name, []]));
for (let round = -3; round < ROUNDS; round++) {
  for (const [name, provider] of rotate(setups, round + 3)) {
    const [ns, cpuNs] = nonAi(provider.getTracer('bench-app'));
    if (round >= 0) hot[name].push(ns);
    if (round >= 0) hotCpu[name].push(cpuNs);
    await turn();
  }
}

// AI spans are ended through a provider without processors, then handed to each processor's
// onEnd: only the call on the application's stack is timed; flushing happens between rounds.
const bare = new TracerProvider({}).getTracer(AI_SCOPE);
const onEndSetups = [
  ['@vaxelia/ai-otel (defaults)', ours],
  ['BatchSpanProcessor + OTLP/HTTP', bsp()],
];
const onEnd = Object.fromEntries(onEndSetups.map(([name]) => [name, []]));
let n = 0;
for (let round = -3; round < AI_ROUNDS; round++) {
  for (const [name, processor] of rotate(onEndSetups, round + 3)) {
    const spans = [];
    for (let i = 0; i < AI_BATCH; i++) spans.push(endAiSpan(bare, n++));
    const start = process.hrtime.bigint();
    for (const span of spans) processor.onEnd(span);
    const ns = Number(process.hrtime.bigint() - start) / AI_BATCH;
    if (round >= 0) onEnd[name].push(ns);
    await processor.forceFlush();
  }
}

emit({
  nonAiNsPerSpan: Object.fromEntries(Object.entries(hot).map(([k, v]) => [k, median(v)])),
  nonAiCpuNsPerSpan: Object.fromEntries(Object.entries(hotCpu).map(([k, v]) => [k, median(v)])),
  onEndNs: Object.fromEntries(Object.entries(onEnd).map(([k, v]) => [k, median(v)])),
  spans: SPANS,
  rounds: ROUNDS,
});
await Promise.all(setups.map(([, p]) => p.shutdown()));
await sink.close();
removeBufferDirs();
process.exit(0);
