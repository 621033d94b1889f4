import type { Message, MessagePart, ToolDefinition } from '../../decision.js';
import type { Attributes } from '../../otel-types.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { MappingContext } from '../mapping-context.js';
import { contentParts, normaliseFinishReason, toPart } from '../message-normalizer.js';
import { isRecord, parseMaybeJson, sanitizeString, sanitizeValue } from '../sanitize.js';

/**
 * The flattened keys of older OpenLLMetry/Traceloop instrumentations:
 * `gen_ai.prompt.{i}.role|content|tool_call_id|tool_calls.{j}.*`, `gen_ai.completion.{i}.*`,
 * and `llm.request.functions.{i}.name|description|arguments` for tool definitions.
 */
const FLAT_KEY = /^(gen_ai\.prompt|gen_ai\.completion|llm\.request\.functions)\.(\d{1,5})\.(.+)$/;
const MAX_INDEX = 1_000;

export function hasLegacyContent(attributes: Attributes): boolean {
  return (
    attributes['gen_ai.prompt.0.content'] !== undefined ||
    attributes['gen_ai.prompt.0.role'] !== undefined ||
    attributes['gen_ai.completion.0.content'] !== undefined ||
    attributes['gen_ai.completion.0.role'] !== undefined ||
    attributes['gen_ai.completion.0.finish_reason'] !== undefined ||
    attributes['llm.request.functions.0.name'] !== undefined
  );
}

type Fields = Map<string, unknown>;

export function readLegacyContent(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): string[] | undefined {
  const groups: Record<string, Map<number, Fields>> = {
    'gen_ai.prompt': new Map(),
    'gen_ai.completion': new Map(),
    'llm.request.functions': new Map(),
  };
  for (const key of Object.keys(attributes)) {
    const match = FLAT_KEY.exec(key);
    if (!match) continue;
    const index = Number(match[2]);
    if (index > MAX_INDEX) {
      ctx.warn('flattened message index above limit ignored');
      continue;
    }
    const group = groups[match[1]!]!;
    let fields = group.get(index);
    if (!fields) {
      fields = new Map();
      group.set(index, fields);
    }
    fields.set(match[3]!, attributes[key]);
  }
  ctx.used('legacy-flattened');
  fill(slots, 'input', toLegacyMessages(groups['gen_ai.prompt']!, ctx, 'user'));
  fill(slots, 'output', toLegacyMessages(groups['gen_ai.completion']!, ctx, 'assistant'));
  fill(slots, 'toolDefinitions', toLegacyTools(groups['llm.request.functions']!, ctx));
  const finishReasons = [...groups['gen_ai.completion']!.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, fields]) => fields.get('finish_reason'))
    .filter((reason): reason is string => typeof reason === 'string' && reason !== '')
    .map(normaliseFinishReason);
  return finishReasons.length > 0 ? finishReasons : undefined;
}

function toLegacyMessages(group: Map<number, Fields>, ctx: MappingContext, defaultRole: string): Message[] | undefined {
  const messages: Message[] = [];
  for (const [, fields] of [...group.entries()].sort(([a], [b]) => a - b)) {
    const role = typeof fields.get('role') === 'string' ? sanitizeString(fields.get('role') as string, ctx) : defaultRole;
    const rawContent = fields.get('content');
    // Serialised `null` is what these instrumentations write for an assistant turn with only tool calls.
    const content = rawContent === 'null' ? undefined : rawContent;
    const parts: MessagePart[] = [];
    const toolCallId = fields.get('tool_call_id');
    if (role === 'tool') {
      const response = toPart({ type: 'tool_call_response', id: toolCallId, response: content }, ctx);
      if (response && content !== undefined) parts.push(response);
    } else if (typeof content === 'string') {
      parts.push(...legacyTextParts(content, ctx));
    }
    for (const call of collectToolCalls(fields)) {
      const part = toPart({ type: 'tool_call', ...call }, ctx);
      if (part) parts.push(part);
    }
    const message: Message = { role, parts };
    const finish = fields.get('finish_reason');
    if (typeof finish === 'string' && finish !== '') message.finish_reason = normaliseFinishReason(finish);
    messages.push(message);
  }
  return messages.some((m) => m.parts.length > 0) ? messages : undefined;
}

/** Anthropic completions are recorded as the JSON of their content blocks; plain text stays text. */
function legacyTextParts(content: string, ctx: MappingContext): MessagePart[] {
  const trimmed = content.trimStart();
  if (trimmed.startsWith('[{')) {
    const parsed = parseMaybeJson(content, ctx, 'legacy content');
    if (Array.isArray(parsed) && parsed.every((block) => isRecord(block) && typeof block.type === 'string')) {
      return contentParts(parsed, ctx);
    }
  }
  return content === '' ? [] : [{ type: 'text', content: sanitizeString(content, ctx) }];
}

function collectToolCalls(fields: Fields): { id?: unknown; name?: unknown; arguments?: unknown }[] {
  const calls = new Map<number, { id?: unknown; name?: unknown; arguments?: unknown }>();
  for (const [key, value] of fields) {
    const match = /^tool_calls\.(\d{1,4})\.(id|name|arguments)$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const call = calls.get(index) ?? {};
    call[match[2] as 'id' | 'name' | 'arguments'] = value;
    calls.set(index, call);
  }
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
}

function toLegacyTools(group: Map<number, Fields>, ctx: MappingContext): ToolDefinition[] | undefined {
  const tools: ToolDefinition[] = [];
  for (const [, fields] of [...group.entries()].sort(([a], [b]) => a - b)) {
    const name = fields.get('name');
    if (typeof name !== 'string') continue;
    const tool: ToolDefinition = { type: 'function', name: sanitizeString(name, ctx) };
    const description = fields.get('description');
    if (typeof description === 'string') tool.description = sanitizeString(description, ctx);
    const parameters = fields.get('arguments') ?? fields.get('parameters');
    if (parameters !== undefined) tool.parameters = sanitizeValue(parseMaybeJson(parameters, ctx, 'llm.request.functions'), ctx);
    tools.push(tool);
  }
  return tools.length > 0 ? tools : undefined;
}
