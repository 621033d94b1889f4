import type { AIDecision } from '../decision.js';
import type { Logger } from '../core/logger.js';
import { isGenAISpan } from '../mapping/is-gen-ai-span.js';
import { spanToDecision } from '../mapping/span-to-decision.js';
import type { LogRecordLike, SpanLike } from '../otel-types.js';
import { BoundedMap } from './bounded-map.js';
import { fallbackDecision } from './fallback-decision.js';
import { LateEvaluations } from './late-evaluations.js';
import { LogCorrelator } from './log-correlator.js';
import { NestingTracker } from './nesting-tracker.js';

export interface SpanMapperOptions {
  filter?: (span: SpanLike) => boolean | undefined;
  aiSystemId?: string;
  maxContentLength?: number;
  /** Drop log records repeated for the same span (a gateway: Collector retries, log store reloads). */
  dedupeLogs?: boolean;
  logger: Logger;
}

/**
 * Span selection and mapping shared by every way in (processor, exporter, gateway): the user filter,
 * the nesting policy, log-record correlation, inherited compliance context, and the fallback record
 * when mapping fails — so each path records exactly the same decisions for the same spans.
 */
export class SpanMapper {
  private readonly logs: LogCorrelator;
  private readonly nesting = new NestingTracker();
  private readonly inherited = new BoundedMap<string, Record<string, string>>(10_000);
  private readonly evaluations: LateEvaluations;

  constructor(private readonly options: SpanMapperOptions) {
    this.logs = new LogCorrelator(options.dedupeLogs === true);
    this.evaluations = new LateEvaluations(options.aiSystemId, options.maxContentLength);
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

  /** Call for every selected span, in end order, before `map`. O(1). */
  observe(span: SpanLike): void {
    this.nesting.observe(span);
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

  /** Maps selected, observed spans; wrappers are skipped, failures become minimal records. */
  map(spans: readonly SpanLike[]): AIDecision[] {
    const decisions: AIDecision[] = [];
    for (const span of spans) {
      let spanId: string | undefined;
      try {
        spanId = span.spanContext().spanId;
        const logRecords = this.logs.take(spanId);
        const inheritedContext = this.inherited.take(spanId);
        if (this.nesting.isWrapper(span)) continue;
        let decision = spanToDecision(span, {
          logRecords,
          inheritedContext,
          aiSystemId: this.options.aiSystemId,
          maxContentLength: this.options.maxContentLength,
        });
        // A span chosen by the user's filter but not recognised as GenAI is still recorded.
        if (!decision && this.options.filter && !isGenAISpan(span)) decision = fallbackDecision(span, this.options.aiSystemId);
        if (decision) {
          this.evaluations.remember(decision);
          decisions.push(decision);
        }
      } catch (error) {
        this.options.logger('warn', 'span could not be mapped; recording a minimal decision', { spanId, error: (error as Error)?.name });
        try {
          decisions.push(fallbackDecision(span, this.options.aiSystemId, error));
        } catch {
          this.options.logger('error', 'span has no readable identity; not recorded', { spanId });
        }
      }
    }
    return decisions;
  }
}
