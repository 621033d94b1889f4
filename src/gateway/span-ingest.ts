import type { Logger } from '../core/logger.js';
import { TouchOrder } from '../core/touch-order.js';
import type { AIDecision } from '../decision.js';
import { decisionIdFor } from '../mapping/decision-id.js';
import { isGenAISpan } from '../mapping/is-gen-ai-span.js';
import type { LogRecordLike, ScopeLike, SpanLike } from '../otel-types.js';
import type { DecisionRuntime } from '../pipeline/decision-runtime.js';
import type { SpanMapper } from '../processor/span-mapper.js';
import { lazyAttributes } from './lazy-attributes.js';
import type { GatewayLogStore } from './log-store.js';
import type { LogWaitWindow } from './log-wait-window.js';
import { countLogRecords, readLogRecords } from './otlp-log.js';
import { countSpans, type OtlpSpan, readSpans } from './otlp-span.js';
import type { RecentDecisionIds } from './recent-decision-ids.js';

type Raw = Record<string, unknown>;

/** Span ids remembered as not AI calls, for their evaluation logs that arrive after them (the same bound as held logs). */
const MAX_REMEMBERED_NOT_AI = 10_000;

/** Without a user filter, selection is `isGenAISpan`: run it on lazily read attributes first. */
const prescreen = (attributes: unknown, scope: ScopeLike): boolean => isGenAISpan({ attributes: lazyAttributes(attributes), instrumentationScope: scope } as SpanLike);

const EVALUATIONS_UNAVAILABLE = { status: 'unavailable', message: 'evaluation records could not be durably queued; retry later' } as const;

/** How one export request ended, for the HTTP layer to answer. */
export type IngestOutcome =
  | { status: 'accepted'; rejected: number; errorMessage?: string }
  | { status: 'too-many'; message: string }
  | { status: 'unavailable'; message: string };

export interface SpanIngestOptions {
  mapper: SpanMapper;
  runtime: DecisionRuntime;
  window: LogWaitWindow;
  recent: RecentDecisionIds;
  maxItemsPerRequest: number;
  /** When set, the user filter may read events: complete spans before selecting. */
  filterReadsWholeSpan: boolean;
  logger: Logger;
}

/**
 * Export requests → the shared pipeline, with the in-process semantics: logs feed the mapper's
 * correlator; spans are selected, observed for the nesting policy (a whole request before any is
 * mapped), mapped, and submitted. A request resolves once its decisions are durably queued.
 *
 * Collector retries: a span whose decision id was recorded recently, or is being recorded by a
 * concurrent request, is not mapped again (a concurrent duplicate waits for the first outcome).
 */
export class SpanIngest {
  private readonly inflight = new Map<string, Promise<boolean>>();
  /**
   * Spans seen recently that are not AI calls. An evaluation log for one of them that arrives after
   * it (a Collector exports logs and traces separately) is recorded at once, not held until the
   * bound evicts it — which on a quiet gateway could be days, or a restart.
   */
  private readonly notAiSpans = new TouchOrder<string>();

  constructor(private readonly options: SpanIngestOptions) {}

