/**
 * A span processor that keeps every ended span, so an e2e test can both check the decisions and
 * save what the real instrumentation emitted as a fixture (`test/fixtures/spans/<instrumentation>/`)
 * for the mapping and gateway tests. Set `VAXELIA_CAPTURE_FIXTURES=1` to (re)write the fixtures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface EndedSpan {
  name: string;
  kind: number;
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  parentSpanContext?: { spanId: string };
  parentSpanId?: string;
  startTime: [number, number];
  endTime: [number, number];
  status: { code: number; message?: string };
  attributes: Record<string, unknown>;
  events: { name: string; time: [number, number]; attributes?: Record<string, unknown> }[];
  resource: { attributes: Record<string, unknown> };
  instrumentationScope?: { name: string; version?: string };
  instrumentationLibrary?: { name: string; version?: string };
}

export class SpanRecorder {
  readonly spans: EndedSpan[] = [];

  onStart(): void {}
  onEnd(span: EndedSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Runs `action` and returns the spans that ended meanwhile. */
  async during(action: () => Promise<unknown>): Promise<EndedSpan[]> {
    const before = this.spans.length;
    await action();
    return this.spans.slice(before);
  }
}

const FIXTURES_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'spans');

/** Writes `spans` as `test/fixtures/spans/<instrumentation>/<scenario>.json` when capture is on. */
export function saveFixture(
  meta: { instrumentation: string; client: string; scenario: string; description: string },
  spans: readonly EndedSpan[],
): void {
  if (process.env.VAXELIA_CAPTURE_FIXTURES !== '1' || spans.length === 0) return;
  const file = join(FIXTURES_ROOT, meta.instrumentation, `${meta.scenario}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const body = {
    ...meta,
    env: { node: process.version },
    spans: spans.map((span) => {
      const context = span.spanContext();
      const scope = span.instrumentationScope ?? span.instrumentationLibrary ?? { name: 'unknown' };
      return {
        name: span.name,
        kind: span.kind,
        spanContext: { traceId: context.traceId, spanId: context.spanId, traceFlags: context.traceFlags },
        parentSpanId: span.parentSpanContext?.spanId ?? span.parentSpanId ?? null,
        startTime: span.startTime,
        endTime: span.endTime,
        status: span.status,
        attributes: span.attributes,
        events: span.events.map((event) => ({ name: event.name, time: event.time, attributes: event.attributes ?? {} })),
        resource: { attributes: span.resource.attributes },
        instrumentationScope: { name: scope.name, version: scope.version },
      };
    }),
    logs: [],
  };
  writeFileSync(file, `${JSON.stringify(body, null, 1)}\n`);
}
