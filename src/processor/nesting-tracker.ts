import { isModelCallSpan } from '../mapping/is-gen-ai-span.js';
import type { SpanLike } from '../otel-types.js';
import { BoundedMap } from './bounded-map.js';

/**
 * The nesting policy: one model call, one decision. When a model-call span (chat, completion,
 * embeddings…) encloses another model-call span, the outer one is a wrapper describing the same
 * call (an SDK's own tracing under an instrumentation, a framework span around the client span)
 * and is not recorded; the innermost span — the one closest to the wire — is.
 *
 * Children end before their parents, so marking the parent when a child ends is enough; spans are
 * seen in end order by the processor and in export order (which is end order) by the exporter.
 */
export class NestingTracker {
  private readonly parentsWithModelCallChild = new BoundedMap<string, true>(10_000);

  /** Call for every selected span as it ends. O(1). */
  observe(span: SpanLike): void {
    const parentId = span.parentSpanContext?.spanId ?? span.parentSpanId;
    if (parentId && isModelCallSpan(span.attributes)) this.parentsWithModelCallChild.set(parentId, true);
  }

  /** True when `span` is a model call that encloses another model call. Forgets the mark. */
  isWrapper(span: SpanLike): boolean {
    const marked = this.parentsWithModelCallChild.take(span.spanContext().spanId) === true;
    return marked && isModelCallSpan(span.attributes);
  }
}
