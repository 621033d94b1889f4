import type { AIDecision } from '../decision.js';
import type { Logger } from '../core/logger.js';
import { isGenAISpan } from '../mapping/is-gen-ai-span.js';
import { spanToDecision } from '../mapping/span-to-decision.js';
import { hrTimeToMs, type LogRecordLike, type SpanLike } from '../otel-types.js';
import { BoundedMap } from '../core/bounded-map.js';
import { fallbackDecision } from './fallback-decision.js';
import { LateEvaluations } from './late-evaluations.js';
import { CallMerger } from './call-merger.js';
import { LogCorrelator } from './log-correlator.js';
import { HeldStateDrops } from './held-state-drops.js';
import { NoContentNotice } from './no-content-notice.js';

// Shared empty results: `forget` runs in `onEnd` of every span the app ends, which must not allocate.
const NO_LOGS: readonly LogRecordLike[] = Object.freeze([]);
const NO_DECISIONS: readonly AIDecision[] = Object.freeze([]);

export interface SpanMapperOptions {
  filter?: (span: SpanLike) => boolean | undefined;
  aiSystemId?: string;
  maxContentLength?: number;
  /** Drop log records repeated for the same span (a gateway: Collector retries, log store reloads). */
  dedupeLogs?: boolean;
  /**
   * Keep a decision waiting across `map` calls for the span of the same call that has not ended yet
   * (the processor, which sees spans start). Exporters and gateways pair spans within each batch.
   */
  holdAcrossBatches?: boolean;
  logger: Logger;
}

/**
 * Span selection and mapping shared by every way in (processor, exporter, gateway): the user filter,
 * one decision per model call (`CallMerger`), log-record correlation, inherited compliance context,
 * the fallback record when mapping fails, and the no-content notice — so each path records exactly
 * the same decisions for the same spans.
 */
export class SpanMapper {
  private readonly logs: LogCorrelator;
  private readonly calls = new CallMerger();
  private readonly noContent: NoContentNotice;
  /** `vaxelia.*` baggage captured at span start; past the bound the oldest is dropped (counted, said). */
  private readonly inherited = new BoundedMap<string, Record<string, string>>(10_000, () => this.drops.contextDropped());
  private readonly evaluations: LateEvaluations;

  /** Evaluations whose span never came, dropped from the held logs for the bound: recorded alone. */
  private evictedEvaluations: AIDecision[] = [];
  private readonly drops: HeldStateDrops;

  constructor(private readonly options: SpanMapperOptions) {
    this.drops = new HeldStateDrops(options.logger);
    this.logs = new LogCorrelator(options.dedupeLogs === true, (records) => this.onLogsEvicted(records));
    this.evaluations = new LateEvaluations(options.aiSystemId, options.maxContentLength);
    this.noContent = new NoContentNotice(options.logger);
  }

  /**
   * Records made from held logs that had to be dropped (evaluations of a span that never came);
   * the caller submits them. Also says, at WARN, how many content records were dropped since.
   */
  takeEvicted(): AIDecision[] {
    this.drops.report(this.logs.overflowed);
    return this.evictedEvaluations.length > 0 ? this.evictedEvaluations.splice(0) : [];
  }

  get hasEvicted(): boolean {
    return this.evictedEvaluations.length > 0;
  }

  /** Puts back what `takeEvicted` gave when the caller could not record it (a gateway's failed write). */
  restoreEvicted(decisions: readonly AIDecision[]): void {
    this.evictedEvaluations.unshift(...decisions);
  }

  private onLogsEvicted(records: LogRecordLike[]): void {
    this.evictedEvaluations.push(...this.evaluations.orphans(records));
    this.drops.logsDropped(records.length);
  }

  /** The processor's `onStart`: model calls in flight, to pair a span of the same call when it ends. O(1). */
  noteStart(span: SpanLike): void {
    this.calls.noteStart(span);
  }

  /** The processor's `onEnd` for a span it does not record. O(1). */
  /**
   * A span that is not recorded. Evaluations parented to it (a check run on a non-AI span) have no
   * decision to join: they come back as records of their own rather than waiting to be evicted.
   */
  forget(span: SpanLike): readonly AIDecision[] {
    this.calls.forget(span);
    return this.orphanEvaluations(this.takeHeldLogs(span.spanContext().spanId));
  }

  /**
   * The gateway's `forget` (it tracks no spans in flight): the log records held for a span id that
   * turned out not to be an AI call. `orphanEvaluations` makes records of their evaluations.
   */
  takeHeldLogs(spanId: string): readonly LogRecordLike[] {
    return this.logs.take(spanId) ?? NO_LOGS;
  }

