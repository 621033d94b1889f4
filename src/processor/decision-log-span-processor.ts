import { type Context, propagation } from '@opentelemetry/api';
import type { AIDecision } from '../decision.js';
import { type Logger, safeLogger } from '../delivery/logger.js';
import { ENV, resolveOption } from '../config/env.js';
import { isGenAISpan } from '../mapping/is-gen-ai-span.js';
import { spanToDecision } from '../mapping/span-to-decision.js';
import type { LogRecordLike, SpanLike } from '../otel-types.js';
import { DecisionPipeline, type DecisionStage } from '../pipeline/decision-pipeline.js';
import type { DecisionSink } from '../pipeline/decision-sink.js';
import { BoundedMap } from './bounded-map.js';
import { fallbackDecision } from './fallback-decision.js';
import { LogCorrelator } from './log-correlator.js';
import { NestingTracker } from './nesting-tracker.js';
import type { DecisionLogOptions } from './processor-options.js';

/** Spans mapped per event-loop turn: bounds how long one drain holds the loop. */
const DRAIN_CHUNK = 512;

/** Internal wiring, filled by the pipeline factory (redaction, chain, delivery). */
export interface ProcessorWiring {
  sink: DecisionSink;
  stages: readonly DecisionStage[];
  onNotRecorded?: (count: number) => void;
  /** Runs at shutdown after the last decisions were submitted (e.g. a final chain checkpoint). */
  beforeSinkShutdown?: () => Promise<void>;
}

/**
 * The span processor (and log record processor) that records every AI decision.
 *
 * `onEnd` does O(1) work on the caller's stack — select, note nesting, enqueue — and never throws
 * or blocks; mapping, redaction and chaining run on a later event-loop turn, delivery after that.
 * Register the same instance in `spanProcessors` and `logRecordProcessors` so content emitted as
 * gen_ai log events joins its span's decision.
 */
export class DecisionLogSpanProcessor {
  private readonly logger: Logger;
  private readonly aiSystemId: string | undefined;
  private readonly filter: DecisionLogOptions['filter'];
  private readonly maxContentLength: number | undefined;
  private readonly pipeline: DecisionPipeline;
  private readonly wiring: ProcessorWiring;
  private readonly logs = new LogCorrelator();
  private readonly nesting = new NestingTracker();
  private readonly inheritedContext = new BoundedMap<string, Record<string, string>>(10_000);
  private pending: SpanLike[] = [];
  private drainScheduled = false;
  private shutdownPromise: Promise<void> | undefined;
  private warnedOnEndFailure = false;

  constructor(options: DecisionLogOptions = {}, wiring?: ProcessorWiring) {
    this.logger = safeLogger(options.logger);
    this.aiSystemId = resolveOption(options.aiSystemId, ENV.aiSystemId, String);
    this.filter = options.filter;
    this.maxContentLength = options.maxContentLength;
    this.wiring = wiring ?? defaultWiring(options);
    this.pipeline = new DecisionPipeline({
      stages: this.wiring.stages,
      sink: this.wiring.sink,
      logger: this.logger,
      onNotRecorded: this.wiring.onNotRecorded,
    });
  }

  onStart(span: unknown, parentContext: Context): void {
    try {
      // Compliance context set as `vaxelia.*` baggage by an ancestor: captured now, while the
      // context is at hand. Most apps carry no baggage, so this is usually one lookup.
      const baggage = propagation.getBaggage(parentContext);
      if (!baggage) return;
      let inherited: Record<string, string> | undefined;
      for (const [key, entry] of baggage.getAllEntries()) {
        if (!key.startsWith('vaxelia.')) continue;
        inherited ??= {};
        inherited[key] = entry.value;
      }
      if (inherited) this.inheritedContext.set((span as SpanLike).spanContext().spanId, inherited);
    } catch {
      // never throw into the tracer
    }
  }

  onEnd(span: SpanLike): void {
    try {
      if (this.shutdownPromise || !this.isSelected(span)) return;
      this.nesting.observe(span);
      this.pending.push(span);
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        setImmediate(this.drainChunk);
      }
    } catch (error) {
      if (!this.warnedOnEndFailure) {
        this.warnedOnEndFailure = true;
        this.logger('error', 'DecisionLogSpanProcessor.onEnd failed; the span is not recorded', { error: String((error as Error)?.name) });
      }
    }
  }

  /** LogRecordProcessor: keeps gen_ai log events for their span's decision. */
  onEmit(logRecord: LogRecordLike): void {
    try {
      if (!this.shutdownPromise) this.logs.add(logRecord);
    } catch {
      // never throw into the logger
    }
  }

  /**
   * Resolves once every decision from spans that ended before the call has been handed to the
   * sink and the sink has flushed (delivered or durably on disk).
   */
  async forceFlush(): Promise<void> {
    this.drainAll();
    await this.pipeline.flush();
    await this.wiring.sink.forceFlush();
  }

  /** Flushes, then shuts the sink down. Idempotent: the span and the log pipelines both call it. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.drainAll();
      await this.pipeline.flush();
      await this.wiring.beforeSinkShutdown?.();
      await this.pipeline.flush();
      await this.wiring.sink.shutdown();
    })();
    return this.shutdownPromise;
  }

  private isSelected(span: SpanLike): boolean {
    if (this.filter) {
      try {
        const verdict = this.filter(span);
        if (verdict !== undefined) return verdict;
      } catch {
        // a throwing filter means "use the default"
      }
    }
    return isGenAISpan(span);
  }

  private readonly drainChunk = (): void => {
    this.drainScheduled = false;
    const batch = this.pending.length > DRAIN_CHUNK ? this.pending.splice(0, DRAIN_CHUNK) : this.pending.splice(0);
    if (this.pending.length > 0) {
      this.drainScheduled = true;
      setImmediate(this.drainChunk);
    }
    this.map(batch);
  };

  private drainAll(): void {
    while (this.pending.length > 0) this.map(this.pending.splice(0, DRAIN_CHUNK));
  }

  private map(spans: SpanLike[]): void {
    const decisions: AIDecision[] = [];
    for (const span of spans) {
      const spanId = span.spanContext().spanId;
      const logRecords = this.logs.take(spanId);
      const inheritedContext = this.inheritedContext.take(spanId);
      if (this.nesting.isWrapper(span)) continue;
      let decision: AIDecision | undefined;
      try {
        decision = spanToDecision(span, {
          logRecords,
          inheritedContext,
          aiSystemId: this.aiSystemId,
          maxContentLength: this.maxContentLength,
        });
        // A span chosen by the user's filter but not recognised as GenAI is still recorded.
        if (!decision && this.filter && !isGenAISpan(span)) decision = fallbackDecision(span, this.aiSystemId);
      } catch (error) {
        this.logger('warn', 'span could not be mapped; recording a minimal decision', { spanId, error: (error as Error)?.name });
        decision = fallbackDecision(span, this.aiSystemId, error);
      }
      if (decision) decisions.push(decision);
    }
    if (decisions.length > 0) void this.pipeline.submit(decisions);
  }
}

function defaultWiring(options: DecisionLogOptions): ProcessorWiring {
  if (!options.sink) {
    throw new TypeError('DecisionLogSpanProcessor: no sink configured');
  }
  return { sink: options.sink, stages: [] };
}
