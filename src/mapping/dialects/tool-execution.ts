import type { Attributes } from '../../otel-types.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { MappingContext } from '../mapping-context.js';
import { toPart } from '../message-normalizer.js';

/**
 * `execute_tool` spans of the GenAI conventions: the call's arguments become the decision's input
 * and its result the output, as tool-call parts, so they are redacted like any message content.
 */
const RESULT_KEYS = ['gen_ai.tool.call.result', 'anthropic.tool_result.content', 'traceloop.entity.output'];
const ARGUMENT_KEYS = ['gen_ai.tool.call.arguments', 'traceloop.entity.input'];

export function readToolExecutionContent(attributes: Attributes, slots: ContentSlots, ctx: MappingContext): void {
  const id = attributes['gen_ai.tool.call.id'];
  const name = attributes['gen_ai.tool.name'];
  const args = ARGUMENT_KEYS.map((key) => attributes[key]).find((value) => value !== undefined);
  const result = RESULT_KEYS.map((key) => attributes[key]).find((value) => value !== undefined);
  if (args !== undefined) {
    const part = toPart({ type: 'tool_call', id, name, arguments: args }, ctx);
    if (part && fill(slots, 'input', [{ role: 'assistant', parts: [part] }])) ctx.used('gen_ai-tool');
  }
  if (result !== undefined) {
    const part = toPart({ type: 'tool_call_response', id, response: result }, ctx);
    if (part && fill(slots, 'output', [{ role: 'tool', parts: [part] }])) ctx.used('gen_ai-tool');
  }
}
