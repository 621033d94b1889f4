/**
 * Pairing model-call spans within one batch (the exporter's and the gateway's `planBatch`): root
 * spans all share one parent key, so a Collector batch of 8,192 of them is one group. Times one call
 * for batches of 1,000–8,000 spans of one or two scopes, spans not overlapping (no pair: the search
 * is all work). Before the search by end time it was quadratic: 786 / 1,553 ms at 8,000.
 *   node bench/core/run.mjs
 */
import type { SpanLike } from '../../src/otel-types.js';
import { CallMerger } from '../../src/processor/call-merger.js';
function span(i: number, scope: string, traceId: string, parent?: string): SpanLike {
  const t = 1_700_000_000 + i;
  return {
    name: 'chat', kind: 2, spanContext: () => ({ traceId, spanId: i.toString(16).padStart(16, '0') + scope.length, traceFlags: 1 }),
    parentSpanContext: parent ? { traceId, spanId: parent, traceFlags: 1 } : undefined,
    startTime: [t, 0], endTime: [t, 500_000_000], status: { code: 0 },
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.provider.name': 'openai' },
    instrumentationScope: { name: scope },
  } as unknown as SpanLike;
}
for (const n of [1000, 4000, 8000]) {
  for (const scopes of [1, 2]) {
    const spans = Array.from({ length: n }, (_, i) => span(i, scopes === 2 && i % 2 ? 'langchain' : 'openai', i.toString(16).padStart(32, '0')));
    const m = new CallMerger();
    const t = process.hrtime.bigint();
    m.planBatch(spans);
    console.log(`${n} root spans, ${scopes} scope(s): planBatch ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1)} ms`);
  }
}
