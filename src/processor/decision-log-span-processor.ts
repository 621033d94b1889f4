import { type Context, propagation } from '@opentelemetry/api';
import { ENV, resolveOption } from '../config/env.js';
import { resolveEvaluationWindowMs } from '../config/evaluation-window-option.js';
import type { VaxeliaOptions } from '../pipeline/vaxelia-options.js';
import { type Logger, safeLogger } from '../core/logger.js';
import type { AIDecision } from '../decision.js';
import type { LogRecordLike, SpanLike } from '../otel-types.js';
import { DecisionRuntime } from '../pipeline/decision-runtime.js';
import { EvaluationWindow } from './evaluation-window.js';
import { warnIncompatibleClientsOnce } from './client-compatibility.js';
import { SpanMapper } from './span-mapper.js';

/**
 * Spans mapped per event-loop turn, and per pipeline batch. Small: batches of 512 made figure 3
 * ~8 % slower once the backlog bound below held spans back (a large batch outruns the deliveries
 * kept in memory, and the rest takes the drain's disk path); 64 is what an app ending spans as
 * they come produces anyway.
 */
const DRAIN_CHUNK = 64;
/**
 * Decisions in the pipeline (mapped, not yet durable) past which the processor stops mapping. A
 * burst of ended spans then waits as spans (~1.7 KB each) instead of as mapped decisions with their
 * redacted and chained copies: 100,000 spans ended in one loop peaked at +1,202 MiB RSS, now +736 MiB,
 * and were delivered in 21 s instead of 26 s.
 */
const MAX_BACKLOG = 2048;

/**
 * The span processor (and log record processor) that records every AI decision.
 *
 * `onEnd` does O(1) work on the caller's stack — select, pair spans of one call, enqueue — and never throws
 * or blocks; mapping, redaction and chaining run on a later event-loop turn, delivery after that.
 * Register the same instance in `spanProcessors` and `logRecordProcessors` so content emitted as
 * gen_ai log events joins its span's decision.
 */
export class DecisionLogSpanProcessor {
  private readonly logger: Logger;
  private readonly mapper: SpanMapper;
  private readonly runtime: DecisionRuntime;
  private readonly evaluationWindow: EvaluationWindow | undefined;
  private pending: SpanLike[] = [];
  /** Evaluations that arrived after their decision was mapped: linked records, submitted on the next drain. */
  private lateRecords: AIDecision[] = [];
  private drainScheduled = false;
  private shutdownPromise: Promise<void> | undefined;
  private warnedOnEndFailure = false;
  private endedAfterShutdown = 0;

  /** Validates the whole configuration: bad config throws here, naming the option and env var. */
  constructor(options: VaxeliaOptions = {}) {
    this.logger = safeLogger(options.logger, options);
    const aiSystemId = resolveOption(options.aiSystemId, ENV.aiSystemId, String);
    this.mapper = new SpanMapper({ filter: options.filter, aiSystemId, maxContentLength: options.maxContentLength, holdAcrossBatches: true, logger: this.logger });
    const windowMs = resolveEvaluationWindowMs(options.evaluationWindowMs);
    if (windowMs > 0) this.evaluationWindow = new EvaluationWindow(windowMs, this.enqueue);
    this.runtime = new DecisionRuntime({ ...options, aiSystemId }, this.logger);
    // What an exit right now would lose before the runtime even saw it (exit-check.ts).
    this.runtime.countHeldUpstream(() => this.pending.length + this.lateRecords.length + this.mapper.heldDecisions + (this.evaluationWindow?.size ?? 0));
    warnIncompatibleClientsOnce(this.logger);
  }

