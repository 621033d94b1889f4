import type { AIDecision } from '../decision.js';
import { decisionIdFor } from '../mapping/decision-id.js';
import { hrTimeToMs, isoTimeOf, type SpanLike } from '../otel-types.js';

/**
 * The record of last resort: when a span cannot be mapped (a bug, or input no dialect reader
 * survives), the decision is still recorded — identity, time and status — with a warning, rather
 * than lost. Never copies attribute values, so nothing unredacted can slip through.
 */
export function fallbackDecision(span: SpanLike, aiSystemId: string | undefined, error?: unknown): AIDecision {
  const spanContext = span.spanContext();
  const model = span.attributes?.['gen_ai.response.model'] ?? span.attributes?.['gen_ai.request.model'];
  const decision: AIDecision = {
    aiSystemId: aiSystemId ?? 'unknown',
    modelUsed: typeof model === 'string' && model.length <= 256 ? model.toWellFormed() : 'unknown',
    input: { messages: [] },
    output: { messages: [] },
    status: span.status?.code === 2 ? 'failed' : 'completed',
    decidedAt: isoTimeOf(hrTimeToMs(span.endTime)).iso,
    decisionId: decisionIdFor(spanContext.traceId, spanContext.spanId),
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    mappingWarnings: [error === undefined ? 'span selected by filter is not a GenAI span; content not mapped' : `mapping failed (${(error as Error)?.name ?? 'error'}); content not recorded`],
  };
  return decision;
}
