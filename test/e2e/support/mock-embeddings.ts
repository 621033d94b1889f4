/** POST /v1/embeddings: float arrays, or base64 little-endian float32 when asked (the openai SDK's default). */
import { embeddingOf, wordCount } from './mock-openai-replies.js';
import type { MockExchange } from './mock-openai-types.js';
import { responseModelFor } from './mock-openai-types.js';

type Json = Record<string, unknown>;

export function createEmbeddings(request: Json): { exchange: Omit<MockExchange, 'request' | 'status'>; body: Json } {
  const inputs = (Array.isArray(request.input) ? request.input : [request.input]).map((value) =>
    typeof value === 'string' ? value : JSON.stringify(value),
  );
  const base64 = request.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = embeddingOf(text);
    return { object: 'embedding', index, embedding: base64 ? toBase64Float32(vector) : vector };
  });
  const inputTokens = inputs.reduce((sum, text) => sum + wordCount(text), 0);
  const model = responseModelFor(String(request.model));
  return {
    exchange: { responseModel: model, usage: { inputTokens, outputTokens: 0 } },
    body: { object: 'list', data, model, usage: { prompt_tokens: inputTokens, total_tokens: inputTokens } },
  };
}

function toBase64Float32(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
