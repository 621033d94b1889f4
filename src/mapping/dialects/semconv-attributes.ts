import type { Attributes } from '../../otel-types.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { MappingContext } from '../mapping-context.js';
import { contentParts, toMessages, toToolDefinitions } from '../message-normalizer.js';
import { parseMaybeJson } from '../sanitize.js';

/**
 * GenAI semantic-convention content attributes (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`, `gen_ai.tool.definitions`), as JSON strings on spans or as
 * structured values on log records and OTLP kvlists.
 */
export function readSemconvContent(attributes: Attributes | Record<string, unknown>, slots: ContentSlots, ctx: MappingContext): void {
  const attrs = attributes as Record<string, unknown>;
  let used = false;
  if (attrs['gen_ai.input.messages'] !== undefined) {
    used = fill(slots, 'input', toMessages(attrs['gen_ai.input.messages'], ctx, 'gen_ai.input.messages', 'user')) || used;
  }
  if (attrs['gen_ai.output.messages'] !== undefined) {
    used = fill(slots, 'output', toMessages(attrs['gen_ai.output.messages'], ctx, 'gen_ai.output.messages', 'assistant')) || used;
  }
  const system = attrs['gen_ai.system_instructions'];
  if (system !== undefined) {
    used = fill(slots, 'systemInstructions', contentParts(parseMaybeJson(system, ctx, 'gen_ai.system_instructions'), ctx)) || used;
  }
  if (attrs['gen_ai.tool.definitions'] !== undefined) {
    used = fill(slots, 'toolDefinitions', toToolDefinitions(attrs['gen_ai.tool.definitions'], ctx, 'gen_ai.tool.definitions')) || used;
  }
  if (used) ctx.used('gen_ai-semconv');
}
