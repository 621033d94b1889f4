import type { Message, MessagePart } from '../decision.js';
import type { MappingContext } from './mapping-context.js';
import { contentParts, toMessage, toMessages } from './message-normalizer.js';
import { isRecord, parseMaybeJson, sanitizeString } from './sanitize.js';

/**
 * Content recorded as one opaque value — OpenInference `input.value` / `output.value`, Langfuse
 * `langfuse.observation.input` / `output` — whatever the app or framework put there: a plain
 * string, a list of texts (embeddings), a list of chat messages, an OpenAI request (`messages`)
 * or response (`choices`, Responses `output`), or any other JSON (kept as text).
 */
export function valueToMessages(raw: unknown, role: string, ctx: MappingContext, what: string): Message[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  // Text that only looks like JSON stays text.
  const value = typeof raw === 'string' && looksLikeJson(raw) ? (parseMaybeJson(raw, ctx, what) ?? raw) : raw;
  if (typeof value === 'string') return [{ role, parts: [{ type: 'text', content: sanitizeString(value, ctx) }] }];
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) {
      const parts: MessagePart[] = value.map((item) => ({ type: 'text', content: sanitizeString(item, ctx) }));
      return parts.length > 0 ? [{ role, parts }] : undefined;
    }
    return toMessages(value, ctx, what, role);
  }
  if (!isRecord(value)) return [{ role, parts: contentParts(String(value), ctx) }];
  if (Array.isArray(value.messages)) return toMessages(value.messages, ctx, what, role);
  if (Array.isArray(value.choices)) {
    const messages = value.choices.filter(isRecord).map((choice) => toMessage({ role: 'assistant', ...(isRecord(choice.message) ? choice.message : {}) }, ctx, 'assistant'));
    return messages.filter((m): m is Message => m !== undefined);
  }
  if (Array.isArray(value.output)) return toMessages(value.output, ctx, what, role);
  if (typeof value.input === 'string' || Array.isArray(value.input)) return valueToMessages(value.input, role, ctx, what);
  if (typeof value.role === 'string' || value.content !== undefined) {
    const message = toMessage(value, ctx, role);
    return message ? [message] : undefined;
  }
  return [{ role, parts: [{ type: 'text', content: sanitizeString(JSON.stringify(value), ctx) }] }];
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}
