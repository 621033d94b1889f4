/**
 * Structural views of the OpenTelemetry SDK objects we read. The SDK is the user's (2.x or 3.x, or
 * spans rebuilt from OTLP by the gateway), so we depend on shapes, never on SDK classes.
 */
import type { Attributes, HrTime, SpanContext, SpanStatus } from '@opentelemetry/api';

export type { Attributes, HrTime };

export interface ScopeLike {
  name: string;
  version?: string;
}

export interface SpanEventLike {
  name: string;
  time?: HrTime;
  attributes?: Attributes;
}

/** The subset of `ReadableSpan` (SDK 2.x and 3.x) the mapping reads. */
export interface SpanLike {
  name: string;
  kind?: number;
  spanContext(): SpanContext;
  /** SDK 2.x/3.x. */
  parentSpanContext?: SpanContext;
  /** SDK 1.x, kept for spans rebuilt by older tooling. */
  parentSpanId?: string;
  startTime: HrTime;
  endTime: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  events?: SpanEventLike[];
  resource?: { attributes: Attributes };
  instrumentationScope?: ScopeLike;
  /** SDK 1.x name of `instrumentationScope`. */
  instrumentationLibrary?: ScopeLike;
}

/** OTLP `AnyValue` as the JS logs SDK represents it. */
export type LogBody = string | number | boolean | null | undefined | Uint8Array | LogBody[] | { [key: string]: LogBody };

/** The subset of `ReadableLogRecord` (sdk-logs) the mapping reads. */
export interface LogRecordLike {
  hrTime?: HrTime;
  spanContext?: SpanContext;
  eventName?: string;
  body?: unknown;
  attributes: Attributes;
  instrumentationScope?: ScopeLike;
}

export function hrTimeToMs(time: HrTime | undefined): number {
  if (!time) return 0;
  return time[0] * 1000 + time[1] / 1e6;
}

/** ISO-8601 UTC of an epoch-ms value; an impossible time (corrupt hrtime) falls back to now. */
export function isoTimeOf(ms: number): { iso: string; valid: boolean } {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? { iso: new Date().toISOString(), valid: false } : { iso: date.toISOString(), valid: true };
}
