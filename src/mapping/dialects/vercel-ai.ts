import type { Message, MessagePart } from '../../decision.js';
import type { Attributes } from '../../otel-types.js';
import { readString, readStringArray } from '../attribute-reader.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { MappingContext } from '../mapping-context.js';
import { contentParts, normaliseFinishReason, toMessages, toPart, toToolDefinitions } from '../message-normalizer.js';
import { isRecord, parseMaybeJson, sanitizeString } from '../sanitize.js';

/**
 * The Vercel AI SDK's own telemetry (`ai.*` attributes, scope `ai`).
 *
 * Span roles, by `ai.operationId`:
 * - `ai.generateText.doGenerate`, `ai.streamText.doStream`, `ai.generateObject.doGenerate`,
 *   `ai.streamObject.doStream`, `ai.embed.doEmbed`, `ai.embedMany.doEmbed`: one provider call each;
 * - `ai.toolCall`: one tool execution;
 * - `ai.generateText`, `ai.streamText`, …: wrappers around one or more provider calls — not decisions
 *   of their own (see `isWrapperSpan`).
 */

const OPERATION_BY_ID: Record<string, string> = {
  'ai.generateText.doGenerate': 'chat',
  'ai.streamText.doStream': 'chat',
  'ai.generateObject.doGenerate': 'chat',
  'ai.streamObject.doStream': 'chat',
  'ai.embed.doEmbed': 'embeddings',
  'ai.embedMany.doEmbed': 'embeddings',
  'ai.toolCall': 'execute_tool',
};

const WRAPPER_IDS = new Set([
  'ai.generateText',
  'ai.streamText',
  'ai.generateObject',
  'ai.streamObject',
  'ai.embed',
  'ai.embedMany',
]);

export function vercelOperationId(attributes: Attributes): string | undefined {
  const id = attributes['ai.operationId'];
  return typeof id === 'string' ? id : undefined;
}

export function vercelOperation(operationId: string): string | undefined {
  return OPERATION_BY_ID[operationId];
}

/** A wrapper span groups provider calls that have spans of their own: recording it would double-count. */
export function isVercelWrapper(operationId: string | undefined): boolean {
  return operationId !== undefined && WRAPPER_IDS.has(operationId);
}

export function readVercelContent(attributes: Attributes, operationId: string, slots: ContentSlots, ctx: MappingContext): void {
  ctx.used('vercel-ai');
  if (operationId === 'ai.toolCall') {
    readToolCall(attributes, slots, ctx);
    return;
  }
  if (operationId.endsWith('.doEmbed')) {
    const values = readStringArray(attributes, 'ai.values', ctx) ?? wrap(readString(attributes, 'ai.value', ctx));
    if (values) {
      // Each value is JSON-encoded: a string input arrives as `"\"text\""`.
      const parts: MessagePart[] = values.map((value) => {
        const decoded = decodeJsonString(value);
        return { type: 'text', content: sanitizeString(decoded ?? value, ctx) };
      });
      fill(slots, 'input', [{ role: 'user', parts }]);
    }
    return;
  }
  const promptMessages = attributes['ai.prompt.messages'];
  if (promptMessages !== undefined) {
    fill(slots, 'input', toMessages(promptMessages, ctx, 'ai.prompt.messages', 'user'));
  } else if (attributes['ai.prompt'] !== undefined) {
    readPrompt(attributes['ai.prompt'], slots, ctx);
  }
  const tools = attributes['ai.prompt.tools'];
  if (tools !== undefined) fill(slots, 'toolDefinitions', toToolDefinitions(tools, ctx, 'ai.prompt.tools'));
  fill(slots, 'output', readOutput(attributes, ctx));
}

/** `ai.prompt` = `{ system?, prompt?, messages? }` as JSON. */
function readPrompt(raw: unknown, slots: ContentSlots, ctx: MappingContext): void {
  const prompt = parseMaybeJson(raw, ctx, 'ai.prompt');
  if (!isRecord(prompt)) {
    if (typeof prompt === 'string') fill(slots, 'input', [{ role: 'user', parts: contentParts(prompt, ctx) }]);
    return;
  }
  if (prompt.system !== undefined) fill(slots, 'systemInstructions', contentParts(prompt.system, ctx));
  if (prompt.messages !== undefined) fill(slots, 'input', toMessages(prompt.messages, ctx, 'ai.prompt', 'user'));
  else if (prompt.prompt !== undefined) fill(slots, 'input', toMessages(prompt.prompt, ctx, 'ai.prompt', 'user'));
}

function readOutput(attributes: Attributes, ctx: MappingContext): Message[] | undefined {
  const parts: MessagePart[] = [];
  const reasoning = readString(attributes, 'ai.response.reasoning', ctx) ?? readString(attributes, 'ai.response.reasoningText', ctx);
  if (reasoning) parts.push({ type: 'reasoning', content: sanitizeString(reasoning, ctx) });
  const text = readString(attributes, 'ai.response.text', ctx) ?? readString(attributes, 'ai.response.object', ctx);
  if (text) parts.push({ type: 'text', content: sanitizeString(text, ctx) });
  const toolCalls = parseMaybeJson(attributes['ai.response.toolCalls'], ctx, 'ai.response.toolCalls');
  if (Array.isArray(toolCalls)) {
    for (const call of toolCalls) {
      const part = isRecord(call) ? toPart({ ...call, type: 'tool-call' }, ctx) : undefined;
      if (part) parts.push(part);
    }
  }
  if (parts.length === 0) return undefined;
  const message: Message = { role: 'assistant', parts };
  const finish = readString(attributes, 'ai.response.finishReason', ctx);
  if (finish) message.finish_reason = normaliseFinishReason(finish);
  return [message];
}

function readToolCall(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): void {
  const name = readString(attributes, 'ai.toolCall.name', ctx);
  const id = readString(attributes, 'ai.toolCall.id', ctx);
  const args = attributes['ai.toolCall.args'];
  if (args !== undefined) {
    const part = toPart({ type: 'tool_call', id, name, arguments: args }, ctx);
    if (part) fill(slots, 'input', [{ role: 'assistant', parts: [part] }]);
  }
  const result = attributes['ai.toolCall.result'];
  if (result !== undefined) {
    const part = toPart({ type: 'tool_call_response', id, response: result }, ctx);
    if (part) fill(slots, 'output', [{ role: 'tool', parts: [part] }]);
  }
}

function wrap(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value];
}

function decodeJsonString(value: string): string | undefined {
  if (!value.startsWith('"')) return undefined;
  try {
    const decoded: unknown = JSON.parse(value);
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}
