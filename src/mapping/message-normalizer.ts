import type { Message, MessagePart, ToolDefinition } from '../decision.js';
import type { MappingContext } from './mapping-context.js';
import { isRecord, parseMaybeJson, sanitizeString, sanitizeValue } from './sanitize.js';

/**
 * Turns the message shapes instrumentations emit — GenAI semantic conventions, OpenAI chat,
 * OpenAI Responses items, Vercel AI SDK prompts, Anthropic content blocks — into the one GenAI
 * semantic-convention shape `{ role, parts: [{ type, … }] }` that every decision carries.
 */

const MAX_MESSAGES = 1_000;

export function toMessages(raw: unknown, ctx: MappingContext, what: string, defaultRole = 'user'): Message[] | undefined {
  const value = parseMaybeJson(raw, ctx, what);
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  if (items.length > MAX_MESSAGES) ctx.warn(`${what} truncated to ${MAX_MESSAGES} messages`);
  const messages: Message[] = [];
  for (const item of items.slice(0, MAX_MESSAGES)) {
    const message = toMessage(item, ctx, defaultRole);
    if (message) messages.push(message);
  }
  return expandSerialisedResponsesInput(messages, ctx);
}

export function toMessage(raw: unknown, ctx: MappingContext, defaultRole: string): Message | undefined {
  if (typeof raw === 'string') return { role: defaultRole, parts: textParts(raw, ctx) };
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) ctx.warn('message is neither an object nor a string');
    return undefined;
  }
  // A bare Responses API item (function_call, function_call_output) is a message of its own.
  if (raw.role === undefined && typeof raw.type === 'string' && raw.type !== 'message') {
    const part = toPart(raw, ctx);
    if (!part) return undefined;
    return { role: part.type === 'tool_call' ? 'assistant' : 'tool', parts: [part] };
  }
  const role = typeof raw.role === 'string' && raw.role !== '' ? sanitizeString(raw.role, ctx) : defaultRole;
  const parts: MessagePart[] = [];
  if (Array.isArray(raw.parts)) {
    for (const part of raw.parts) pushPart(parts, part, ctx);
  } else {
    const content = parseToolContent(raw.content, ctx);
    if (role === 'tool' && (raw.tool_call_id !== undefined || raw.id !== undefined)) {
      parts.push(toolResponse(raw.tool_call_id ?? raw.id, content, ctx));
    } else {
      parts.push(...contentParts(content, ctx));
    }
  }
  if (Array.isArray(raw.tool_calls)) {
    for (const call of raw.tool_calls) pushPart(parts, { ...(isRecord(call) ? call : {}), type: 'function_call_openai' }, ctx);
  }
  const message: Message = { role, parts };
  if (typeof raw.name === 'string') message.name = sanitizeString(raw.name, ctx);
  const finish = raw.finish_reason ?? raw.finishReason;
  if (typeof finish === 'string') message.finish_reason = normaliseFinishReason(finish);
  return message;
}

/** `content` may be a string, an array of typed parts / blocks, or (rarely) one part object. */
export function contentParts(content: unknown, ctx: MappingContext): MessagePart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return textParts(content, ctx);
  const parts: MessagePart[] = [];
  for (const item of Array.isArray(content) ? content : [content]) pushPart(parts, item, ctx);
  return parts;
}

function textParts(text: string, ctx: MappingContext): MessagePart[] {
  return text === '' ? [] : [{ type: 'text', content: sanitizeString(text, ctx) }];
}

function pushPart(parts: MessagePart[], raw: unknown, ctx: MappingContext): void {
  const part = toPart(raw, ctx);
  if (part) parts.push(part);
}

export function toPart(raw: unknown, ctx: MappingContext): MessagePart | undefined {
  if (typeof raw === 'string') return { type: 'text', content: sanitizeString(raw, ctx) };
  if (!isRecord(raw)) return undefined;
  const type = typeof raw.type === 'string' ? raw.type.toWellFormed() : 'text';
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { type: 'text', content: stringContent(raw.content ?? raw.text, ctx) };
    case 'reasoning':
    case 'thinking':
    case 'redacted_thinking':
      return { type: 'reasoning', content: stringContent(raw.content ?? raw.text ?? raw.thinking ?? raw.data, ctx) };
    case 'tool_call':
      return toolCall(raw.id ?? raw.call_id, raw.name, raw.arguments, ctx);
    case 'tool-call':
      return toolCall(raw.toolCallId, raw.toolName, raw.input ?? raw.args, ctx);
    case 'tool_use':
    case 'server_tool_use':
      return toolCall(raw.id, raw.name, raw.input, ctx);
    case 'function_call':
      return toolCall(raw.call_id ?? raw.id, raw.name, raw.arguments, ctx);
    case 'function_call_openai': {
      const fn = isRecord(raw.function) ? raw.function : raw;
      return toolCall(raw.id, fn.name, fn.arguments, ctx);
    }
    case 'tool_call_response':
      return toolResponse(raw.id ?? raw.call_id, raw.response ?? raw.result, ctx);
    case 'tool-result':
      return toolResponse(raw.toolCallId, isRecord(raw.output) && 'value' in raw.output ? raw.output.value : (raw.output ?? raw.result), ctx);
    case 'tool_result':
      return toolResponse(raw.tool_use_id ?? raw.id, raw.content, ctx);
    case 'function_call_output':
      return toolResponse(raw.call_id ?? raw.id, raw.output, ctx);
    default: {
      // blob / uri / file / image parts and future types: keep them, made safe (a base64 blob is
      // truncated by the content limit like any other string).
      const copy = sanitizeValue(raw, ctx) as Record<string, unknown>;
      return { ...copy, type } as MessagePart;
    }
  }
}

