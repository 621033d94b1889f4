import { eventNameOf } from '../mapping/dialects/log-events.js';
import type { LogRecordLike, SpanLike } from '../otel-types.js';
import { BoundedMap } from '../core/bounded-map.js';

/** Log events an instrumentation emits last for a call (the response): once seen, the span's content is complete. */
const FINAL_EVENTS = new Set(['gen_ai.choice', 'gen_ai.client.inference.operation.details', 'gen_ai.content.completion']);

/** Whether a log record completes its span's content, so a span waiting for its logs stops waiting. */
export function isFinalLogEvent(record: LogRecordLike): boolean {
  return FINAL_EVENTS.has(eventNameOf(record) ?? '');
}

/** Operations whose content some instrumentations carry in log records (embeddings carry none). */
const CONTENT_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'completion']);

/** Span attributes that carry content: a span with any of them does not wait for logs. */
const CONTENT_ATTRIBUTE = /^(gen_ai\.(input|output)\.messages|gen_ai\.(prompt|completion)(\.|$)|ai\.prompt|ai\.response\.(text|toolCalls|object)|traceloop\.entity\.(input|output))/;

const ERROR = 2;

interface Seen {
  final: boolean;
}

interface Waiter {
  resolve: () => void;
  errorSpan: boolean;
}

/**
 * The window in which a trace request waits for content that arrives in a separate /v1/logs
 * request (the official OpenAI instrumentations emit message content as log records, which a
 * Collector exports on its own schedule, before or after the spans).
 *
 * A model-call span with no content attribute and no final log event seen yet waits up to `waitMs`
 * for one; an error span waits for any of its log records. Logs that arrive first are noted here
 * (and held by the SpanMapper's correlator). Memory is bounded: at most `maxWaiting` spans wait
 * (beyond that they map at once, without waiting) and `maxTracked` span ids are remembered.
 */
export class LogWaitWindow {
  private readonly seen: BoundedMap<string, Seen>;
  private readonly waiting = new Map<string, Waiter[]>();
  private waitingCount = 0;

  constructor(
    private readonly waitMs: number,
    private readonly maxWaiting: number,
    maxTracked: number,
  ) {
    this.seen = new BoundedMap(maxTracked);
  }

  /** Notes a gen_ai log record (after the mapper holds it); releases its span's waiters when complete. */
  noteLog(record: LogRecordLike): void {
    const spanId = record.spanContext?.spanId;
    if (!spanId) return;
    const final = isFinalLogEvent(record);
    const seen = this.seen.get(spanId);
    if (seen) seen.final ||= final;
    else this.seen.set(spanId, { final });
    const waiters = this.waiting.get(spanId);
    if (!waiters) return;
    const release = waiters.filter((w) => final || w.errorSpan);
    if (release.length === 0) return;
    const rest = waiters.filter((w) => !release.includes(w));
    if (rest.length === 0) this.waiting.delete(spanId);
    else this.waiting.set(spanId, rest);
    for (const waiter of release) waiter.resolve();
  }

  /** Whether the span's content may still come from log records it has not received. */
  shouldWait(span: SpanLike): boolean {
    if (this.waitMs <= 0) return false;
    const operation = span.attributes['gen_ai.operation.name'];
    if (typeof operation !== 'string' || !CONTENT_OPERATIONS.has(operation)) return false;
    for (const key in span.attributes) if (CONTENT_ATTRIBUTE.test(key)) return false;
    if (span.events?.some((e) => e.name.startsWith('gen_ai.content.'))) return false;
    const seen = this.seen.get(span.spanContext().spanId);
    if (seen?.final || (seen && span.status.code === ERROR)) return false;
    return this.waitingCount < this.maxWaiting;
  }

  /** Resolves when the span's logs are complete, at the deadline, or at `releaseAll`. Never rejects. */
  wait(span: SpanLike, signal?: AbortSignal): Promise<void> {
    const spanId = span.spanContext().spanId;
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.waitingCount--;
        const list = this.waiting.get(spanId);
        if (list) {
          const rest = list.filter((w) => w !== waiter);
          if (rest.length === 0) this.waiting.delete(spanId);
          else this.waiting.set(spanId, rest);
        }
        resolve();
      };
      const waiter: Waiter = { resolve: finish, errorSpan: span.status.code === ERROR };
      const timer = setTimeout(finish, this.waitMs);
      this.waitingCount++;
      const list = this.waiting.get(spanId);
      if (list) list.push(waiter);
      else this.waiting.set(spanId, [waiter]);
      if (signal?.aborted) finish();
      else signal?.addEventListener('abort', finish, { once: true });
    });
  }

  /** Spans waiting now. */
  get size(): number {
    return this.waitingCount;
  }
}
