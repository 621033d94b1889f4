import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordLike, SpanLike } from '../../../src/otel-types.js';

export type TraceEncoding = 'protobuf' | 'json';

/** A fixture span (SpanLike) with the rest of the `ReadableSpan` shape the OTLP exporters read. */
export function toReadableSpan(span: SpanLike): never {
  return {
    ...span,
    spanContext: () => span.spanContext(),
    kind: span.kind ?? 0,
    events: (span.events ?? []).map((e) => ({ ...e, attributes: e.attributes ?? {}, droppedAttributesCount: 0 })),
    links: [],
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    resource: span.resource ?? { attributes: {} },
    instrumentationScope: span.instrumentationScope ?? { name: 'unknown' },
    ended: true,
    duration: [0, 0],
  } as never;
}

/** A fixture log record with the `ReadableLogRecord` shape the OTLP log exporter reads. */
export function toReadableLog(log: LogRecordLike): never {
  return {
    ...log,
    hrTimeObserved: log.hrTime,
    droppedAttributesCount: 0,
    resource: { attributes: {} },
    instrumentationScope: log.instrumentationScope ?? { name: 'unknown' },
  } as never;
}

interface ExportResult {
  code: number;
  error?: Error;
}

function exportWith<T>(exporter: { export(items: T[], cb: (r: ExportResult) => void): void; shutdown(): Promise<void> }, items: T[]): Promise<ExportResult> {
  return new Promise<ExportResult>((resolve) => exporter.export(items, resolve)).finally(() => exporter.shutdown());
}

/** Sends spans through the real OTLP trace exporter (protobuf or JSON), as a Collector or SDK would. */
export function exportSpans(baseUrl: string, spans: SpanLike[], encoding: TraceEncoding, headers: Record<string, string> = {}): Promise<ExportResult> {
  const config = { url: `${baseUrl}/v1/traces`, headers, timeoutMillis: 15_000 };
  const exporter = encoding === 'protobuf' ? new OTLPTraceExporterProto(config) : new OTLPTraceExporterJson(config);
  return exportWith(exporter as never, spans.map(toReadableSpan));
}

/** Sends log records through the real OTLP/HTTP (JSON) log exporter. */
export function exportLogs(baseUrl: string, logs: LogRecordLike[], headers: Record<string, string> = {}): Promise<ExportResult> {
  const exporter = new OTLPLogExporter({ url: `${baseUrl}/v1/logs`, headers, timeoutMillis: 15_000 });
  return exportWith(exporter as never, logs.map(toReadableLog));
}
