import type { DecisionTool, Message, MessagePart } from '../../decision.js';
import type { Attributes } from '../../otel-types.js';
import { readString, readStringArray } from '../attribute-reader.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { DialectFacts } from '../dialect-facts.js';
import { at, indexed, unflatten } from '../flattened-attributes.js';
import type { MappingContext } from '../mapping-context.js';
import { normaliseFinishReason, toPart, toToolDefinitions } from '../message-normalizer.js';
import { isRecord, parseMaybeJson, sanitizeString } from '../sanitize.js';
import { valueToMessages } from '../value-content.js';
import { OPENINFERENCE_REDACTED, toOpenInferenceMessages } from './openinference-messages.js';

/**
 * The OpenInference semantic conventions (Arize Phoenix; `@arizeai/openinference-*`):
 * `openinference.span.kind`, `llm.*`, `embedding.*`, `tool.*`, `input.value` / `output.value`.
 *
 * Decisions: LLM and EMBEDDING spans (model calls), TOOL and AGENT spans; a CHAIN span only when it
 * is the model-facing one (it carries `llm.*` model attributes). RETRIEVER, RERANKER, PROMPT,
 * plain CHAIN spans are workflow steps, not decisions; GUARDRAIL and EVALUATOR spans are checks
 * (openinference-checks.ts).
 */

export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';

const OPERATION_BY_KIND: Record<string, string> = { LLM: 'chat', EMBEDDING: 'embeddings', TOOL: 'execute_tool', AGENT: 'invoke_agent', CHAIN: 'chat' };
/** Largest `output.value` parsed for the response id and model (they sit at the top of it). */
const MAX_OUTPUT_JSON = 256 * 1024;

/** The span kind when the span is an OpenInference decision, else undefined. Key lookups only. */
export function openInferenceDecisionKind(attributes: Attributes): string | undefined {
  const raw = attributes[OPENINFERENCE_SPAN_KIND];
  if (typeof raw !== 'string') return undefined;
  const kind = raw.toUpperCase();
  if (kind === 'CHAIN') return isModelFacing(attributes) ? kind : undefined;
  return OPERATION_BY_KIND[kind] ? kind : undefined;
}

/** An LLM or EMBEDDING span, or a model-facing CHAIN span: one call to a model. */
export function isOpenInferenceModelCall(attributes: Attributes): boolean {
  const kind = openInferenceDecisionKind(attributes);
  return kind === 'LLM' || kind === 'EMBEDDING' || kind === 'CHAIN';
}

function isModelFacing(attributes: Attributes): boolean {
  return (
    attributes['llm.model_name'] !== undefined ||
    attributes['llm.token_count.prompt'] !== undefined ||
    attributes['llm.input_messages.0.message.role'] !== undefined ||
    attributes['llm.output_messages.0.message.role'] !== undefined
  );
}

/** Fills content slots from an OpenInference span and returns what else it says; undefined for other spans. */
export function readOpenInference(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): DialectFacts | undefined {
  const kind = openInferenceDecisionKind(attributes);
  if (kind === undefined) return undefined;
  ctx.used('openinference');
  const facts: DialectFacts = { operation: OPERATION_BY_KIND[kind] };
  if (kind === 'TOOL') readToolContent(attributes, slots, ctx);
  else if (kind === 'EMBEDDING') readEmbeddingContent(attributes, slots, ctx);
  else if (kind === 'AGENT') readValues(attributes, slots, ctx);
  else readLlmContent(attributes, slots, ctx, facts);

  const invocation = parseMaybeJson(attributes['llm.invocation_parameters'], ctx, 'llm.invocation_parameters');
  const output = readOutputJson(attributes, ctx);
  const name = readString(attributes, 'llm.model_name', ctx) ?? readString(attributes, 'embedding.model_name', ctx) ?? readString(attributes, 'reranker.model_name', ctx);
  const requested = readString(attributes, 'llm.request.model_name', ctx) ?? (isRecord(invocation) && typeof invocation.model === 'string' ? invocation.model : undefined);
  const responded = readString(attributes, 'llm.response.model_name', ctx) ?? (typeof output?.model === 'string' ? output.model : undefined);
  facts.requestModel = requested ?? (responded === undefined ? name : undefined);
  facts.responseModel = responded ?? (name !== undefined && name !== facts.requestModel ? name : undefined);
  if (typeof output?.id === 'string' && output.id !== '') facts.responseId = sanitizeString(output.id, ctx);
  facts.provider = readString(attributes, 'llm.provider', ctx) ?? readString(attributes, 'llm.system', ctx) ?? frameworkProvider(attributes, ctx);
  const finish = readStringArray(attributes, 'llm.finish_reason', ctx);
  if (finish) facts.finishReasons = finish.map(normaliseFinishReason);
  if (kind === 'TOOL') facts.tool = readTool(attributes, ctx);
  const agentName = readString(attributes, 'agent.name', ctx);
  if (agentName) facts.agent = { name: agentName };
  const session = readString(attributes, 'session.id', ctx);
  if (session) facts.conversationId = session;
  return facts;
}

