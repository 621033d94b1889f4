import type { Attributes, SpanLike } from '../otel-types.js';
import { isLangfuseModelCall, langfuseOperation } from './dialects/langfuse.js';
import { isOpenInferenceModelCall, openInferenceDecisionKind } from './dialects/openinference.js';
import { openInferenceCheckKind } from './dialects/openinference-checks.js';

/**
 * Instrumentation scopes that only ever emit LLM-call spans. Scopes that also emit workflow or
 * plumbing spans (LangChain, HTTP) are deliberately absent: their spans are judged by attributes.
 */
const LLM_SCOPES = new Set([
  '@opentelemetry/instrumentation-openai',
  '@traceloop/instrumentation-openai',
  '@traceloop/instrumentation-anthropic',
  '@traceloop/instrumentation-bedrock',
  '@traceloop/instrumentation-vertexai',
  '@traceloop/instrumentation-cohere',
  '@traceloop/instrumentation-together',
  'com.anthropic.sdk.typescript',
  'ai',
]);

/**
 * Whether an attribute whose presence alone marks a span as describing a GenAI operation is set.
 * Written out, not a loop over a key list: this runs for every span the app ends, and a keyed load
 * with a changing key was ~70 ns of figure 1's ~90 ns `onEnd`; constant keys are a few ns.
 */
function hasMarkerAttribute(attributes: Attributes): boolean {
  return (
    attributes['gen_ai.operation.name'] !== undefined ||
    attributes['gen_ai.provider.name'] !== undefined ||
    attributes['gen_ai.system'] !== undefined ||
    attributes['gen_ai.request.model'] !== undefined ||
    attributes['llm.request.type'] !== undefined
  );
}

/**
 * Whether a span describes an LLM / agent / tool operation, from the span's own content only:
 * GenAI semantic-convention attributes, legacy Traceloop keys, Vercel AI SDK `ai.*` spans,
 * OpenInference LLM / EMBEDDING / TOOL / AGENT / GUARDRAIL / EVALUATOR spans, Langfuse generation / embedding / agent / tool
 * observations, or a known LLM instrumentation scope. A handful of property lookups: cheap enough for every span.
 */
export function isGenAISpan(span: SpanLike): boolean {
  const attributes = span.attributes;
  if (attributes) {
    if (hasMarkerAttribute(attributes)) return true;
    const operationId = attributes['ai.operationId'];
    if (typeof operationId === 'string' && operationId.startsWith('ai.')) return true;
    if (openInferenceDecisionKind(attributes) !== undefined || langfuseOperation(attributes) !== undefined) return true;
    if (openInferenceCheckKind(attributes) !== undefined) return true;
  }
  const scope = span.instrumentationScope ?? span.instrumentationLibrary;
  return scope !== undefined && LLM_SCOPES.has(scope.name);
}

/**
 * `agent_step` (Vercel AI SDK 7's `step N` span) wraps exactly the model call of its step: counted
 * here so that the step merges into the call's decision instead of becoming one without a model.
 */
const MODEL_CALL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings', 'completion', 'agent_step']);

/**
 * Whether a span is one call to a model (as opposed to an agent, a tool or a wrapper).
 * Used by the nesting policy: a model-call span enclosing another one is a wrapper.
 */
export function isModelCallSpan(attributes: Attributes): boolean {
  if (isOpenInferenceModelCall(attributes) || isLangfuseModelCall(attributes)) return true;
  const operation = attributes['gen_ai.operation.name'] ?? attributes['llm.request.type'];
  if (typeof operation === 'string') return MODEL_CALL_OPERATIONS.has(operation);
  const operationId = attributes['ai.operationId'];
  return typeof operationId === 'string' && /\.(doGenerate|doStream|doEmbed)$/.test(operationId);
}
