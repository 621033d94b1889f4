import { describe, expect, it } from 'vitest';
import { contentSwitchFor } from '../../src/mapping/content-warning.js';

describe('the content-capture switch named for each instrumentation', () => {
  it.each([
    ['@opentelemetry/instrumentation-openai', [], /OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true/],
    ['@traceloop/instrumentation-anthropic', [], /TRACELOOP_TRACE_CONTENT=true/],
    ['com.anthropic.sdk.typescript', [], /ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content/],
    ['@arizeai/openinference-instrumentation-openai', [], /OPENINFERENCE_HIDE_INPUTS/],
    ['ai', [], /recordInputs: true/],
    ['my-own-tracer', ['openinference'], /OPENINFERENCE_HIDE_INPUTS/],
    [undefined, [], /OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT/],
  ] as const)('%s', (scope, dialects, expected) => {
    expect(contentSwitchFor(scope, dialects)).toMatch(expected);
  });
});
