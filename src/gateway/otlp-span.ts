import type { SpanContext } from '@opentelemetry/api';
import type { Attributes, HrTime, ScopeLike, SpanEventLike, SpanLike } from '../otel-types.js';
import { hasBytes, type JsValue, readEnum, readId, readKeyValues, readNanos, readUint } from './otlp-values.js';

type Raw = Record<string, unknown>;

const SPAN_KIND: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/** Attribute values from OTLP may be kvlists or bytes, which the API type does not list: the mapping reads them structurally. */
function asAttributes(values: { [key: string]: JsValue }): Attributes {
  return values as unknown as Attributes;
}

/**
 * One OTLP span rebuilt in the `ReadableSpan` shape the mapping reads. Events and links are only
 * converted for spans that are selected ({@link OtlpSpan.complete}): most spans are not AI spans.
 */
export class OtlpSpan implements SpanLike {
  readonly name: string;
  readonly kind: number;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: { code: number; message?: string };
  readonly attributes: Attributes;
  readonly parentSpanContext: SpanContext | undefined;
  events: SpanEventLike[] = [];
  links: { context: SpanContext; attributes: Attributes }[] = [];
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
  private readonly context: SpanContext;

  constructor(
    private readonly raw: Raw,
    traceId: string,
    spanId: string,
    readonly resource: { attributes: Attributes },
    readonly instrumentationScope: ScopeLike,
  ) {
    const flags = readUint(raw.flags) & 0xff;
    this.context = { traceId, spanId, traceFlags: flags };
    this.name = typeof raw.name === 'string' ? raw.name : '';
    const kind = readEnum(raw.kind, SPAN_KIND);
    this.kind = kind > 0 && kind <= 5 ? kind - 1 : 0; // OTLP kinds are the API's + 1 (0 = unspecified).
    this.startTime = readNanos(raw.startTimeUnixNano);
    this.endTime = readNanos(raw.endTimeUnixNano);
    const status = raw.status as Raw | null | undefined;
    const code = status ? readEnum(status.code, STATUS_CODE) : 0;
    const message = status && typeof status.message === 'string' && status.message !== '' ? status.message : undefined;
    this.status = message === undefined ? { code: code <= 2 && code >= 0 ? code : 0 } : { code: code <= 2 && code >= 0 ? code : 0, message };
    this.attributes = asAttributes(readKeyValues(raw.attributes));
    const parentId = hasBytes(raw.parentSpanId) ? readId(raw.parentSpanId, 8) : undefined;
    this.parentSpanContext = parentId ? { traceId, spanId: parentId, traceFlags: flags } : undefined;
    this.droppedAttributesCount = readUint(raw.droppedAttributesCount);
    this.droppedEventsCount = readUint(raw.droppedEventsCount);
    this.droppedLinksCount = readUint(raw.droppedLinksCount);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  /** Converts events and links (only for spans that will be mapped). */
  complete(): this {
    const events = this.raw.events;
    if (Array.isArray(events)) {
      this.events = events
        .filter((e): e is Raw => e !== null && typeof e === 'object')
        .map((e) => ({ name: typeof e.name === 'string' ? e.name : '', time: readNanos(e.timeUnixNano), attributes: asAttributes(readKeyValues(e.attributes)) }));
    }
    const links = this.raw.links;
    if (Array.isArray(links)) {
      this.links = [];
      for (const link of links) {
        if (link === null || typeof link !== 'object') continue;
        const traceId = readId((link as Raw).traceId, 16);
        const spanId = readId((link as Raw).spanId, 8);
        if (!traceId || !spanId) continue;
        this.links.push({ context: { traceId, spanId, traceFlags: readUint((link as Raw).flags) & 0xff }, attributes: asAttributes(readKeyValues((link as Raw).attributes)) });
      }
    }
    return this;
  }
}

export interface SpanReadResult {
  /** Spans the `select` predicate kept, completed, in request order. */
  selected: OtlpSpan[];
  total: number;
  /** Spans rejected as invalid (bad or missing trace / span id). */
  rejected: number;
  /** Span ids of the valid spans `select` (or the prescreen) did not keep. */
  notSelected: string[];
}

/** Counts the spans of a decoded request without converting any; throws on a malformed structure. */
export function countSpans(request: Raw): number {
  let n = 0;
  for (const resourceSpans of listOf(request.resourceSpans, 'resourceSpans')) {
    if (!isObject(resourceSpans)) continue;
    for (const scopeSpans of listOf(resourceSpans.scopeSpans, 'scopeSpans')) if (isObject(scopeSpans)) n += listOf(scopeSpans.spans, 'spans').length;
  }
  return n;
}

/**
 * Walks an `ExportTraceServiceRequest` (decoded protobuf or OTLP/JSON), converting each span's
 * identity, attributes, resource and scope, and keeping those `select` accepts (after an optional
 * `prescreen` on the raw attributes, which must never rule out a span `select` would keep). Call
 * {@link countSpans} first: it validates the structure this walk relies on.
 */
export function readSpans(request: Raw, select: (span: OtlpSpan) => boolean, prescreen?: (attributes: unknown, scope: ScopeLike) => boolean): SpanReadResult {
  const result: SpanReadResult = { selected: [], total: 0, rejected: 0, notSelected: [] };
  for (const resourceSpans of listOf(request.resourceSpans, 'resourceSpans') as Raw[]) {
    if (resourceSpans === null || typeof resourceSpans !== 'object') continue;
    const resourceRaw = resourceSpans.resource as Raw | null | undefined;
    const resource = { attributes: asAttributes(readKeyValues(resourceRaw?.attributes)) };
    for (const scopeSpans of listOf(resourceSpans.scopeSpans, 'scopeSpans') as Raw[]) {
      if (scopeSpans === null || typeof scopeSpans !== 'object') continue;
      const scope = readScope(scopeSpans.scope);
      for (const raw of listOf(scopeSpans.spans, 'spans') as Raw[]) {
        result.total++;
        if (raw === null || typeof raw !== 'object') {
          result.rejected++;
          continue;
        }
        const traceId = readId(raw.traceId, 16);
        const spanId = readId(raw.spanId, 8);
        if (!traceId || !spanId) {
          result.rejected++;
          continue;
        }
        // A span the prescreen rules out is dropped before its attributes are converted.
        if (prescreen && !prescreen(raw.attributes, scope)) {
          result.notSelected.push(spanId);
          continue;
        }
        const span = new OtlpSpan(raw, traceId, spanId, resource, scope);
        if (select(span)) result.selected.push(span.complete());
        else result.notSelected.push(spanId);
      }
    }
  }
  return result;
}

export function readScope(raw: unknown): ScopeLike {
  if (raw === null || typeof raw !== 'object') return { name: '' };
  const scope = raw as Raw;
  const name = typeof scope.name === 'string' ? scope.name : '';
  return typeof scope.version === 'string' && scope.version !== '' ? { name, version: scope.version } : { name };
}

export function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === 'object';
}

/** A repeated field: absent → empty; anything but an array → a malformed request. */
export function listOf(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedRequestError(`\`${field}\` must be an array`);
  return value;
}

/** The body decoded but does not have the OTLP structure (answered 400 with this message). */
export class MalformedRequestError extends Error {
  override name = 'MalformedRequestError' as const;
}
