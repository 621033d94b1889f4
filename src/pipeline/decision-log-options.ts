import type { Logger } from '../core/logger.js';
import type { SpanLike } from '../otel-types.js';
import type { DecisionSink } from '../core/decision-sink.js';

export interface DecisionLogOptions {
  /**
   * Registered AI system id, used when a span carries no `vaxelia.ai_system_id` attribute.
   * @defaultValue env `VAXELIA_AI_SYSTEM_ID`, else the resource's `service.name`
   */
  aiSystemId?: string;
  /**
   * Overrides span selection: return `true` to record the span, `false` to skip it, `undefined`
   * to fall back to `isGenAISpan`. Called on the application's stack for every ended span: keep
   * it pure and cheap. A filter that throws counts as `undefined`.
   */
  filter?: (span: SpanLike) => boolean | undefined;
  /** Longest content string recorded; longer ones are cut with a marker and the original size. @defaultValue 32768 */
  maxContentLength?: number;
  /**
   * How long an ended AI span waits before it is mapped, so that `gen_ai.evaluation.result` records
   * emitted just after the call (an evaluator or guardrail run on the answer) join its `checks`.
   * Later evaluations become linked records (`relatedDecisionId`), never edits. Held spans are in
   * memory only: a `kill -9` within the window loses them, so the durability window grows by this
   * much; `forceFlush()` and `shutdown()` release them at once. At most 60000.
   * @defaultValue 0 (env `VAXELIA_EVALUATION_WINDOW_MS`)
   */
  evaluationWindowMs?: number;
  /** Where finished decisions go. @defaultValue HTTP delivery to `tenantApiUrl` with the encrypted disk queue */
  sink?: DecisionSink;
  /** Receives the library's own log lines (never content, never secrets). @defaultValue OpenTelemetry `diag` */
  logger?: Logger;
}