  onStart(span: unknown, parentContext: Context): void {
    try {
      // Model calls in flight: a second span of the same call (another instrumentation) pairs with it.
      this.mapper.noteStart(span as SpanLike);
    } catch {
      // never throw into the tracer
    }
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
      if (inherited) this.mapper.rememberInherited((span as SpanLike).spanContext().spanId, inherited);
    } catch {
      // never throw into the tracer
    }
  }

  onEnd(span: SpanLike): void {
    try {
      if (!this.mapper.select(span)) {
        const orphans = this.mapper.forget(span);
        if (orphans.length > 0) {
          this.lateRecords.push(...orphans);
          this.scheduleDrain();
        }
        return;
      }
      if (this.shutdownPromise) {
        this.warnEndedAfterShutdown();
        return;
      }
      this.mapper.observe(span);
      if (this.evaluationWindow) this.evaluationWindow.hold(span);
      else this.enqueue([span]);
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
      if (this.shutdownPromise) return;
      const late = this.mapper.addLog(logRecord);
      if (late) this.lateRecords.push(late);
      // Adding may have evicted the oldest span's held records: its evaluations go out on their own.
      if (late || this.mapper.hasEvicted) this.scheduleDrain();
    } catch {
      // never throw into the logger
    }
  }

  /**
   * Resolves once every decision from spans that ended before the call is delivered or durably
   * on disk (DESIGN.md §6).
   */
  async forceFlush(): Promise<void> {
    await this.drainAll();
    this.submitHeld('had not ended at forceFlush()');
    await this.runtime.flush();
  }

  /**
   * `forceFlush`, then delivers the queue now (this process's decisions and any an earlier process
   * left in `bufferDir`) until it is empty or the endpoint fails. For a short-lived process that must
   * know before it returns: `remaining` decisions wait in the encrypted buffer for a later process.
   */
  async flushBuffer(): Promise<{ sent: number; remaining: number }> {
    await this.forceFlush();
    return this.runtime.delivery ? this.runtime.delivery.flushBuffer() : { sent: 0, remaining: 0 };
  }

  /** Flushes, checkpoints the chain, shuts delivery down. Idempotent: span and log pipelines both call it. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.drainAll();
      this.submitHeld('had not ended at shutdown()');
      await this.runtime.shutdown();
    })();
    return this.shutdownPromise;
  }

  /** An AI span ending after shutdown cannot be recorded any more: say so (once), never silently. */
  private warnEndedAfterShutdown(): void {
    this.endedAfterShutdown++;
    if (this.endedAfterShutdown === 1) {
      this.logger('error', 'an AI span ended after shutdown(); it is not recorded (shut the SDK down after the last AI call)', {});
    }
  }

  private readonly enqueue = (spans: SpanLike[]): void => {
    for (const span of spans) this.pending.push(span);
    this.scheduleDrain();
  };

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(this.drainChunk);
  }

  private readonly drainChunk = (): void => {
    if (this.runtime.backlog >= MAX_BACKLOG) {
      // The pipeline is behind: map more once it has caught up (the drain stays scheduled).
      void this.runtime.backlogBelow(MAX_BACKLOG / 2).then(() => setImmediate(this.drainChunk));
      return;
    }
    this.drainScheduled = false;
    const batch = this.pending.length > DRAIN_CHUNK ? this.pending.splice(0, DRAIN_CHUNK) : this.pending.splice(0);
    if (this.pending.length > 0) {
      this.drainScheduled = true;
      setImmediate(this.drainChunk);
    }
    this.submit(batch);
  };

  /** Maps and submits every ended span now, as fast as the pipeline takes them (forceFlush, shutdown). */
  private async drainAll(): Promise<void> {
    this.evaluationWindow?.releaseAll();
    do {
      await this.runtime.backlogBelow(MAX_BACKLOG);
      this.submit(this.pending.splice(0, DRAIN_CHUNK));
    } while (this.pending.length > 0);
  }

  /** Decisions waiting for the other span of their call: a flush records them as they are. */
  private submitHeld(reason: string): void {
    const held = this.mapper.releaseHeld(reason);
    if (held.length > 0) void this.runtime.submit(held);
  }

  private submit(spans: SpanLike[]): void {
    const decisions = this.mapper.map(spans);
    if (this.lateRecords.length > 0) decisions.push(...this.lateRecords.splice(0));
    decisions.push(...this.mapper.takeEvicted());
    if (decisions.length > 0) void this.runtime.submit(decisions);
  }
}
