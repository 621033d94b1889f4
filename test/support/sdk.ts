import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';

/** A real SDK tracer + logger provider wired to one processor instance, as an app would. */
let contextManagerInstalled = false;

export function createSdk(processor: DecisionLogSpanProcessor) {
  // Context propagation (parent spans, baggage) needs a context manager, as NodeSDK installs.
  if (!contextManagerInstalled) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerInstalled = true;
  }
  const tracerProvider = new TracerProvider({ spanProcessors: [processor as never] });
  const loggerProvider = new LoggerProvider({ processors: [processor as never] });
  return {
    tracer: tracerProvider.getTracer('test-app'),
    llmTracer: tracerProvider.getTracer('@opentelemetry/instrumentation-openai', '0.22.0'),
    logger: loggerProvider.getLogger('@opentelemetry/instrumentation-openai'),
    /** Runs `fn` with `span` as the active span, so log records carry its span id. */
    inSpan<T>(span: ReturnType<ReturnType<TracerProvider['getTracer']>['startSpan']>, fn: () => T): T {
      return context.with(trace.setSpan(context.active(), span), fn);
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}
