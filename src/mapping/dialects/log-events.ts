import type { Message } from '../../decision.js';
import type { Attributes, LogRecordLike, SpanEventLike } from '../../otel-types.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { MappingContext } from '../mapping-context.js';
import { normaliseFinishReason, toMessage, toMessages } from '../message-normalizer.js';
import { isRecord, parseMaybeJson } from '../sanitize.js';
import { readSemconvContent } from './semconv-attributes.js';

/**
 * Content carried as gen_ai events — log records through the Logs API (the official OpenAI
 * instrumentation) or span events (older instrumentations) — rather than span attributes.
 */

/** An event reduced to what the mapping needs, whatever carried it. */
export interface GenAIEvent {
  name: string;
  attributes: Record<string, unknown>;
  body: unknown;
  /** The instrumentation scope that emitted a log record (span events share their span's). */
  scope?: string;
}

const ROLE_BY_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

export function eventNameOf(record: { eventName?: string; attributes?: Attributes }): string | undefined {
  if (record.eventName) return record.eventName;
  const name = record.attributes?.['event.name'];
  return typeof name === 'string' ? name : undefined;
}

export function isGenAIEventName(name: string | undefined): boolean {
  return name?.startsWith('gen_ai.') === true;
}

export function fromLogRecord(record: LogRecordLike): GenAIEvent | undefined {
  const name = eventNameOf(record);
  if (!isGenAIEventName(name)) return undefined;
  const event: GenAIEvent = { name: name!, attributes: record.attributes as Record<string, unknown>, body: record.body };
  if (record.instrumentationScope?.name) event.scope = record.instrumentationScope.name;
  return event;
}

export function fromSpanEvent(event: SpanEventLike): GenAIEvent | undefined {
  if (!isGenAIEventName(event.name)) return undefined;
  const attributes = (event.attributes ?? {}) as Record<string, unknown>;
  // Span events have no body: older conventions put it in an attribute.
  const body = attributes['gen_ai.event.content'] ?? attributes.body ?? (attributes.content !== undefined ? { content: attributes.content } : undefined);
  return { name: event.name, attributes, body };
}

export function readEventContent(events: GenAIEvent[], slots: ContentSlots, ctx: MappingContext): void {
  if (events.length === 0) return;
  const input: Message[] = [];
  const choices: { index: number; message: Message }[] = [];
  for (const event of events) {
    if (event.name === 'gen_ai.client.inference.operation.details') {
      readSemconvContent(event.attributes, slots, ctx);
      if (isRecord(event.body)) readSemconvContent(event.body, slots, ctx);
      continue;
    }
    if (event.name === 'gen_ai.content.prompt') {
      fill(slots, 'input', toMessages(event.attributes['gen_ai.prompt'], ctx, 'gen_ai.prompt event', 'user'));
      ctx.used('gen_ai-span-events');
      continue;
    }
    if (event.name === 'gen_ai.content.completion') {
      fill(slots, 'output', toMessages(event.attributes['gen_ai.completion'], ctx, 'gen_ai.completion event', 'assistant'));
      ctx.used('gen_ai-span-events');
      continue;
    }
    const role = ROLE_BY_EVENT[event.name];
    const body = parseMaybeJson(event.body, ctx, `${event.name} body`);
    if (role) {
      const message = toMessage(isRecord(body) ? { ...body, role } : { role, content: body }, ctx, role);
      if (message) input.push(message);
    } else if (event.name === 'gen_ai.choice') {
      const choice = isRecord(body) ? body : {};
      const raw = isRecord(choice.message) ? choice.message : { content: choice.message };
      const message = toMessage({ role: 'assistant', ...raw }, ctx, 'assistant');
      if (message) {
        if (typeof choice.finish_reason === 'string') message.finish_reason = normaliseFinishReason(choice.finish_reason);
        choices.push({ index: typeof choice.index === 'number' ? choice.index : choices.length, message });
      }
    }
  }
  // With content capture off the instrumentation still emits the events, with empty bodies.
  const hasContent = (messages: Message[]) => messages.some((m) => m.parts.length > 0);
  if (input.length > 0 && hasContent(input) && fill(slots, 'input', input)) ctx.used('gen_ai-log-events');
  const output = choices.sort((a, b) => a.index - b.index).map((c) => c.message);
  if (output.length > 0 && hasContent(output) && fill(slots, 'output', output)) ctx.used('gen_ai-log-events');
}