function toolCall(id: unknown, name: unknown, args: unknown, ctx: MappingContext): MessagePart {
  const part: MessagePart = { type: 'tool_call', name: typeof name === 'string' ? sanitizeString(name, ctx) : 'unknown' };
  if (typeof id === 'string' && id !== '') part.id = sanitizeString(id, ctx);
  if (args !== undefined && args !== null && args !== '') part.arguments = sanitizeValue(parseToolContent(args, ctx), ctx);
  return part;
}

function toolResponse(id: unknown, response: unknown, ctx: MappingContext): MessagePart {
  const part: MessagePart = { type: 'tool_call_response', response: sanitizeValue(parseToolContent(response, ctx) ?? null, ctx) };
  if (typeof id === 'string' && id !== '') part.id = sanitizeString(id, ctx);
  return part;
}

/** Tool arguments/results are often JSON in a string; keep the structure when they are. */
function parseToolContent(value: unknown, ctx: MappingContext): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    ctx.warn('tool content looked like JSON but is not');
    return value;
  }
}

function stringContent(value: unknown, ctx: MappingContext): string {
  if (typeof value === 'string') return sanitizeString(value, ctx);
  if (value === undefined || value === null) return '';
  return sanitizeString(JSON.stringify(sanitizeValue(value, ctx)) ?? '', ctx);
}

const FINISH_REASONS: Record<string, string> = {
  tool_calls: 'tool_call',
  'tool-calls': 'tool_call',
  tool_use: 'tool_call',
  function_call: 'tool_call',
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  'content-filter': 'content_filter',
};

/** One vocabulary for finish reasons: the GenAI semantic conventions' (`stop`, `length`, `tool_call`, …). */
export function normaliseFinishReason(reason: string): string {
  const lower = reason.toWellFormed().toLowerCase();
  return FINISH_REASONS[lower] ?? lower;
}

/**
 * Some instrumentations record an OpenAI Responses API `input` array serialised into a single
 * text part. When a message's only part is such a serialisation, expand it into real messages.
 */
function expandSerialisedResponsesInput(messages: Message[], ctx: MappingContext): Message[] {
  if (messages.length !== 1) return messages;
  const [only] = messages;
  const part = only?.parts.length === 1 ? only.parts[0] : undefined;
  if (part?.type !== 'text' || typeof part.content !== 'string') return messages;
  const text = part.content.trim();
  if (!text.startsWith('[{') || !text.endsWith('}]')) return messages;
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    return messages;
  }
  if (!Array.isArray(items) || !items.every((item) => isRecord(item) && (typeof item.role === 'string' || typeof item.type === 'string'))) {
    return messages;
  }
  ctx.used('responses-input-items');
  const expanded: Message[] = [];
  for (const item of items) {
    const message = toMessage(item, ctx, only!.role);
    if (message) expanded.push(message);
  }
  return expanded;
}

/** Tool definitions from the semconv attribute, OpenAI `tools`, Vercel `ai.prompt.tools` or legacy keys. */
export function toToolDefinitions(raw: unknown, ctx: MappingContext, what: string): ToolDefinition[] | undefined {
  const value = parseMaybeJson(raw, ctx, what);
  if (!Array.isArray(value)) return undefined;
  const tools: ToolDefinition[] = [];
  for (const entry of value) {
    const item = parseMaybeJson(entry, ctx, what);
    if (!isRecord(item)) continue;
    const fn = isRecord(item.function) ? item.function : item;
    if (typeof fn.name !== 'string') continue;
    const tool: ToolDefinition = { type: typeof item.type === 'string' ? item.type : 'function', name: sanitizeString(fn.name, ctx) };
    if (typeof fn.description === 'string') tool.description = sanitizeString(fn.description, ctx);
    const parameters = fn.parameters ?? fn.inputSchema ?? fn.input_schema;
    if (parameters !== undefined) tool.parameters = sanitizeValue(parseMaybeJson(parameters, ctx, what), ctx);
    tools.push(tool);
  }
  return tools.length > 0 ? tools : undefined;
}
