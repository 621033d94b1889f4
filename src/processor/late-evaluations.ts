import type { AIDecision } from '../decision.js';
import { isEvaluationEvent } from '../mapping/dialects/evaluations.js';
import { eventNameOf } from '../mapping/dialects/log-events.js';
import { type EvaluatedDecision, evaluationRecord } from '../mapping/evaluation-record.js';
import type { LogRecordLike } from '../otel-types.js';
import { BoundedMap } from '../core/bounded-map.js';

/** Recently mapped decisions remembered for evaluations that arrive later (by span id and response id). */
const REMEMBERED = 10_000;

/**
 * Where a `gen_ai.evaluation.result` log record goes. The join window is "until the evaluated span's
 * decision is mapped": an evaluation emitted while its span is open (or in the event-loop turn in
 * which it ends; through the gateway, before its span's trace request is mapped) joins that
 * decision's `checks`. One that arrives later, or names its call only by `gen_ai.response.id`,
 * becomes a linked record of its own (see `evaluationRecord`). Holding decisions open longer would
 * widen the window in which a `kill -9` loses them, so this project does not.
 */
export class LateEvaluations {
  private readonly bySpanId = new BoundedMap<string, EvaluatedDecision>(REMEMBERED);
  private readonly byResponseId = new BoundedMap<string, EvaluatedDecision>(REMEMBERED);

  constructor(
    private readonly aiSystemId: string | undefined,
    private readonly maxContentLength: number | undefined,
  ) {}

  /** Called for every mapped decision. O(1). */
  remember(decision: AIDecision): void {
    const evaluated: EvaluatedDecision = { decisionId: decision.decisionId, aiSystemId: decision.aiSystemId };
    if (decision.traceId) evaluated.traceId = decision.traceId;
    if (decision.spanId) {
      evaluated.spanId = decision.spanId;
      this.bySpanId.set(decision.spanId, evaluated);
    }
    if (decision.responseId) this.byResponseId.set(decision.responseId, evaluated);
  }

  /** Evaluations held for a span that turned out not to be a decision: each recorded on its own. */
  orphans(records: readonly LogRecordLike[]): AIDecision[] {
    return records
      .filter((record) => isEvaluationEvent(eventNameOf(record)))
      .map((record) => evaluationRecord(record, undefined, this.aiSystemId, this.maxContentLength, 'the evaluated span is not an AI call'));
  }

  /**
   * A linked record for an evaluation whose decision was already mapped or that names no span;
   * `undefined` when the record should wait for its span (the correlator joins it).
   */
  route(record: LogRecordLike): AIDecision | undefined {
    if (!isEvaluationEvent(eventNameOf(record))) return undefined;
    const spanId = record.spanContext?.spanId;
    const hasSpan = spanId !== undefined && spanId !== '' && !/^0+$/.test(spanId);
    if (hasSpan) {
      const evaluated = this.bySpanId.get(spanId);
      return evaluated ? evaluationRecord(record, evaluated, this.aiSystemId, this.maxContentLength) : undefined;
    }
    const responseId = record.attributes?.['gen_ai.response.id'];
    const evaluated = typeof responseId === 'string' ? this.byResponseId.get(responseId) : undefined;
    return evaluationRecord(record, evaluated, this.aiSystemId, this.maxContentLength);
  }
}
