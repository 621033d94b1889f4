/** POST /v1/responses: a `response` object, or the typed SSE events when `stream: true`. */
import { splitWords } from './mock-chat-completions.js';
import type { Conversation } from './mock-openai-replies.js';
import { countTokens, replyTo, replyTokens } from './mock-openai-replies.js';
import type { MockExchange } from './mock-openai-types.js';
import { responseModelFor } from './mock-openai-types.js';

type Json = Record<string, unknown>;

export interface ResponsesResult {
  exchange: Omit<MockExchange, 'request' | 'status'>;
  body?: Json;
  /** SSE events in order; each carries its `type`. */
  events?: Json[];
}

/**
 * Output items by id, so that a follow-up request may reference earlier output with
 * `{ type: 'item_reference', id }` (what `@ai-sdk/openai` sends when `store` is on).
 */
export type ItemStore = Map<string, Json>;

export function createResponse(request: Json, ids: { next(prefix: string): string }, store: ItemStore): ResponsesResult {
  const conversation = responsesConversation(request, store);
  const reply = replyTo(conversation);
  const usage = { inputTokens: countTokens(conversation.texts), outputTokens: replyTokens(reply) };
  const id = ids.next('resp');
  const model = responseModelFor(String(request.model));
  const item: Json =
    reply.kind === 'text'
      ? {
          type: 'message',
          id: ids.next('msg'),
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: reply.text, annotations: [], logprobs: [] }],
        }
      : { type: 'function_call', id: ids.next('fc'), call_id: ids.next('call'), name: reply.name, arguments: reply.arguments, status: 'completed' };
  store.set(String(item.id), item);
  const toolCallId = reply.kind === 'tool_call' ? String(item.call_id) : undefined;
  const exchange = { responseId: id, responseModel: model, reply, toolCallId, finishReason: 'completed', usage };
  const response = (status: string, output: Json[], withUsage: boolean): Json => ({
    id,
    object: 'response',
    created_at: 1_790_000_000,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: request.store !== false,
    temperature: request.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: request.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    usage: withUsage
      ? {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.inputTokens + usage.outputTokens,
        }
      : null,
    user: null,
    metadata: {},
  });

  if (request.stream !== true) return { exchange, body: response('completed', [item], true) };

  const events: Json[] = [
    { type: 'response.created', response: response('in_progress', [], false) },
    { type: 'response.in_progress', response: response('in_progress', [], false) },
  ];
  const itemId = String(item.id);
  if (reply.kind === 'text') {
    events.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    const emptyPart = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    events.push({ type: 'response.content_part.added', item_id: itemId, output_index: 0, content_index: 0, part: emptyPart });
    for (const delta of splitWords(reply.text)) {
      events.push({ type: 'response.output_text.delta', item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] });
    }
    events.push({ type: 'response.output_text.done', item_id: itemId, output_index: 0, content_index: 0, text: reply.text, logprobs: [] });
    const fullPart = { ...emptyPart, text: reply.text };
    events.push({ type: 'response.content_part.done', item_id: itemId, output_index: 0, content_index: 0, part: fullPart });
  } else {
    events.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
    events.push({ type: 'response.function_call_arguments.delta', item_id: itemId, output_index: 0, delta: reply.arguments });
    events.push({ type: 'response.function_call_arguments.done', item_id: itemId, output_index: 0, arguments: reply.arguments });
  }
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({ type: 'response.completed', response: response('completed', [item], true) });
  events.forEach((event, index) => {
    event.sequence_number = index;
  });
  return { exchange, events };
}

function responsesConversation(request: Json, store: ItemStore): Conversation {
  const texts: string[] = [];
  if (typeof request.instructions === 'string') texts.push(request.instructions);
  let lastUserText = '';
  let toolResult: string | undefined;
  const input = typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : (request.input as Json[] | undefined) ?? [];
  for (const raw of input) {
    const item = raw.type === 'item_reference' ? (store.get(String(raw.id)) ?? raw) : raw;
    toolResult = undefined;
    if (item.type === 'function_call_output') {
      toolResult = contentText(item.output);
      texts.push(toolResult);
    } else if (item.type === 'function_call') {
      texts.push(String(item.arguments ?? ''));
    } else if (typeof item.role === 'string') {
      const text = contentText(item.content);
      texts.push(text);
      if (item.role === 'user') lastUserText = text;
    }
  }
  const tools = Array.isArray(request.tools) ? (request.tools as Json[]) : [];
  return {
    texts,
    lastUserText,
    toolResult,
    toolNames: tools.filter((tool) => tool.type === 'function').map((tool) => String(tool.name)),
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('');
  }
  return '';
}
