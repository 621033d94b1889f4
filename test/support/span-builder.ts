import type { Attributes, SpanLike } from '../../src/otel-types.js';

/** A finished span with the given attributes (and overrides), for mapping tests written from a spec. */
export function specSpan(attributes: Record<string, unknown>, extra: Partial<SpanLike> & { spanId?: string; parentSpanId?: string } = {}): SpanLike {
  const { spanId = 'b7ad6b7169203331', parentSpanId, ...rest } = extra;
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  return {
    name: 'span',
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    parentSpanContext: parentSpanId ? { traceId, spanId: parentSpanId, traceFlags: 1 } : undefined,
    startTime: [1_790_000_000, 0],
    endTime: [1_790_000_001, 500_000_000],
    status: { code: 0 },
    attributes: attributes as Attributes,
    ...rest,
  };
}