function readLlmContent(attributes: Attributes, slots: ContentSlots, ctx: MappingContext, facts: DialectFacts): void {
  const input = toOpenInferenceMessages(unflatten(attributes, 'llm.input_messages', ctx), 'user', ctx);
  const prompts = input ? undefined : readPrompts(attributes, ctx);
  if (prompts) facts.operation = 'text_completion';
  fill(slots, 'input', input ?? prompts);
  fill(slots, 'output', toOpenInferenceMessages(unflatten(attributes, 'llm.output_messages', ctx), 'assistant', ctx));
  const schemas = indexed(unflatten(attributes, 'llm.tools', ctx))
    .map((item) => at(item, 'tool.json_schema'))
    .filter((schema) => schema !== undefined);
  if (schemas.length > 0) fill(slots, 'toolDefinitions', toToolDefinitions(schemas, ctx, 'llm.tools'));
  // Messages hidden or not recorded: the raw request / response values, when present.
  if (!slots.input) readValue(attributes, 'input', slots, ctx);
  if (!slots.output) readValue(attributes, 'output', slots, ctx);
}

/** `llm.prompts` (completions API): a string list, or flattened `llm.prompts.{i}.prompt.text`. */
function readPrompts(attributes: Attributes, ctx: MappingContext): Message[] | undefined {
  const texts =
    readStringArray(attributes, 'llm.prompts', ctx) ??
    indexed(unflatten(attributes, 'llm.prompts', ctx))
      .map((item) => at(item, 'prompt.text'))
      .filter((text): text is string => typeof text === 'string');
  const parts: MessagePart[] = texts.filter((text) => text !== '' && text !== OPENINFERENCE_REDACTED).map((text) => ({ type: 'text', content: sanitizeString(text, ctx) }));
  return parts.length > 0 ? [{ role: 'user', parts }] : undefined;
}

function readEmbeddingContent(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): void {
  const texts = indexed(unflatten(attributes, 'embedding.embeddings', ctx))
    .map((item) => at(item, 'embedding.text'))
    .filter((text): text is string => typeof text === 'string' && text !== '' && text !== OPENINFERENCE_REDACTED);
  if (texts.length > 0) fill(slots, 'input', [{ role: 'user', parts: texts.map((text) => ({ type: 'text', content: sanitizeString(text, ctx) })) }]);
  else readValue(attributes, 'input', slots, ctx);
}

function readValues(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): void {
  readValue(attributes, 'input', slots, ctx);
  readValue(attributes, 'output', slots, ctx);
}

function readValue(attributes: Attributes, which: 'input' | 'output', slots: ContentSlots, ctx: MappingContext): void {
  const raw = attributes[`${which}.value`];
  if (raw === undefined || raw === OPENINFERENCE_REDACTED) return;
  fill(slots, which, valueToMessages(raw, which === 'input' ? 'user' : 'assistant', ctx, `${which}.value`));
}

/** A TOOL span: its arguments (`input.value`) as a tool call, its result (`output.value`) as the response. */
function readToolContent(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): void {
  const id = readString(attributes, 'tool_call.id') ?? readString(attributes, 'tool.id');
  const name = readString(attributes, 'tool.name') ?? readString(attributes, 'tool_call.function.name');
  const args = attributes['input.value'] ?? attributes['tool_call.function.arguments'];
  if (args !== undefined && args !== OPENINFERENCE_REDACTED) {
    const part = toPart({ type: 'tool_call', id, name, arguments: args }, ctx);
    if (part) fill(slots, 'input', [{ role: 'assistant', parts: [part] }]);
  }
  const result = attributes['output.value'];
  if (result !== undefined && result !== OPENINFERENCE_REDACTED) {
    const part = toPart({ type: 'tool_call_response', id, response: unwrapFrameworkResult(parseMaybeJson(result, ctx, 'output.value') ?? result) }, ctx);
    if (part) fill(slots, 'output', [{ role: 'tool', parts: [part] }]);
  }
}

/** LangChain serialises a tool's result as `{ output: ToolMessage }` (`{ lc, kwargs: { content } }`). */
function unwrapFrameworkResult(value: unknown): unknown {
  let current = isRecord(value) && Object.keys(value).length === 1 && 'output' in value ? value.output : value;
  if (isRecord(current) && current.lc === 1 && isRecord(current.kwargs) && 'content' in current.kwargs) current = current.kwargs.content;
  return current;
}

function readTool(attributes: Attributes, ctx: MappingContext): DecisionTool | undefined {
  const name = readString(attributes, 'tool.name', ctx);
  if (!name) return undefined;
  const tool: DecisionTool = { name, type: 'function' };
  const callId = readString(attributes, 'tool_call.id', ctx) ?? readString(attributes, 'tool.id', ctx);
  if (callId) tool.callId = callId;
  const description = readString(attributes, 'tool.description', ctx);
  if (description) tool.description = sanitizeString(description, ctx);
  return tool;
}

/** The provider's JSON response (`output.value`), for its `id` and `model`. */
function readOutputJson(attributes: Attributes, ctx: MappingContext): Record<string, unknown> | undefined {
  const raw = attributes['output.value'];
  if (typeof raw !== 'string' || raw.length > MAX_OUTPUT_JSON || attributes['output.mime_type'] !== 'application/json') return undefined;
  const value = parseMaybeJson(raw, ctx, 'output.value');
  return isRecord(value) ? value : undefined;
}

/** LangChain puts the provider only in its run metadata (`ls_provider`). */
function frameworkProvider(attributes: Attributes, ctx: MappingContext): string | undefined {
  const metadata = attributes.metadata;
  if (typeof metadata !== 'string' || !metadata.includes('ls_provider')) return undefined;
  const parsed = parseMaybeJson(metadata, ctx, 'metadata');
  return isRecord(parsed) && typeof parsed.ls_provider === 'string' ? parsed.ls_provider : undefined;
}