  async ingestTraces(request: Raw, signal: AbortSignal): Promise<IngestOutcome> {
    const { mapper, window, recent } = this.options;
    const count = countSpans(request);
    if (count > this.options.maxItemsPerRequest) return { status: 'too-many', message: `${count} spans in one request; at most ${this.options.maxItemsPerRequest}` };
    const whole = this.options.filterReadsWholeSpan;
    const read = readSpans(request, (span) => mapper.select(whole ? span.complete() : span), whole ? undefined : prescreen);
    const errorMessage = read.rejected > 0 ? `${read.rejected} span(s) rejected: invalid or missing trace id / span id` : undefined;
    // Evaluations that arrived before their span and wait for it: a span that is not an AI call
    // releases them as records of their own (as in-process), instead of leaving them to be evicted.
    for (const spanId of read.notSelected) this.rememberNotAi(spanId);
    const held = read.notSelected.flatMap((spanId) => mapper.takeHeldLogs(spanId));
    const evicted = mapper.takeEvicted();
    const orphans = [...mapper.orphanEvaluations(held), ...evicted];
    if (orphans.length > 0 && !(await this.submitOrPutBack(orphans, held, evicted))) return EVALUATIONS_UNAVAILABLE;
    if (read.selected.length === 0) return { status: 'accepted', rejected: read.rejected, errorMessage };

    for (const span of read.selected) mapper.observe(span);

    const claimed: { span: OtlpSpan; id: string }[] = [];
    const duplicates: Promise<boolean>[] = [];
    const inRequest = new Set<string>();
    for (const span of read.selected) {
      const { traceId, spanId } = span.spanContext();
      const id = decisionIdFor(traceId, spanId);
      if (inRequest.has(id) || recent.has(id)) continue;
      inRequest.add(id);
      const pending = this.inflight.get(id);
      if (pending) {
        duplicates.push(pending);
        continue;
      }
      claimed.push({ span, id });
    }

    let settle!: (ok: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    for (const { id } of claimed) this.inflight.set(id, outcome);
    let notRecorded = 0;
    let ok = false;
    try {
      const waits = claimed.filter(({ span }) => window.shouldWait(span)).map(({ span }) => window.wait(span, signal));
      if (waits.length > 0) await Promise.all(waits);
      const decisions = mapper.map(claimed.map((c) => c.span));
      const result = decisions.length > 0 ? await this.options.runtime.submit(decisions) : { decisions: [] };
      if (result.error === undefined) {
        ok = true;
        const recorded = new Set(result.decisions.map((d) => d.decisionId));
        const mapped = new Set(decisions.map((d) => d.decisionId));
        const remembered: string[] = [];
        for (const { id } of claimed) {
          // A mapped decision a pipeline stage dropped (logged at ERROR) is rejected, not remembered.
          if (mapped.has(id) && !recorded.has(id)) notRecorded++;
          else remembered.push(id);
        }
        recent.addRecorded(remembered);
      }
    } catch (error) {
      this.options.logger('error', 'vaxelia gateway: spans could not be recorded', { error: (error as Error)?.name });
    } finally {
      for (const { id } of claimed) this.inflight.delete(id);
      settle(ok);
    }
    if (!ok) return { status: 'unavailable', message: 'decisions could not be durably queued; retry later' };
    if (duplicates.length > 0 && (await Promise.all(duplicates)).includes(false)) {
      return { status: 'unavailable', message: 'a concurrent request with the same spans failed; retry later' };
    }
    const rejected = read.rejected + notRecorded;
    if (notRecorded === 0) return { status: 'accepted', rejected, errorMessage };
    const dropped = `${notRecorded} AI span(s) could not be recorded (see the gateway's ERROR log)`;
    return { status: 'accepted', rejected, errorMessage: errorMessage ? `${errorMessage}; ${dropped}` : dropped };
  }

  /**
   * gen_ai log records join their span in memory at once, and the request is acknowledged once they
   * are also in the encrypted log store (when there is one), so a crash before their span arrives
   * loses nothing: the Collector retries an unacknowledged request, and a restart reloads the store.
   */
  async ingestLogs(request: Raw): Promise<IngestOutcome> {
    const count = countLogRecords(request);
    if (count > this.options.maxItemsPerRequest) {
      return { status: 'too-many', message: `${count} log records in one request; at most ${this.options.maxItemsPerRequest}` };
    }
    const { records } = readLogRecords(request);
    const { mapper } = this.options;
    const late: AIDecision[] = [];
    const heldForNotAi: LogRecordLike[] = [];
    for (const record of records) {
      const linked = mapper.addLog(record);
      if (linked) {
        if (!this.options.recent.has(linked.decisionId)) late.push(linked);
        continue;
      }
      const spanId = record.spanContext?.spanId;
      if (spanId !== undefined && this.notAiSpans.has(spanId)) heldForNotAi.push(...mapper.takeHeldLogs(spanId));
      else this.options.window.noteLog(record);
    }
    late.push(...mapper.orphanEvaluations(heldForNotAi));
    const evicted = mapper.takeEvicted();
    late.push(...evicted);
    if (late.length > 0) {
      // Evaluations of decisions already chained, or of spans that are not AI calls: records of their
      // own, acknowledged once durable.
      const recorded = await this.submitOrPutBack(late, heldForNotAi, evicted);
      if (!recorded) return EVALUATIONS_UNAVAILABLE;
      this.options.recent.addRecorded(recorded.map((d) => d.decisionId));
    }
    if (this.logStore && records.length > 0) {
      try {
        await this.logStore.persist(records);
      } catch (error) {
        this.options.logger('error', 'vaxelia gateway: log records could not be stored durably', { error: (error as Error)?.name });
        return { status: 'unavailable', message: 'log records could not be stored durably; retry later' };
      }
    }
    return { status: 'accepted', rejected: 0 };
  }

  /**
   * Submits evaluation records; if they cannot be made durable, the log records they came from and
   * the evicted ones go back where they were, for the Collector's retry. Returns the records as
   * recorded, or undefined.
   */
  private async submitOrPutBack(records: AIDecision[], heldLogs: readonly LogRecordLike[], evicted: AIDecision[]): Promise<AIDecision[] | undefined> {
    const result = await this.options.runtime.submit(records);
    if (result.error === undefined) return result.decisions;
    for (const record of heldLogs) this.options.mapper.addLog(record);
    this.options.mapper.restoreEvicted(evicted);
    return undefined;
  }

  private rememberNotAi(spanId: string): void {
    this.notAiSpans.touch(spanId);
    if (this.notAiSpans.size > MAX_REMEMBERED_NOT_AI) this.notAiSpans.shift();
  }

  /** Set once the store is open (after its earlier records were reloaded into the mapper). */
  logStore: GatewayLogStore | undefined;
}
