import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogRecordLike, SpanLike } from '../../src/otel-types.js';

/**
 * The captured spans of test/fixtures/spans (one folder per instrumentation, see its README),
 * rebuilt into the SDK's ReadableSpan shape. Resolved from this file, so any working directory works.
 */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/spans/', import.meta.url));

interface RawSpan {
  name: string;
  kind: number;
  spanContext: { traceId: string; spanId: string; traceFlags: number };
  parentSpanId: string | null;
  startTime: [number, number];
  endTime: [number, number];
  status: { code: number; message?: string };
  attributes: Record<string, unknown>;
  events: { name: string; time: [number, number]; attributes?: Record<string, unknown> }[];
  resource: { attributes: Record<string, unknown> };
  instrumentationScope: { name: string; version?: string };
}

interface RawLog {
  eventName: string | null;
  timestamp: [number, number];
  body: unknown;
  attributes: Record<string, unknown>;
  spanContext?: { traceId: string; spanId: string; traceFlags: number };
  instrumentationScope: { name: string; version?: string };
}

export interface Fixture {
  file: string;
  scenario: string;
  spans: SpanLike[];
  logs: LogRecordLike[];
}

/** Captures made in this repository by the e2e tests (`VAXELIA_CAPTURE_FIXTURES=1`). */
export const CAPTURED_FIXTURES_DIR = FIXTURES_DIR;

export function loadFixture(relativePath: string, dir = FIXTURES_DIR): Fixture {
  const raw = JSON.parse(readFileSync(join(dir, relativePath), 'utf8'));
  return {
    file: relativePath,
    scenario: raw.scenario,
    spans: (raw.spans as RawSpan[]).map(toSpan),
    logs: ((raw.logs ?? []) as RawLog[]).map(toLog),
  };
}

export function listFixtures(root = FIXTURES_DIR): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(root, dir.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => `${dir.name}/${file}`),
    )
    .sort();
}

function toSpan(raw: RawSpan): SpanLike {
  const parent = raw.parentSpanId
    ? { traceId: raw.spanContext.traceId, spanId: raw.parentSpanId, traceFlags: raw.spanContext.traceFlags }
    : undefined;
  return {
    name: raw.name,
    kind: raw.kind,
    spanContext: () => raw.spanContext,
    parentSpanContext: parent,
    startTime: raw.startTime,
    endTime: raw.endTime,
    status: raw.status,
    attributes: raw.attributes as SpanLike['attributes'],
    events: raw.events.map((e) => ({ name: e.name, time: e.time, attributes: e.attributes as SpanLike['attributes'] })),
    resource: { attributes: raw.resource.attributes as SpanLike['attributes'] },
    instrumentationScope: raw.instrumentationScope,
  };
}

function toLog(raw: RawLog): LogRecordLike {
  return {
    hrTime: raw.timestamp,
    spanContext: raw.spanContext,
    eventName: raw.eventName ?? undefined,
    body: raw.body as LogRecordLike['body'],
    attributes: raw.attributes as LogRecordLike['attributes'],
    instrumentationScope: raw.instrumentationScope,
  };
}

/** Logs correlated with one span, as the processor's correlator hands them to the mapping. */
export function logsFor(fixture: Fixture, span: SpanLike): LogRecordLike[] {
  const spanId = span.spanContext().spanId;
  return fixture.logs.filter((log) => log.spanContext?.spanId === spanId);
}
