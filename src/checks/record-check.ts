import { diag, type Span, trace } from '@opentelemetry/api';
import type { DecisionAction, DecisionCheck } from '../decision.js';
import { ACTION_ATTRIBUTE, EVALUATION_EVENT } from '../mapping/dialects/evaluations.js';

/**
 * For code paths with no instrumentation that reports checks: records one check on a span as the
 * OpenTelemetry `gen_ai.evaluation.result` span event (plus this project's `vaxelia.check.threshold`,
 * `vaxelia.check.fired` and `vaxelia.check.evaluator`), so any backend reading the GenAI conventions
 * sees it and the span's decision carries it in `checks`.
 *
 * Call it while the model-call span is still open (e.g. inside the instrumented call's callback, or
 * on a span you hold): a check recorded after the decision was chained cannot edit it — emit a
 * `gen_ai.evaluation.result` log record instead, which becomes a linked record.
 *
 * @param span the span the check ran on. @defaultValue the active span
 * @returns whether a recording span received the check; `false` is also reported once through diag.
 */
export function recordCheck(check: DecisionCheck, span: Span | undefined = trace.getActiveSpan()): boolean {
  if (!isRecording(span, 'recordCheck')) return false;
  const attributes: Record<string, string | number | boolean> = { 'gen_ai.evaluation.name': check.name };
  if (check.scoreValue !== undefined) attributes['gen_ai.evaluation.score.value'] = check.scoreValue;
  if (check.scoreLabel !== undefined) attributes['gen_ai.evaluation.score.label'] = check.scoreLabel;
  if (check.explanation !== undefined) attributes['gen_ai.evaluation.explanation'] = check.explanation;
  if (check.errorType !== undefined) attributes['error.type'] = check.errorType;
  if (check.threshold !== undefined) attributes['vaxelia.check.threshold'] = check.threshold;
  if (check.fired !== undefined) attributes['vaxelia.check.fired'] = check.fired;
  if (check.evaluator !== undefined) attributes['vaxelia.check.evaluator'] = check.evaluator;
  span.addEvent(EVALUATION_EVENT, attributes);
  return true;
}

/**
 * Records what the system did with the model's answer (`vaxelia.action`): `allow`, `reject`,
 * `escalate`, `modify`, or your own verdict.
 *
 * @param span the model-call span. @defaultValue the active span
 * @returns whether a recording span received the action.
 */
export function recordAction(action: DecisionAction, span: Span | undefined = trace.getActiveSpan()): boolean {
  if (!isRecording(span, 'recordAction')) return false;
  span.setAttribute(ACTION_ATTRIBUTE, action);
  return true;
}

const warned = new Set<string>();

function isRecording(span: Span | undefined, helper: string): span is Span {
  if (span?.isRecording()) return true;
  if (!warned.has(helper)) {
    warned.add(helper);
    diag.warn(`vaxelia ${helper}: no recording span (call it inside the model call's span, or pass the span); nothing was recorded`);
  }
  return false;
}
