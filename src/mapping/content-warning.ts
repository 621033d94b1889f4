/**
 * The warning a model-call decision carries when none of its spans recorded any message content —
 * the default of most instrumentations — naming the switch that turns content capture on.
 */

export const NO_CONTENT_WARNING_PREFIX = 'no message content recorded';

/** Content switches by instrumentation scope (prefix match), then by dialect. */
const SWITCH_BY_SCOPE: [prefix: string, fix: string][] = [
  ['@opentelemetry/instrumentation-openai', 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (or captureMessageContent: true)'],
  ['@opentelemetry/instrumentation-', 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true'],
  ['@traceloop/', 'TRACELOOP_TRACE_CONTENT=true (or traceContent: true)'],
  ['com.anthropic.sdk', 'ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content'],
  ['@arizeai/', 'unset OPENINFERENCE_HIDE_INPUTS / OPENINFERENCE_HIDE_OUTPUTS / OPENINFERENCE_HIDE_INPUT_MESSAGES / OPENINFERENCE_HIDE_OUTPUT_MESSAGES (or the traceConfig hide options)'],
  ['langfuse', 'pass input and output to the Langfuse observation'],
  ['ai', 'experimental_telemetry: { recordInputs: true, recordOutputs: true }'],
];

const DEFAULT_SWITCH = "the instrumentation's content-capture setting (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true for OpenTelemetry GenAI instrumentations)";

export function contentSwitchFor(scope: string | undefined, dialects: readonly string[] = []): string {
  if (scope) {
    for (const [prefix, fix] of SWITCH_BY_SCOPE) {
      if (prefix === 'ai' ? scope === 'ai' : scope.startsWith(prefix)) return fix;
    }
  }
  if (dialects.includes('openinference')) return SWITCH_BY_SCOPE[4]![1];
  if (dialects.includes('langfuse')) return SWITCH_BY_SCOPE[5]![1];
  return DEFAULT_SWITCH;
}

export function noContentWarning(scope: string | undefined, dialects: readonly string[] = []): string {
  return `${NO_CONTENT_WARNING_PREFIX}: content capture looks off; turn on ${contentSwitchFor(scope, dialects)}`;
}
