import type { DecisionUsage } from '../../decision.js';
import type { Attributes } from '../../otel-types.js';
import { firstString, readString } from '../attribute-reader.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { DialectFacts } from '../dialect-facts.js';
import type { MappingContext } from '../mapping-context.js';
import { toPart } from '../message-normalizer.js';
import { isRecord, parseMaybeJson, sanitizeString } from '../sanitize.js';
import { valueToMessages } from '../value-content.js';

/**
 * Langfuse observations (`@langfuse/tracing`, the Langfuse Python SDK, and anything exporting to
 * Langfuse's OTel intake): `langfuse.observation.type`, `.input`, `.output`, `.model.name`,
 * `.usage_details`, `.level`, `.status_message`. Generation and embedding observations are model
 * calls; agent and tool observations are decisions too; spans, events, chains, retrievers,
 * evaluators and guardrails are not.
 */

export const LANGFUSE_OBSERVATION_TYPE = 'langfuse.observation.type';

const OPERATION_BY_TYPE: Record<string, string> = { generation: 'chat', embedding: 'embeddings', agent: 'invoke_agent', tool: 'execute_tool' };

/** Keys of `usage_details` (Langfuse's own, OpenAI's and Anthropic's names), by decision field. */
const USAGE_KEYS: Record<keyof DecisionUsage, readonly string[]> = {
  inputTokens: ['input', 'prompt_tokens', 'input_tokens', 'promptTokens', 'inputTokens'],
  outputTokens: ['output', 'completion_tokens', 'output_tokens', 'completionTokens', 'outputTokens'],
  totalTokens: ['total', 'total_tokens', 'totalTokens'],
  cacheReadInputTokens: ['input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read', 'cached_tokens'],
  cacheCreationInputTokens: ['cache_creation_input_tokens', 'input_cache_creation'],
  reasoningTokens: ['output_reasoning_tokens', 'reasoning_tokens', 'output_reasoning'],
};

/** The operation when the span is a Langfuse observation that is a decision. Key lookups only. */
export function langfuseOperation(attributes: Attributes): string | undefined {
  const type = attributes[LANGFUSE_OBSERVATION_TYPE];
  return typeof type === 'string' ? OPERATION_BY_TYPE[type.toLowerCase()] : undefined;
}

export function isLangfuseModelCall(attributes: Attributes): boolean {
  const operation = langfuseOperation(attributes);
  return operation === 'chat' || operation === 'embeddings';
}

/** `spanName` is the observation's name (a tool observation's tool name). */
export function readLangfuse(attributes: Attributes, spanName: string, slots: ContentSlots, ctx: MappingContext): DialectFacts | undefined {
  const operation = langfuseOperation(attributes);
  if (operation === undefined) return undefined;
  ctx.used('langfuse');
  const input = attributes['langfuse.observation.input'];
  const output = attributes['langfuse.observation.output'];
  if (operation === 'execute_tool') {
    const call = input === undefined ? undefined : toPart({ type: 'tool_call', name: spanName, arguments: input }, ctx);
    if (call) fill(slots, 'input', [{ role: 'assistant', parts: [call] }]);
    const response = output === undefined ? undefined : toPart({ type: 'tool_call_response', response: output }, ctx);
    if (response) fill(slots, 'output', [{ role: 'tool', parts: [response] }]);
  } else {
    fill(slots, 'input', valueToMessages(input, 'user', ctx, 'langfuse.observation.input'));
    fill(slots, 'output', valueToMessages(output, 'assistant', ctx, 'langfuse.observation.output'));
  }
  const facts: DialectFacts = { operation };
  if (operation === 'execute_tool' && spanName) facts.tool = { name: sanitizeString(spanName, ctx), type: 'function' };
  const model = readString(attributes, 'langfuse.observation.model.name', ctx);
  if (model) facts.requestModel = model;
  const usage = readUsageDetails(attributes['langfuse.observation.usage_details'], ctx);
  if (usage) facts.usage = usage;
  const level = readString(attributes, 'langfuse.observation.level', ctx);
  if (level?.toUpperCase() === 'ERROR') {
    const message = readString(attributes, 'langfuse.observation.status_message', ctx);
    facts.failure = message ? { message: sanitizeString(message, ctx) } : {};
  }
  const session = firstString(attributes, ['session.id', 'langfuse.session.id'], ctx);
  if (session) facts.conversationId = session;
  return facts;
}

function readUsageDetails(raw: unknown, ctx: MappingContext): DecisionUsage | undefined {
  const details = parseMaybeJson(raw, ctx, 'langfuse.observation.usage_details');
  if (!isRecord(details)) return undefined;
  let usage: DecisionUsage | undefined;
  for (const field of Object.keys(USAGE_KEYS) as (keyof DecisionUsage)[]) {
    const value = USAGE_KEYS[field].map((key) => details[key]).find((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
    if (typeof value !== 'number') continue;
    usage ??= {};
    usage[field] = value === 0 ? 0 : value; // JSON has no negative zero
  }
  return usage;
}
