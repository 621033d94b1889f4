import type { Attributes, Context, Link, SpanKind, TraceState } from '@opentelemetry/api';
import { looksLikeAICallAtStart } from './ai-span-at-start.js';

/** `SamplingDecision` of the SDK (both lines use these values), restated so the SDK is not a dependency. */
const NOT_RECORD = 0;
const RECORD = 1;

/** The SDK's `SamplingResult`, structurally. */
export interface SamplingResultLike {
  decision: number;
  attributes?: Attributes;
  traceState?: TraceState;
}

/** The SDK's `Sampler` (sdk-trace-base 2.x and sdk-trace 3.x), structurally. */
export interface SamplerLike {
  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResultLike;
  toString(): string;
}

/**
 * Sampling never drops a decision: wraps the app's sampler so that a span that looks like an AI
 * call when it starts is at least RECORDed — span processors (the decision log) see it — while
 * the SAMPLED flag, which decides what tracing exporters export, stays the wrapped sampler's.
 *
 * ```ts
 * new NodeSDK({
 *   sampler: new DecisionRecordingSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) })),
 *   spanProcessors: [new DecisionLogSpanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
 * });
 * ```
 *
 * A span is recognised at start by its start attributes (GenAI semantic conventions, OpenInference
 * span kind, Langfuse observation type…) or its name (see `looksLikeAICallAtStart`); a sampler is
 * never told the instrumentation scope. For AI spans started with neither, pass `isAICall`.
 */
export class DecisionRecordingSampler implements SamplerLike {
  /**
   * @param delegate the app's sampler (e.g. `ParentBasedSampler`, `TraceIdRatioBasedSampler`): its
   *   decision is kept for every other span, and its SAMPLED flag for AI spans too.
   * @param options.isAICall an extra test for spans that are AI calls. @defaultValue none
   */
  constructor(
    private readonly delegate: SamplerLike,
    private readonly options: { isAICall?: (spanName: string, attributes: Attributes) => boolean } = {},
  ) {
    if (!delegate || typeof delegate.shouldSample !== 'function') {
      throw new TypeError('DecisionRecordingSampler needs the sampler it wraps, e.g. new DecisionRecordingSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }))');
    }
  }

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResultLike {
    const result = this.delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    if (result.decision !== NOT_RECORD || !this.isAICall(spanName, attributes)) return result;
    return { ...result, decision: RECORD };
  }

  toString(): string {
    return `DecisionRecordingSampler{${this.delegate.toString()}}`;
  }

  private isAICall(spanName: string, attributes: Attributes): boolean {
    try {
      return looksLikeAICallAtStart(spanName, attributes) || this.options.isAICall?.(spanName, attributes) === true;
    } catch {
      // A sampler must never throw into the tracer: when in doubt, record.
      return true;
    }
  }
}
