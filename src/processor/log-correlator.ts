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
  /** Identities of the records held per span, when duplicates must be dropped. */
  private readonly seen: BoundedMap<string, Set<string>> | undefined;

  /**
   * @param dedupe drop a record identical to one already held for its span (same event name, time,
   *   attributes and body): a gateway receives the same log records again when a Collector retries,
   *   or when it reloads its log store after a restart. In-process records are never repeated.
   */
  constructor(dedupe = false) {
    if (dedupe) this.seen = new BoundedMap(MAX_SPANS);
  }

  /** O(1) (O(size) with dedupe); ignores records that are not gen_ai events or not inside a span. */
  add(record: LogRecordLike): void {
    const spanId = record.spanContext?.spanId;
    if (!spanId || !isGenAIEventName(eventNameOf(record))) return;
    if (this.seen && this.isDuplicate(spanId, record)) return;
    const records = this.bySpan.get(spanId);
    if (records === undefined) this.bySpan.set(spanId, [record]);
    else if (records.length < MAX_RECORDS_PER_SPAN) records.push(record);
  }

  private isDuplicate(spanId: string, record: LogRecordLike): boolean {
    let identity: string;
    try {
      identity = `${record.eventName ?? ''}|${record.hrTime?.join('.') ?? ''}|${stableJson(record.attributes)}|${stableJson(record.body)}`;
    } catch {
      return false; // not serialisable: keep it (a duplicate message beats a lost one)
    }
    const seen = this.seen!.get(spanId);
    if (seen === undefined) {
      this.seen!.set(spanId, new Set([identity]));
      return false;
    }
    if (seen.has(identity)) return true;
    seen.add(identity);
    return false;
  }

  take(spanId: string): LogRecordLike[] | undefined {
    this.seen?.take(spanId);
    return this.bySpan.take(spanId);
  }

  get evictedSpans(): number {
    return this.bySpan.evicted;
  }
}

/** JSON of a log value with byte arrays and big integers spelled out (identity only, not stored). */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('base64')}`;
    if (typeof v === 'bigint') return `bigint:${v}`;
    return v;
  });
}
