// The peers that need the OpenTelemetry JS 2.x line, in their own project (bench/peers, installed by
// bench/run.mjs on first use): Langfuse's LangfuseSpanProcessor with an email-masking `mask`, and
// Braintrust's BraintrustSpanProcessor pointed at the local sink. Ours runs here too on the same
// 2.x SDK for the onEnd figure, so that comparison shares one SDK line and one process.
//   node bench/peers/peers.mjs --figure onend|throughput|burst [--n N] [--rep R]
import { BraintrustSpanProcessor } from '@braintrust/otel';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DecisionLogSpanProcessor } from '../../dist/index.js';
import { burst, throughput } from '../lib/delivery-runs.mjs';
import { startSink } from '../lib/sink.mjs';
import { AI_SCOPE, countingExporter, endAiSpan, langfuseKeyedAttributes, oursOptions, removeBufferDirs } from '../lib/spans.mjs';
import { arg, emit, median, rotate } from '../lib/stats.mjs';

const figure = arg('--figure', 'onend');
const N = Number(arg('--n', 20_000));
const REP = Number(arg('--rep', 0));
const sink = await startSink();

// "A mask function that redacts emails", as Langfuse's docs show masks: a regex over strings.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const mask = ({ data }) => (typeof data === 'string' ? data.replace(EMAIL, '[EMAIL]') : data);

function langfuse({ raiseQueueTo } = {}) {
  const exporter = countingExporter(
    new OTLPTraceExporter({ url: `${sink.origin}/api/public/otel/v1/traces`, headers: { Authorization: `Basic ${Buffer.from('pk:sk').toString('base64')}` } }),
  );
  const processor = new LangfuseSpanProcessor({ exporter, mask, publicKey: 'pk-bench', secretKey: 'sk-bench', baseUrl: sink.origin });
  // Its inner BatchSpanProcessor keeps the 2048 default; figure 3 raises it (labelled) so the
  // delivery rate is not mixed up with drops (figure 4 shows those).
  if (raiseQueueTo) processor.processor = new BatchSpanProcessor(exporter, { maxQueueSize: raiseQueueTo });
  return { processor, exported: () => exporter.stats.exported };
}

function braintrust({ raiseQueueTo } = {}) {
  const options = { apiKey: 'bench', apiUrl: sink.origin, parent: 'project_name:bench', filterAISpans: true };
  const base = new BraintrustSpanProcessor(options);
  // Count what its (lazy) OTLP exporter gets a success for; same object its BatchSpanProcessor holds.
  const stats = { exported: 0 };
  const inner = base.exporter;
  const originalExport = inner.export.bind(inner);
  inner.export = (spans, done) =>
    originalExport(spans, (result) => {
      if (result.code === 0) stats.exported += spans.length;
      done(result);
    });
  const processor = raiseQueueTo
    ? new BraintrustSpanProcessor({ ...options, _spanProcessor: new BatchSpanProcessor(inner, { maxQueueSize: raiseQueueTo }) })
    : base;
  if (raiseQueueTo) processor.exporter = inner;
  return { processor, exported: () => stats.exported };
}

const asContender = (name, make, opts) => ({
  name,
  unit: 'spans',
  create() {
    const { processor, exported } = make(opts);
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    return { provider, tracer: provider.getTracer(AI_SCOPE), exported };
  },
});

const results = {};
if (figure === 'onend') {
  const BATCH = 1000;
  const ROUNDS = Number(arg('--rounds', 15));
  const bare = new BasicTracerProvider({}).getTracer(AI_SCOPE);
  const setups = [
    ['@vaxelia/ai-otel (defaults), SDK 2.x', new DecisionLogSpanProcessor(oursOptions(sink.decisionsUrl)), undefined],
    ['Langfuse + email mask (gen_ai.* content: its mask does not see it)', langfuse().processor, undefined],
    ['Langfuse + email mask (content in langfuse.observation.*: mask runs)', langfuse().processor, langfuseKeyedAttributes],
    ['Braintrust (filterAISpans)', braintrust().processor, undefined],
  ];
  const samples = Object.fromEntries(setups.map(([name]) => [name, []]));
  let n = 0;
  for (let round = -3; round < ROUNDS; round++) {
    for (const [name, processor, attrs] of rotate(setups, round + 3)) {
      const spans = [];
      for (let i = 0; i < BATCH; i++) spans.push(endAiSpan(bare, n, attrs ? attrs(n++) : undefined));
      const start = process.hrtime.bigint();
      for (const span of spans) processor.onEnd(span);
      const ns = Number(process.hrtime.bigint() - start) / BATCH;
      if (round >= 0) samples[name].push(ns);
      await processor.forceFlush();
    }
  }
  for (const [name, xs] of Object.entries(samples)) results[name] = median(xs);
  await Promise.all(setups.map(([, p]) => p.shutdown()));
} else if (figure === 'throughput') {
  const contenders = [
    asContender('Langfuse + email mask (maxQueueSize raised)', langfuse, { raiseQueueTo: N + 1 }),
    asContender('Braintrust (maxQueueSize raised)', braintrust, { raiseQueueTo: N + 1 }),
  ];
  for (const c of contenders) await throughput(c, sink, Math.min(N, 2000)); // warm-up
  for (const c of rotate(contenders, REP)) results[c.name] = await throughput(c, sink, N);
} else {
  const contenders = [asContender('Langfuse + email mask (default queue)', langfuse), asContender('Braintrust (default queue)', braintrust)];
  for (const c of rotate(contenders, REP)) results[c.name] = await burst(c, sink, N);
}

emit({ figure, n: N, results });
await sink.close();
removeBufferDirs();
process.exit(0);
