import type { Reply } from './mock-openai-replies.js';

/** One request the mock received and what it answered: tests assert decisions against it. */
export interface MockExchange {
  request: {
    method: string;
    path: string;
    /** Parsed JSON body (empty object when there was none). */
    body: Record<string, unknown>;
    model?: string;
    stream: boolean;
  };
  status: number;
  responseId?: string;
  responseModel?: string;
  reply?: Reply;
  /** Id of the tool call in `reply` (chat: `call_…`; responses: the `call_id`). */
  toolCallId?: string;
  /** As the API spells it: chat `stop` / `tool_calls`; responses `completed`. */
  finishReason?: string;
  usage?: { inputTokens: number; outputTokens: number };
  /** Error body `error.message`, for 4xx / 5xx. */
  errorMessage?: string;
}

/** The dated snapshot the mock reports as `model` in responses, like the real API. */
export function responseModelFor(requestModel: string): string {
  if (requestModel.startsWith('text-embedding')) return requestModel;
  return `${requestModel}-2024-08-06`;
}