  orphanEvaluations(records: readonly LogRecordLike[]): readonly AIDecision[] {
    return records.length > 0 ? this.evaluations.orphans(records) : NO_DECISIONS;
  }

  /** Decisions waiting for their partner span: mapped, not yet handed to the caller. */
  get heldDecisions(): number {
    return this.calls.waitingCount;
  }

  /** Decisions still waiting for their partner span, recorded alone (flush, shutdown). */
  releaseHeld(reason: string): AIDecision[] {
    return this.finish(this.calls.releaseAll(reason));
  }

  /** Whether the span is recorded: the user filter's verdict, else `isGenAISpan`. Never throws. */
  select(span: SpanLike): boolean {
    if (this.options.filter) {
      try {
        const verdict = this.options.filter(span);
        if (verdict !== undefined) return verdict;
      } catch {
        // a throwing filter means "use the default"
      }
    }
    return isGenAISpan(span);
  }

  /** Call for every selected span, in end order, before `map`. O(model calls in flight under its parent). */
  observe(span: SpanLike): void {
    this.calls.noteEnd(span);
  }

  /**
   * Holds a gen_ai log record for its span; an evaluation whose decision was already mapped (or
   * that names no span) comes back as a linked record for the caller to submit.
   */
  addLog(record: LogRecordLike): AIDecision | undefined {
    const late = this.evaluations.route(record);
    if (late) return late;
    this.logs.add(record);
    return undefined;
  }

  rememberInherited(spanId: string, context: Record<string, string>): void {
    this.inherited.set(spanId, context);
  }

  /** Maps selected, observed spans: one decision per model call; failures become minimal records. */
  map(spans: readonly SpanLike[]): AIDecision[] {
    try {
      // In-process, pairs are known from the spans in flight; a batch seen only at its end pairs within itself.
      if (!this.options.holdAcrossBatches) this.calls.planBatch(spans);
    } catch {
      // a malformed span: no pairing for this batch, each span still mapped on its own
    }
    const ready: AIDecision[] = [];
    // In-process spans arrive in end order already; a batch is ordered so partners find what waits for them.
    const ordered = this.options.holdAcrossBatches ? spans : inResolutionOrder(spans, this.calls);
    for (const span of ordered) {
      let decision: AIDecision | undefined;
      try {
        decision = this.mapOne(span);
      } catch (error) {
        decision = this.fallback(span, error);
      }
      try {
        ready.push(...this.calls.resolve(span, decision));
      } catch {
        if (decision) ready.push(decision);
      }
    }
    ready.push(...this.calls.releaseExpired());
    if (!this.options.holdAcrossBatches) ready.push(...this.calls.releaseAll('was not in the same batch'));
    return this.finish(ready);
  }

  private mapOne(span: SpanLike): AIDecision | undefined {
    const spanId = span.spanContext().spanId;
    const decision = spanToDecision(span, {
      logRecords: this.logs.take(spanId),
      inheritedContext: this.inherited.take(spanId),
      aiSystemId: this.options.aiSystemId,
      maxContentLength: this.options.maxContentLength,
    });
    // A span chosen by the user's filter but not recognised as GenAI is still recorded.
    if (!decision && this.options.filter && !isGenAISpan(span)) return fallbackDecision(span, this.options.aiSystemId);
    return decision;
  }

  private fallback(span: SpanLike, error: unknown): AIDecision | undefined {
    let spanId: string | undefined;
    try {
      spanId = span.spanContext().spanId;
      this.options.logger('warn', 'span could not be mapped; recording a minimal decision', { spanId, error: (error as Error)?.name });
      return fallbackDecision(span, this.options.aiSystemId, error);
    } catch {
      this.options.logger('error', 'span has no readable identity; not recorded', { spanId });
      return undefined;
    }
  }

  private finish(decisions: AIDecision[]): AIDecision[] {
    for (const decision of decisions) {
      this.evaluations.remember(decision);
      this.noContent.check(decision);
    }
    return decisions;
  }
}

/**
 * Spans that wait for a partner first (in end order: an inner span before the span it waits in),
 * then the others in the order given — so every partner finds what waits for it.
 */
function inResolutionOrder(spans: readonly SpanLike[], calls: CallMerger): readonly SpanLike[] {
  const waiting = spans.filter((span) => waitsSafely(calls, span));
  if (waiting.length === 0) return spans;
  const byEnd = waiting.map((span) => ({ span, end: hrTimeToMs(span.endTime) })).sort((a, b) => a.end - b.end);
  const set = new Set(waiting);
  return [...byEnd.map((entry) => entry.span), ...spans.filter((span) => !set.has(span))];
}

function waitsSafely(calls: CallMerger, span: SpanLike): boolean {
  try {
    return calls.waits(span);
  } catch {
    return false;
  }
}
