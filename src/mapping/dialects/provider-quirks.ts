import type { Message } from '../../decision.js';
import type { SpanLike } from '../../otel-types.js';
import { firstString, readString } from '../attribute-reader.js';
import type { ContentSlots } from '../content-slots.js';
import type { MappingContext } from '../mapping-context.js';

/**
 * What two instrumentations get wrong about one provider, repaired where the span shows it:
 * - `@opentelemetry/instrumentation-aws-sdk` names no operation for Bedrock `InvokeModel`
 *   (only `Converse` gets `gen_ai.operation.name`): a chat, or embeddings for an embedding model;
 * - `@traceloop/instrumentation-vertexai` records Gemini `generateContent` as `llm.request.type =
 *   completion`, keeps Gemini's role `model`, and puts the system instruction in a `system` message.
 */

const INVOKE_MODEL = /^InvokeModel(WithResponseStream)?$/;

export function isVertexSpan(span: SpanLike, ctx: MappingContext): boolean {
  const scope = (span.instrumentationScope ?? span.instrumentationLibrary)?.name ?? '';
  if (scope === '@traceloop/instrumentation-vertexai') return true;
  const system = firstString(span.attributes, ['gen_ai.system', 'gen_ai.provider.name'], ctx)?.toLowerCase() ?? '';
  return system.includes('vertex');
}

/** The operation where the instrumentation names none, or the wrong one; undefined to keep its own. */
export function providerOperation(span: SpanLike, explicit: string | undefined, ctx: MappingContext): string | undefined {
  const attributes = span.attributes;
  if (explicit === undefined) {
    const method = readString(attributes, 'rpc.method', ctx) ?? span.name.split('.').at(-1) ?? '';
    const service = readString(attributes, 'rpc.service', ctx) ?? span.name;
    if (INVOKE_MODEL.test(method) && /bedrock/i.test(service)) {
      const model = readString(attributes, 'gen_ai.request.model', ctx) ?? '';
      return /embed/i.test(model) ? 'embeddings' : 'chat';
    }
  }
  if ((explicit === undefined || explicit === 'text_completion') && isVertexSpan(span, ctx)) {
    const model = firstString(attributes, ['gen_ai.request.model', 'gen_ai.response.model'], ctx) ?? '';
    if (/gemini/i.test(model) || /generateContent/i.test(span.name)) return 'chat';
  }
  return undefined;
}

/** Vertex AI content in the GenAI shape: `model` → `assistant`, leading `system` messages → system instructions. */
export function repairVertexContent(slots: ContentSlots): void {
  const rename = (messages: Message[] | undefined) => messages?.forEach((m) => {
    if (m.role === 'model') m.role = 'assistant';
  });
  rename(slots.input);
  rename(slots.output);
  if (!slots.input || slots.systemInstructions) return;
  const system = slots.input.filter((m) => m.role === 'system');
  if (system.length === 0) return;
  slots.systemInstructions = system.flatMap((m) => m.parts);
  slots.input = slots.input.filter((m) => m.role !== 'system');
}
