import { ENV, resolveOption } from '../config/env.js';
import type { VaxeliaOptions } from '../pipeline/vaxelia-options.js';
import { type Logger, safeLogger } from '../core/logger.js';
import type { SpanLike } from '../otel-types.js';
import { DecisionRuntime } from '../pipeline/decision-runtime.js';
import { SpanMapper } from './span-mapper.js';

/** `ExportResultCode` of @opentelemetry/core, restated so the core package is not a dependency. */
const SUCCESS = 0;
const FAILED = 1;

export interface ExportResult {
  code: typeof SUCCESS | typeof FAILED;
  error?: Error;
}

/**
 * A `SpanExporter` that records the AI spans it is given, for setups that compose exporters:
 * `new BatchSpanProcessor(new DecisionLogExporter())`. Same mapping, redaction, chain and delivery
 * as the processor. An export succeeds once its decisions are durably queued.
 *
 * Limits compared with `DecisionLogSpanProcessor`: an exporter sees no log records (content the
 * official OpenAI instrumentation emits through the Logs API is not joined) and no baggage; the
 * nesting policy applies within each exported batch; and it sees only the spans its batch processor
 * kept — a `BatchSpanProcessor` drops what exceeds its `maxQueueSize` before any exporter runs.
 */
export class DecisionLogExporter {
  private readonly logger: Logger;
  private readonly mapper: SpanMapper;
  private readonly runtime: DecisionRuntime;
  private stopped = false;

  constructor(options: VaxeliaOptions = {}) {
    this.logger = safeLogger(options.logger, options);
    const aiSystemId = resolveOption(options.aiSystemId, ENV.aiSystemId, String);
    this.mapper = new SpanMapper({ filter: options.filter, aiSystemId, maxContentLength: options.maxContentLength, logger: this.logger });
    this.runtime = new DecisionRuntime({ ...options, aiSystemId }, this.logger);
  }

  export(spans: SpanLike[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: FAILED, error: new Error('DecisionLogExporter is shut down') });
      return;
    }
    let selected: SpanLike[];
    try {
      selected = spans.filter((span) => this.mapper.select(span));
      for (const span of selected) this.mapper.observe(span);
    } catch (error) {
      resultCallback({ code: FAILED, error: error as Error });
      return;
    }
    const decisions = this.mapper.map(selected);
    if (decisions.length === 0) {
      resultCallback({ code: SUCCESS });
      return;
    }
    void this.runtime.submit(decisions).then((result) =>
      resultCallback(result.error === undefined ? { code: SUCCESS } : { code: FAILED, error: new Error('decisions could not be recorded') }),
    );
  }

  async forceFlush(): Promise<void> {
    await this.runtime.flush();
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.runtime.shutdown();
  }
}
