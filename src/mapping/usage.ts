import type { DecisionUsage } from '../decision.js';
import type { Attributes } from '../otel-types.js';
import { firstNumber } from './attribute-reader.js';
import type { MappingContext } from './mapping-context.js';

/**
 * Every key an instrumentation has been seen to use for each token count, in precedence order
 * (GenAI semconv, legacy OpenLLMetry, Vercel AI SDK, OpenInference `llm.token_count.*`).
 */
const USAGE_KEYS: Record<keyof DecisionUsage, readonly string[]> = {
  inputTokens: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.usage.prompt_tokens',
    'ai.usage.inputTokens',
    'ai.usage.promptTokens',
    'ai.usage.tokens',
    'llm.token_count.prompt',
  ],
  outputTokens: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.usage.completion_tokens',
    'ai.usage.outputTokens',
    'ai.usage.completionTokens',
    'llm.token_count.completion',
  ],
  totalTokens: ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens', 'ai.usage.totalTokens', 'llm.token_count.total'],
  cacheReadInputTokens: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'gen_ai.usage.cached_tokens',
    'ai.usage.inputTokenDetails.cacheReadTokens',
    'ai.usage.cachedInputTokens',
    'llm.token_count.prompt_details.cache_read',
  ],
  cacheCreationInputTokens: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_write.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    'ai.usage.inputTokenDetails.cacheWriteTokens',
    'llm.token_count.prompt_details.cache_write',
  ],
  reasoningTokens: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
    'ai.usage.outputTokenDetails.reasoningTokens',
    'ai.usage.reasoningTokens',
    'llm.token_count.completion_details.reasoning',
  ],
};

export function readUsage(attributes: Attributes, ctx: MappingContext): DecisionUsage | undefined {
  let usage: DecisionUsage | undefined;
  for (const field of Object.keys(USAGE_KEYS) as (keyof DecisionUsage)[]) {
    const value = firstNumber(attributes, USAGE_KEYS[field], ctx);
    if (value === undefined) continue;
    if (value < 0) {
      ctx.warn(`negative token count for ${field} ignored`);
      continue;
    }
    usage ??= {};
    usage[field] = value;
  }
  return usage;
}
