import type { AIDecision } from '../decision.js';
import { hrTimeToMs, isoTimeOf, type LogRecordLike } from '../otel-types.js';
import { readString } from './attribute-reader.js';
import { uuidV5 } from './decision-id.js';
import { checkFromEvaluation, readAction } from './dialects/evaluations.js';
import { MappingContext } from './mapping-context.js';
import { DEFAULT_MAX_CONTENT_LENGTH } from './sanitize.js';

/** The decision an evaluation refers to, remembered when that decision was mapped. */
export interface EvaluatedDecision {
  decisionId: string;
  aiSystemId: string;
  traceId?: string;
  spanId?: string;
}

export const EVALUATION_OPERATION = 'evaluation';

/**
 * A `gen_ai.evaluation.result` log record that arrived after its decision was chained becomes a
 * record of its own, linked by `relatedDecisionId` — a chained record is never edited. Without a
 * decision to link to (no span id, unknown `gen_ai.response.id`), it is still recorded, with a
 * warning that says so.
 *
 * The id is deterministic (UUIDv5 of the evaluated decision or trace/span, the evaluation's name and
 * time), so a Collector retry or a gateway restart that replays the record gives the same id and
 * the endpoint de-duplicates it.
 */
export function evaluationRecord(
  record: LogRecordLike,
  evaluated: EvaluatedDecision | undefined,
  fallbackAiSystemId: string | undefined,
  maxContentLength = DEFAULT_MAX_CONTENT_LENGTH,
  unlinkedBecause = 'no span id, unknown gen_ai.response.id',
): AIDecision {
  const ctx = new MappingContext(maxContentLength);
  const attributes = record.attributes ?? {};
  const check = checkFromEvaluation(attributes, ctx, record.instrumentationScope?.name) ?? { name: 'unnamed evaluation' };
  const time = isoTimeOf(record.hrTime ? hrTimeToMs(record.hrTime) : Date.now());
  const traceId = evaluated?.traceId ?? validId(record.spanContext?.traceId, 32);
  const spanId = evaluated?.spanId ?? validId(record.spanContext?.spanId, 16);
  const subject = evaluated?.decisionId ?? `${traceId ?? ''}${spanId ?? ''}${readString(attributes, 'gen_ai.response.id') ?? ''}`;
  const decision: AIDecision = {
    aiSystemId: evaluated?.aiSystemId ?? fallbackAiSystemId ?? 'unknown',
    modelUsed: 'none',
    input: { messages: [] },
    output: { messages: [] },
    status: 'completed',
    decidedAt: time.iso,
    decisionId: uuidV5(`evaluation:${subject}:${check.name}:${record.hrTime?.join('.') ?? time.iso}`),
    operation: EVALUATION_OPERATION,
    checks: [check],
  };
  if (traceId) decision.traceId = traceId;
  if (spanId) decision.parentSpanId = spanId;
  if (evaluated) decision.relatedDecisionId = evaluated.decisionId;
  else ctx.warn(`evaluation names no recorded decision (${unlinkedBecause}): recorded on its own`);
  const action = readAction(attributes, ctx);
  if (action !== undefined) decision.action = action;
  decision.source = { dialects: ['checks'] };
  if (record.instrumentationScope?.name) decision.source.scope = record.instrumentationScope.name;
  if (ctx.warnings.length > 0) decision.mappingWarnings = ctx.warnings;
  return decision;
}

function validId(id: string | undefined, length: number): string | undefined {
  return id && id.length === length && /^[0-9a-f]+$/i.test(id) && !/^0+$/.test(id) ? id.toLowerCase() : undefined;
}
