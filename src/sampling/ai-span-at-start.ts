import type { Attributes } from '../otel-types.js';
import { isGenAISpan } from '../mapping/is-gen-ai-span.js';

/**
 * Span names of AI calls, for spans whose tracer sets their attributes only after starting them
 * (a sampler sees the name and the start attributes, never the instrumentation scope):
 * GenAI semconv `{operation} {model}`, OpenLLMetry and SDK tracing `openai.chat`,
 * `anthropic.messages.create`, Vercel `ai.generateText…`, OpenInference `OpenAI Chat Completions`,
 * LangChain model classes (`ChatOpenAI`, `AzureChatOpenAI`, `OpenAIEmbeddings`).
 */
const AI_SPAN_NAME = new RegExp(
  [
    '^(chat|text_completion|generate_content|embeddings|execute_tool|invoke_agent|create_agent)( |$)',
    '^(openai|azure|anthropic|bedrock|vertexai|gemini|cohere|together|mistral|groq|ollama|langfuse)[ ._]',
    '^ai\\.(generate|stream|embed|toolCall)',
    '^OpenAI (Chat Completions|Completions|Embeddings|Responses)$',
    '^(Azure)?Chat[A-Z][A-Za-z]+$',
    '^[A-Z][A-Za-z]*Embeddings$',
  ].join('|'),
);

/** Whether a span looks like an AI call from what is known when it starts. Key lookups and one regex. */
export function looksLikeAICallAtStart(spanName: string, attributes: Attributes | undefined): boolean {
  if (attributes && isGenAISpan({ attributes } as never)) return true;
  return AI_SPAN_NAME.test(spanName);
}
