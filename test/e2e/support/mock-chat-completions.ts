/** POST /v1/chat/completions: JSON body, or SSE chunks when `stream: true`. */
import type { Conversation, Reply } from './mock-openai-replies.js';
import { countTokens, replyTo, replyTokens } from './mock-openai-replies.js';
import type { MockExchange } from './mock-openai-types.js';
import { responseModelFor } from './mock-openai-types.js';

type Json = Record<string, unknown>;

export interface ChatResult {
  exchange: Omit<MockExchange, 'request' | 'status'>;
  /** JSON body (non-streaming) or the SSE `data:` payloads in order (streaming). */
  body?: Json;
  chunks?: Json[];
}

export function chatCompletion(request: Json, ids: { next(prefix: string): string }): ChatResult {
  const conversation = chatConversation(request);
  const reply = replyTo(conversation);
  const usage = { inputTokens: countTokens(conversation.texts), outputTokens: replyTokens(reply) };
  const id = ids.next('chatcmpl');
  const toolCallId = reply.kind === 'tool_call' ? ids.next('call') : undefined;
  const model = responseModelFor(String(request.model));
  const created = 1_790_000_000;
  const finishReason = reply.kind === 'tool_call' ? 'tool_calls' : 'stop';
  const exchange = { responseId: id, responseModel: model, reply, toolCallId, finishReason, usage };
  const usageJson = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const base = { id, created, model, system_fingerprint: 'fp_mock', service_tier: 'default' };

  if (request.stream !== true) {
    return {
      exchange,
      body: {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: messageOf(reply, toolCallId), logprobs: null, finish_reason: finishReason }],
        usage: usageJson,
      },
    };
  }

  const chunk = (choices: Json[], extra: Json = {}): Json => ({ ...base, object: 'chat.completion.chunk', choices, ...extra });
  const chunks: Json[] = [chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }])];
  if (reply.kind === 'text') {
    for (const piece of splitWords(reply.text)) {
      chunks.push(chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]));
    }
  } else {
    const call = { index: 0, id: toolCallId, type: 'function', function: { name: reply.name, arguments: '' } };
    chunks.push(chunk([{ index: 0, delta: { tool_calls: [call] }, logprobs: null, finish_reason: null }]));
    for (const piece of splitInTwo(reply.arguments)) {
      chunks.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }]));
    }
  }
  chunks.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
  const streamOptions = request.stream_options as Json | undefined;
  if (streamOptions?.include_usage === true) chunks.push(chunk([], { usage: usageJson }));
  return { exchange, chunks };
}

function messageOf(reply: Reply, toolCallId: string | undefined): Json {
  if (reply.kind === 'text') return { role: 'assistant', content: reply.text, refusal: null, annotations: [] };
  return {
    role: 'assistant',
    content: null,
    refusal: null,
    annotations: [],
    tool_calls: [{ id: toolCallId, type: 'function', function: { name: reply.name, arguments: reply.arguments } }],
  };
}

function chatConversation(request: Json): Conversation {
  const messages = Array.isArray(request.messages) ? (request.messages as Json[]) : [];
  const texts: string[] = [];
  let lastUserText = '';
  for (const message of messages) {
    const text = contentText(message.content);
    texts.push(text);
    if (Array.isArray(message.tool_calls)) texts.push(JSON.stringify(message.tool_calls));
    if (message.role === 'user') lastUserText = text;
  }
  const last = messages.at(-1);
  const tools = Array.isArray(request.tools) ? (request.tools as Json[]) : [];
  return {
    texts,
    lastUserText,
    toolResult: last?.role === 'tool' ? contentText(last.content) : undefined,
    toolNames: tools.map((tool) => String((tool.function as Json | undefined)?.name ?? tool.name)),
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('');
  }
  return '';
}

/** Word-sized deltas that concatenate back to the text. */
export function splitWords(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function splitInTwo(text: string): string[] {
  const middle = Math.floor(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)];
}
