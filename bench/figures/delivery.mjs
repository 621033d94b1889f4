// Figures 3 (end-to-end rate) and 4 (burst drops) on the OpenTelemetry JS 3.x line: ours with
// product defaults, BatchSpanProcessor + OTLP/HTTP JSON and protobuf exporters, and the raw ceiling
// (the very bodies ours POSTed, re-sent by undici and by node:http keep-alive, same concurrency).
// One repetition per process; contenders alternate (rotated order) inside it.
//   node bench/figures/delivery.mjs --figure throughput --n 20000
//   node bench/figures/delivery.mjs --figure burst --n 100000
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter as OtlpHttp } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor } from '../../dist/index.js';
import { burst, rawNodeHttp, rawUndici, throughput } from '../lib/delivery-runs.mjs';
import { startSink } from '../lib/sink.mjs';
import { AI_SCOPE, countingExporter, oursOptions, removeBufferDirs } from '../lib/spans.mjs';
import { arg, emit, rotate } from '../lib/stats.mjs';

const figure = arg('--figure', 'throughput');
const N = Number(arg('--n', figure === 'burst' ? 100_000 : 20_000));
const REP = Number(arg('--rep', 0));
const CONCURRENCY = 8; // our delivery default

const sink = await startSink();
let errors = 0;

const ours = (extra = {}, name = '@vaxelia/ai-otel (defaults)') => ({
  name,
  unit: 'decisions',
  create() {
    const processor = new DecisionLogSpanProcessor(oursOptions(sink.decisionsUrl, { logger: (level) => level === 'error' && errors++, ...extra }));
    const provider = new TracerProvider({ spanProcessors: [processor] });
    return { provider, tracer: provider.getTracer(AI_SCOPE) };
  },
});

const otlp = (label, Exporter, bspOptions) => ({
  name: label,
  unit: 'spans',
  create() {
    const exporter = countingExporter(new Exporter({ url: sink.tracesUrl }));
    const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter, ...bspOptions })] });
    return { provider, tracer: provider.getTracer(AI_SCOPE), exported: () => exporter.stats.exported };
  },
});

/**
 * The bound of ours on this machine without HTTP: product defaults, but a transport that answers
 * 2xx at once without sending a byte. If this row is below half the ceiling, no HTTP client can
 * bring the defaults there: the time is in the pipeline (and the app's own span creation).
 */
const oursWithoutHttp = () => ({
  name: 'bound: @vaxelia/ai-otel (defaults) with no HTTP (a transport answering 2xx at once)',
  unit: 'decisions',
  create() {
    let answered = 0;
    const transport = {
      send: async () => {
        answered++;
        return { status: 'success', statusCode: 200 };
      },
      shutdown() {},
    };
    const processor = new DecisionLogSpanProcessor(oursOptions(sink.decisionsUrl, { logger: (level) => level === 'error' && errors++, transport }));
    const provider = new TracerProvider({ spanProcessors: [processor] });
    const waitFor = async (n, timeoutMs) => {
      const until = performance.now() + timeoutMs;
      while (answered < n && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
      return answered;
    };
    return { provider, tracer: provider.getTracer(AI_SCOPE), waitFor };
  },
});

/** The application alone: the same spans started and ended with no span processor (its own cost). */
const appAlone = () => ({
  name: 'bound: the app alone (the same spans, no span processor)',
  unit: 'spans',
  create() {
    const provider = new TracerProvider();
    let ended = 0;
    const tracer = provider.getTracer(AI_SCOPE);
    const counting = { startSpan: (...args) => { ended++; return tracer.startSpan(...args); } };
    return { provider, tracer: counting, exported: () => ended };
  },
});

const results = {};
if (figure === 'throughput') {
  // Warm-up (JIT, sockets, first queue segment) and the bodies the raw ceiling re-sends.
  await throughput(ours(), sink, Math.min(N, 2000));
  const captured = await throughput(ours(), sink, N, { capture: true });
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-bench-bodies-'));
  await sink.dump(join(dir, 'bodies.json'));
  const bodies = JSON.parse(readFileSync(join(dir, 'bodies.json'), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const raised = { maxQueueSize: N + 1 }; // not their default: without it they drop (figure 4)
  const contenders = [
    ours(),
    // A faster non-default setting, labelled: more requests in flight to the endpoint.
    ours({ concurrency: 32 }, '@vaxelia/ai-otel, concurrency 32 (non-default)'),
    oursWithoutHttp(),
    appAlone(),
    { name: 'raw ceiling: undici Pool', run: () => rawUndici(bodies, sink.origin, '/v1/decisions', CONCURRENCY) },
    { name: 'raw ceiling: node:http keep-alive', run: () => rawNodeHttp(bodies, sink.decisionsUrl, CONCURRENCY) },
    otlp('BatchSpanProcessor + OTLP/HTTP JSON (maxQueueSize raised)', OtlpHttp, raised),
    otlp('BatchSpanProcessor + OTLP/HTTP protobuf (maxQueueSize raised)', OtlpProto, raised),
  ];
  // `--contenders ours` (part of a name; `=name` for exactly one) narrows the run, e.g. under --cpu-prof.
  const pick = arg('--contenders', '');
  const picked = (name) => !pick || (pick.startsWith('=') ? name === pick.slice(1) : name.includes(pick));
  for (const c of rotate(contenders, REP).filter((x) => picked(x.name))) {
    await sink.reset(false);
    results[c.name] = c.run ? await c.run() : await throughput(c, sink, N);
    // The endpoint's CPU for this contender's run, per POST it answered (the same 2 cores).
    const { posts, cpuMicros } = (await sink.counts()).counts;
    if (posts > 0) results[c.name].sinkCpuMicrosPerPost = cpuMicros / posts;
  }
  results.bodyBytes = bodies.reduce((s, b) => s + Buffer.byteLength(b.body), 0) / bodies.length;
  results.warmupRun = captured;
} else {
  const contenders = [
    ours(),
    otlp('BatchSpanProcessor (default queue) + OTLP/HTTP JSON', OtlpHttp, {}),
    otlp('BatchSpanProcessor (default queue) + OTLP/HTTP protobuf', OtlpProto, {}),
  ];
  for (const c of rotate(contenders, REP)) results[c.name] = await burst(c, sink, N);
}

emit({ figure, n: N, concurrency: CONCURRENCY, errorsLogged: errors, results });
await sink.close();
removeBufferDirs();
process.exit(0);
