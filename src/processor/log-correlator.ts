import { eventNameOf, isGenAIEventName } from '../mapping/dialects/log-events.js';
import type { LogRecordLike } from '../otel-types.js';
import { BoundedMap } from '../core/bounded-map.js';

/** Spans whose gen_ai log records we hold while waiting for the span to end. */
const MAX_SPANS = 10_000;
/** Log records kept per span (a long chat history is one record per message). */
const MAX_RECORDS_PER_SPAN = 2_000;

/**
 * Holds gen_ai log records (content the Logs API carried) by span id until their span ends and
 * is mapped. Instrumentations emit these records before ending the span.
 */
export class LogCorrelator {
  /** Per span: its records, and with dedupe the identities of those records. */
  private readonly bySpan: BoundedMap<string, { records: LogRecordLike[]; identities?: Set<string> }>;
  /** Records beyond MAX_RECORDS_PER_SPAN, not held (counted for the caller to report). */
  overflowed = 0;

  /**
   * @param dedupe drop a record identical to one already held for its span (same event name, time,
   *   attributes and body): a gateway receives the same log records again when a Collector retries,
   *   or when it reloads its log store after a restart. In-process records are never repeated.
   * @param onEvict the records of a span dropped for the MAX_SPANS bound (its span never came).
   */
  constructor(
    private readonly dedupe = false,
    onEvict: (records: LogRecordLike[]) => void = () => {},
  ) {
    this.bySpan = new BoundedMap(MAX_SPANS, (_spanId, held) => onEvict(held.records));
  }

  /** O(1) (O(size) with dedupe); ignores records that are not gen_ai events or not inside a span. */
  add(record: LogRecordLike): void {
    const spanId = record.spanContext?.spanId;
    if (!spanId || !isGenAIEventName(eventNameOf(record))) return;
    let held = this.bySpan.get(spanId);
    if (held === undefined) {
      held = { records: [], identities: this.dedupe ? new Set() : undefined };
      this.bySpan.set(spanId, held);
    }
    if (held.identities) {
      const identity = identityOf(record);
      if (identity !== undefined) {
        if (held.identities.has(identity)) return;
        held.identities.add(identity);
      }
    }
    if (held.records.length < MAX_RECORDS_PER_SPAN) held.records.push(record);
    else this.overflowed++;
  }

  take(spanId: string): LogRecordLike[] | undefined {
    return this.bySpan.take(spanId)?.records;
  }

}

/** What makes two log records the same; undefined when not serialisable (kept: a repeat beats a loss). */
function identityOf(record: LogRecordLike): string | undefined {
  try {
    return `${record.eventName ?? ''}|${record.hrTime?.join('.') ?? ''}|${stableJson(record.attributes)}|${stableJson(record.body)}`;
  } catch {
    return undefined;
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
