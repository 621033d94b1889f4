import { eventNameOf, isGenAIEventName } from '../mapping/dialects/log-events.js';
import type { LogRecordLike } from '../otel-types.js';
import { BoundedMap } from './bounded-map.js';

/** Spans whose gen_ai log records we hold while waiting for the span to end. */
const MAX_SPANS = 10_000;
/** Log records kept per span (a long chat history is one record per message). */
const MAX_RECORDS_PER_SPAN = 2_000;

/**
 * Holds gen_ai log records (content the Logs API carried) by span id until their span ends and
 * is mapped. Instrumentations emit these records before ending the span.
 */
export class LogCorrelator {
  private readonly bySpan = new BoundedMap<string, LogRecordLike[]>(MAX_SPANS);

  /** O(1); ignores records that are not gen_ai events or not inside a span. */
  add(record: LogRecordLike): void {
    const spanId = record.spanContext?.spanId;
    if (!spanId || !isGenAIEventName(eventNameOf(record))) return;
    const records = this.bySpan.get(spanId);
    if (records === undefined) this.bySpan.set(spanId, [record]);
    else if (records.length < MAX_RECORDS_PER_SPAN) records.push(record);
  }

  take(spanId: string): LogRecordLike[] | undefined {
    return this.bySpan.take(spanId);
  }

  get evictedSpans(): number {
    return this.bySpan.evicted;
  }
}
