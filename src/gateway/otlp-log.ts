import { isEvaluationEvent } from '../mapping/dialects/evaluations.js';
import { eventNameOf, isGenAIEventName } from '../mapping/dialects/log-events.js';
import type { Attributes, LogBody, LogRecordLike } from '../otel-types.js';
import { isObject, listOf, readScope } from './otlp-span.js';
import { readAnyValue, readId, readKeyValues, readNanos, readUint } from './otlp-values.js';

type Raw = Record<string, unknown>;

export interface LogReadResult {
  /** gen_ai event records inside a span: the only ones the mapping reads. */
  records: LogRecordLike[];
  total: number;
}

/** Counts the log records of a decoded request; throws on a malformed structure. */
export function countLogRecords(request: Raw): number {
  let n = 0;
  for (const resourceLogs of listOf(request.resourceLogs, 'resourceLogs')) {
    if (!isObject(resourceLogs)) continue;
    for (const scopeLogs of listOf(resourceLogs.scopeLogs, 'scopeLogs')) if (isObject(scopeLogs)) n += listOf(scopeLogs.logRecords, 'logRecords').length;
  }
  return n;
}

/**
 * Walks an `ExportLogsServiceRequest` and rebuilds the gen_ai event records that belong to a span
 * (content an instrumentation emitted through the Logs API), and evaluation events with or without
 * one (an evaluator run after the fact names the response by `gen_ai.response.id`: recorded as in
 * process, never dropped for want of a span). Every other record is skipped after reading its event
 * name. Call {@link countLogRecords} first.
 */
export function readLogRecords(request: Raw): LogReadResult {
  const result: LogReadResult = { records: [], total: 0 };
  for (const resourceLogs of listOf(request.resourceLogs, 'resourceLogs') as Raw[]) {
    if (resourceLogs === null || typeof resourceLogs !== 'object') continue;
    for (const scopeLogs of listOf(resourceLogs.scopeLogs, 'scopeLogs') as Raw[]) {
      if (scopeLogs === null || typeof scopeLogs !== 'object') continue;
      let scope: LogRecordLike['instrumentationScope'];
      for (const raw of listOf(scopeLogs.logRecords, 'logRecords') as Raw[]) {
        result.total++;
        if (raw === null || typeof raw !== 'object') continue;
        const spanId = readId(raw.spanId, 8);
        const traceId = readId(raw.traceId, 16);
        const attributes = readKeyValues(raw.attributes) as unknown as Attributes;
        const eventName = typeof raw.eventName === 'string' && raw.eventName !== '' ? raw.eventName : undefined;
        const event = eventNameOf({ eventName, attributes });
        if (!isGenAIEventName(event)) continue;
        const inSpan = spanId !== undefined && traceId !== undefined;
        if (!inSpan && !isEvaluationEvent(event)) continue;
        scope ??= readScope(scopeLogs.scope);
        const time = readNanos(raw.timeUnixNano);
        const record: LogRecordLike = {
          hrTime: time[0] === 0 && time[1] === 0 ? readNanos(raw.observedTimeUnixNano) : time,
          eventName,
          body: readAnyValue(raw.body) as LogBody,
          attributes,
          instrumentationScope: scope,
        };
        if (inSpan) record.spanContext = { traceId, spanId, traceFlags: readUint(raw.flags) & 0xff };
        result.records.push(record);
      }
    }
  }
  return result;
}
