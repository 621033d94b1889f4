import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_CONTENT_WARNING_PREFIX } from '../../src/mapping/content-warning.js';
import { spanToDecision } from '../../src/mapping/span-to-decision.js';
import type { Attributes, SpanLike } from '../../src/otel-types.js';
import { NO_PRIMITIVE_FORM } from '../support/json-fields.js';

function span(attributes: Record<string, unknown>, extra: Partial<SpanLike> = {}): SpanLike {
  return {
    name: 'chat',
    spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
    startTime: [1_790_000_000, 0],
    endTime: [1_790_000_001, 500_000_000],
    status: { code: 0 },
    attributes: attributes as Attributes,
    ...extra,
  };
}

/** These spans carry no content on purpose; the no-content notice is tested in content-warning.test.ts. */
function withoutContentNotice(warnings: string[] | undefined): string[] | undefined {
  return warnings?.filter((warning) => !warning.startsWith(NO_CONTENT_WARNING_PREFIX));
}

const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' };

describe('malformed attributes still yield a record with warnings', () => {
  it('malformed JSON in a message attribute', () => {
    const d = spanToDecision(span({ ...CHAT, 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"' }));
    expect(d!.input.messages).toEqual([]);
    expect(withoutContentNotice(d!.mappingWarnings)).toEqual(['gen_ai.input.messages is not valid JSON']);
  });

  it('non-string values where strings are expected', () => {
    const d = spanToDecision(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 42, 'gen_ai.usage.input_tokens': 'twelve', 'gen_ai.response.finish_reasons': [1, 'stop'] }));
    expect(d!.requestModel).toBe('42');
    expect(d!.usage).toBeUndefined();
    expect(d!.finishReasons).toEqual(['stop']);
    expect(withoutContentNotice(d!.mappingWarnings)?.sort()).toEqual(['attribute gen_ai.response.finish_reasons has non-string items', 'attribute gen_ai.usage.input_tokens is not a number']);
  });

  it('missing model', () => {
    const d = spanToDecision(span({ 'gen_ai.operation.name': 'chat' }));
    expect(d!.modelUsed).toBe('unknown');
    expect(withoutContentNotice(d!.mappingWarnings)).toEqual(['span names no model']);
  });

  it('megabyte content is truncated with a marker carrying the original size', () => {
    const big = 'x'.repeat(1_048_576);
    const d = spanToDecision(span({ ...CHAT, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: big }] }]) }));
    const content = d!.input.messages[0]!.parts[0]!.content as string;
    expect(content.length).toBeLessThan(33_000);
    expect(content.endsWith('…[truncated by vaxelia: original 1048576 chars]')).toBe(true);
    expect(d!.mappingWarnings).toEqual(['content truncated']);
  });

  it('a base64 image blob is kept as a blob part, cut to the content limit', () => {
    const blob = Buffer.alloc(200_000, 7).toString('base64');
    const d = spanToDecision(
      span({ ...CHAT, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'blob', modality: 'image', mime_type: 'image/png', content: blob }] }]) }),
      { maxContentLength: 1024 },
    );
    const part = d!.input.messages[0]!.parts[0]!;
    expect(part).toMatchObject({ type: 'blob', modality: 'image', mime_type: 'image/png' });
    expect((part.content as string).length).toBeLessThan(1100);
  });

  it('lone surrogates are replaced so the record can be canonicalised', () => {
    const d = spanToDecision(span({ ...CHAT, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'a\uD800b' }] }]) }));
    expect(d!.input.messages[0]!.parts[0]!.content).toBe('a\uFFFDb');
    expect(d!.mappingWarnings).toEqual(['content contained lone surrogates (replaced with U+FFFD)']);
  });

  it('deeply nested JSON (100,000 levels) is cut at the depth limit', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const d = spanToDecision(span({ ...CHAT, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'tool_call', name: 'f', arguments: deep }] }]) }));
    expect(JSON.stringify(d)).toContain('[depth limit]');
    expect(d!.mappingWarnings).toContain('structure deeper than the depth limit was cut');
  });

  it('prototype-pollution keys stay plain data', () => {
    const d = spanToDecision(
      span({ ...CHAT, 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"tool_call","name":"f","arguments":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}]}]' }),
    );
    const args = d!.input.messages[0]!.parts[0]!.arguments as Record<string, unknown>;
    expect(Object.hasOwn(args, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(d)).input.messages[0].parts[0].arguments.__proto__).toEqual({ polluted: true });
  });

  it('an impossible end time becomes a warning, not a RangeError', () => {
    const d = spanToDecision(span(CHAT, { endTime: [Number.MAX_SAFE_INTEGER, 0] }));
    expect(d!.decidedAt).toMatch(/Z$/);
    expect(d!.mappingWarnings).toContain('span end time is invalid; recorded the mapping time instead');
  });

  it('property: any attribute values never make spanToDecision throw, and the record is JSON-stable', () => {
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.oneof(fc.string(), fc.double(), fc.boolean())),
      fc.json(),
      // What the gateway hands the mapping from OTLP kvlist/array values: plain objects and arrays,
      // including objects with no primitive form (String() and Number() throw on them).
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(...NO_PRIMITIVE_FORM, [1, { valueOf: 1, toString: 1 }]),
    );
    const keys = fc.constantFrom(
      'gen_ai.input.messages',
      'gen_ai.output.messages',
      'gen_ai.system_instructions',
      'gen_ai.tool.definitions',
      'gen_ai.prompt.0.content',
      'gen_ai.prompt.0.role',
      'gen_ai.completion.0.content',
      'gen_ai.completion.0.tool_calls.0.arguments',
      'ai.prompt',
      'ai.prompt.messages',
      'ai.response.toolCalls',
      'ai.values',
      'gen_ai.usage.input_tokens',
      'gen_ai.response.finish_reasons',
      'gen_ai.tool.call.arguments',
      'vaxelia.policy.id',
      'vaxelia.human_oversight.reviewer_ids',
      'vaxelia.ai_system_id',
      'llm.model_name',
      'llm.input_messages',
      'input.value',
      'langfuse.observation.input',
      '__proto__',
    );
    fc.assert(
      fc.property(fc.dictionary(keys, value), fc.constantFrom('chat', 'execute_tool', 'embeddings'), fc.constantFrom(undefined, 'ai.generateText.doGenerate', 'ai.toolCall'), (attrs, operation, operationId) => {
        const attributes: Record<string, unknown> = { ...attrs, 'gen_ai.operation.name': operation };
        if (operationId) attributes['ai.operationId'] = operationId;
        const d = spanToDecision(span(attributes));
        expect(d).toBeDefined();
        const text = JSON.stringify(d);
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
        expect(text.isWellFormed()).toBe(true);
      }),
      { numRuns: 500 },
    );
  }, 180_000); // 500 random spans through the whole mapping: CPU-bound, minutes on a loaded machine
});
