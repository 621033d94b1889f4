import type { Message, MessagePart } from '../../decision.js';
import { at, type FlatTree, indexed } from '../flattened-attributes.js';
import type { MappingContext } from '../mapping-context.js';
import { normaliseFinishReason, toPart } from '../message-normalizer.js';
import { sanitizeString } from '../sanitize.js';

/**
 * OpenInference messages, one tree per list (`llm.input_messages`, `llm.output_messages`), each
 * item `{ message: { role, content | contents.{j}.message_content.{type,text,image}, name,
 * tool_calls.{k}.tool_call.{id,function.{name,arguments}}, tool_call_id, function_call_name,
 * function_call_arguments_json } }` — turned into the GenAI message shape.
 */

/** OpenInference leaves role names to the framework: LangChain's and Gemini's are folded in. */
const ROLE_ALIASES: Record<string, string> = { human: 'user', ai: 'assistant', model: 'assistant', function: 'tool' };

/** The value OpenInference writes in place of content hidden by its `OPENINFERENCE_HIDE_*` settings. */
export const OPENINFERENCE_REDACTED = '__REDACTED__';

export function toOpenInferenceMessages(list: unknown, defaultRole: string, ctx: MappingContext): Message[] | undefined {
  const messages: Message[] = [];
  for (const item of indexed(list)) {
    const message = at(item, 'message');
    if (message === undefined) continue;
    messages.push(toMessage(message as FlatTree, defaultRole, ctx));
  }
  return messages.some((m) => m.parts.length > 0) ? messages : undefined;
}

function toMessage(message: FlatTree, defaultRole: string, ctx: MappingContext): Message {
  const rawRole = typeof message.role === 'string' && message.role !== '' ? message.role.toLowerCase() : defaultRole;
  const role = sanitizeString(ROLE_ALIASES[rawRole] ?? rawRole, ctx);
  const parts: MessagePart[] = [];
  const content = textOf(message.content);
  const toolCallId = message.tool_call_id;
  if (role === 'tool' && typeof toolCallId === 'string') {
    const part = toPart({ type: 'tool_call_response', id: toolCallId, response: content ?? '' }, ctx);
    if (part && content !== undefined) parts.push(part);
  } else if (content !== undefined) {
    parts.push({ type: 'text', content: sanitizeString(content, ctx) });
  }
  for (const item of indexed(message.contents)) {
    const part = contentPart(at(item, 'message_content'), ctx);
    if (part) parts.push(part);
  }
  for (const item of indexed(message.tool_calls)) {
    const call = at(item, 'tool_call');
    const part = toPart({ type: 'tool_call', id: at(call, 'id'), name: at(call, 'function.name'), arguments: at(call, 'function.arguments') }, ctx);
    if (part) parts.push(part);
  }
  if (typeof message.function_call_name === 'string') {
    const part = toPart({ type: 'tool_call', name: message.function_call_name, arguments: message.function_call_arguments_json }, ctx);
    if (part) parts.push(part);
  }
  const result: Message = { role, parts };
  if (typeof message.name === 'string' && message.name !== '') result.name = sanitizeString(message.name, ctx);
  if (typeof message.finish_reason === 'string') result.finish_reason = normaliseFinishReason(message.finish_reason);
  return result;
}

/** `message_content.{type,text,image.image.url,…}`: text parts, images as `uri` parts. */
function contentPart(content: unknown, ctx: MappingContext): MessagePart | undefined {
  if (content === null || typeof content !== 'object') return undefined;
  const node = content as FlatTree;
  const text = textOf(node.text);
  if (text !== undefined) return { type: 'text', content: sanitizeString(text, ctx) };
  const url = at(node, 'image.image.url') ?? at(node, 'image.url') ?? at(node, 'image');
  if (typeof url === 'string' && url !== OPENINFERENCE_REDACTED) return { type: 'uri', modality: 'image', uri: sanitizeString(url, ctx) };
  return undefined;
}

/** Content text, unless empty or hidden by the instrumentation. */
function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value === OPENINFERENCE_REDACTED) return undefined;
  return value;
}
