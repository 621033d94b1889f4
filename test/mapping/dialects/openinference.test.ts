import { describe, expect, it } from 'vitest';
import type { AIDecision, Message } from '../../../src/decision.js';
import { isGenAISpan } from '../../../src/mapping/is-gen-ai-span.js';
import { spanToDecision } from '../../../src/mapping/span-to-decision.js';
import { CAPTURED_FIXTURES_DIR, type Fixture, loadFixture } from '../../support/fixtures.js';
import { specSpan } from '../../support/span-builder.js';

const PII_PROMPT = 'My email is jane.doe@example.com, card 4111 1111 1111 1111, call me at +1 415-555-0132';

function decisionsOf(fixture: Fixture): AIDecision[] {
  return fixture.spans.map((span) => spanToDecision(span)).filter((d): d is AIDecision => d !== undefined);
}

function texts(messages: Message[], role?: string): string[] {
  return messages
    .filter((m) => role === undefined || m.role === role)
    .flatMap((m) => m.parts)
    .filter((p) => p.type === 'text')
    .map((p) => p.content as string);
}

const load = (file: string) => decisionsOf(loadFixture(file, CAPTURED_FIXTURES_DIR));

describe('OpenInference captures (@arizeai/openinference-instrumentation-openai 4.2.7)', () => {
  it('chat: model from the response, request model from the invocation parameters, tokens, response id', () => {
    const [d] = load('openinference-openai/chat.json');
    expect(d).toMatchObject({
      operation: 'chat',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-08-06',
      modelUsed: 'gpt-4o-mini-2024-08-06',
      responseId: 'chatcmpl-mock0001',
      finishReasons: ['stop'],
      usage: { inputTokens: 31, outputTokens: 25, totalTokens: 56, cacheReadInputTokens: 0, reasoningTokens: 0 },
      status: 'completed',
    });
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
    expect(texts(d!.output.messages, 'assistant')[0]).toMatch(/^Thanks!/);
    expect(d!.source?.dialects).toEqual(['openinference']);
    expect(d!.mappingWarnings).toBeUndefined();
  });

  it('tool call: llm.tools json schema, tool_calls in the output, tool_call_id in the history', () => {
    const [first, second] = load('openinference-openai/tool_call.json');
    expect(first!.input.toolDefinitions).toEqual([expect.objectContaining({ type: 'function', name: 'get_weather' })]);
    expect(first!.output.messages[0]!.parts).toEqual([{ type: 'tool_call', id: 'call_mock0004', name: 'get_weather', arguments: { location: 'Paris', unit: 'celsius' } }]);
    expect(first!.finishReasons).toEqual(['tool_call']);
    expect(second!.input.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(second!.input.messages[3]!.parts[0]).toMatchObject({ type: 'tool_call_response', id: 'call_mock0004', response: { temperature: 18 } });
  });

  it('embeddings: EMBEDDING span, embedding.model_name, texts as input', () => {
    const [d] = load('openinference-openai/embeddings.json');
    expect(d).toMatchObject({ operation: 'embeddings', modelUsed: 'text-embedding-3-small' });
    expect(texts(d!.input.messages)).toHaveLength(2);
  });

  it('responses API: message_content parts', () => {
    const [d] = load('openinference-openai/responses.json');
    expect(texts(d!.output.messages, 'assistant')).toEqual(['Hello! We will send a confirmation to jane.doe@example.com.']);
    expect(d!.responseId).toBe('resp_mock0006');
  });
});

describe('OpenInference captures (@arizeai/openinference-instrumentation-langchain 4.1.1)', () => {
  it('a prompt | model chain: only the LLM span is a decision; provider from LangChain metadata', () => {
    const fixture = loadFixture('openinference-langchain/chain.json', CAPTURED_FIXTURES_DIR);
    const decisions = decisionsOf(fixture);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ operation: 'chat', provider: 'openai', modelUsed: 'gpt-4o-mini', usage: { inputTokens: 31 } });
    const kinds = fixture.spans.map((s) => s.attributes['openinference.span.kind']);
    expect(kinds.sort()).toEqual(['CHAIN', 'LLM', 'PROMPT']);
  });

  it('a TOOL span: execute_tool with the arguments and the unwrapped ToolMessage content', () => {
    const decisions = load('openinference-langchain/tool_call.json');
    const tool = decisions.find((d) => d.operation === 'execute_tool')!;
    expect(tool.tool).toEqual({ name: 'get_weather', type: 'function' });
    expect(tool.modelUsed).toBe('none');
    expect(tool.input.messages[0]!.parts[0]).toMatchObject({ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } });
    expect(tool.output.messages[0]!.parts[0]).toMatchObject({ type: 'tool_call_response', response: { temperature: 18 } });
  });
});

describe('OpenInference, from the specification', () => {
  const LLM = { 'openinference.span.kind': 'LLM', 'llm.model_name': 'claude-sonnet-4', 'llm.provider': 'anthropic' };

  it('multimodal contents, cache and reasoning token details, function_call_name', () => {
    const d = spanToDecision(
      specSpan({
        ...LLM,
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'What is in this picture?',
        'llm.input_messages.0.message.contents.1.message_content.type': 'image',
        'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://example.com/cat.png',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.function_call_name': 'describe',
        'llm.output_messages.0.message.function_call_arguments_json': '{"subject":"cat"}',
        'llm.token_count.prompt': 120,
        'llm.token_count.completion': 30,
        'llm.token_count.prompt_details.cache_read': 100,
        'llm.token_count.prompt_details.cache_write': 20,
        'llm.token_count.completion_details.reasoning': 12,
        'llm.finish_reason': 'tool_use',
      }),
    )!;
    expect(d.input.messages[0]!.parts).toEqual([
      { type: 'text', content: 'What is in this picture?' },
      { type: 'uri', modality: 'image', uri: 'https://example.com/cat.png' },
    ]);
    expect(d.output.messages[0]!.parts).toEqual([{ type: 'tool_call', name: 'describe', arguments: { subject: 'cat' } }]);
    expect(d.usage).toEqual({ inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 100, cacheCreationInputTokens: 20, reasoningTokens: 12 });
    expect(d).toMatchObject({ provider: 'anthropic', modelUsed: 'claude-sonnet-4', finishReasons: ['tool_call'] });
  });

  it('hidden messages (OPENINFERENCE_HIDE_INPUT_MESSAGES) fall back to input.value; hidden values stay empty', () => {
    const fromValue = spanToDecision(
      specSpan({ ...LLM, 'input.value': 'Summarise my account', 'input.mime_type': 'text/plain', 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': '__REDACTED__' }),
    )!;
    expect(texts(fromValue.input.messages, 'user')).toEqual(['Summarise my account']);
    const hidden = spanToDecision(specSpan({ ...LLM, 'input.value': '__REDACTED__', 'output.value': '__REDACTED__' }))!;
    expect(hidden.input.messages).toEqual([]);
    expect(hidden.output.messages).toEqual([]);
  });

  it('roles of frameworks are folded in (human, ai, model)', () => {
    const d = spanToDecision(
      specSpan({
        ...LLM,
        'llm.input_messages.0.message.role': 'human',
        'llm.input_messages.0.message.content': 'hi',
        'llm.output_messages.0.message.role': 'model',
        'llm.output_messages.0.message.content': 'hello',
      }),
    )!;
    expect(d.input.messages[0]!.role).toBe('user');
    expect(d.output.messages[0]!.role).toBe('assistant');
  });

  it('llm.prompts (completions) → text_completion', () => {
    const d = spanToDecision(specSpan({ ...LLM, 'llm.prompts': ['Once upon a time'], 'output.value': 'there was', 'output.mime_type': 'text/plain' }))!;
    expect(d.operation).toBe('text_completion');
    expect(texts(d.input.messages, 'user')).toEqual(['Once upon a time']);
    expect(texts(d.output.messages, 'assistant')).toEqual(['there was']);
  });

  it('an error: status ERROR and the exception event', () => {
    const d = spanToDecision(
      specSpan(LLM, {
        status: { code: 2, message: 'rate limited' },
        events: [{ name: 'exception', time: [1_790_000_001, 0], attributes: { 'exception.type': 'RateLimitError', 'exception.message': 'rate limited' } }],
      }),
    )!;
    expect(d.status).toBe('failed');
    expect(d.error).toEqual({ type: 'RateLimitError', message: 'rate limited' });
  });

  it('AGENT spans are decisions (input.value/output.value, agent.name); CHAIN only when model-facing', () => {
    const agent = spanToDecision(specSpan({ 'openinference.span.kind': 'AGENT', 'agent.name': 'support', 'input.value': 'help', 'output.value': 'done' }))!;
    expect(agent).toMatchObject({ operation: 'invoke_agent', agent: { name: 'support' }, modelUsed: 'none' });
    expect(isGenAISpan(specSpan({ 'openinference.span.kind': 'CHAIN', 'input.value': 'x' }))).toBe(false);
    expect(isGenAISpan(specSpan({ 'openinference.span.kind': 'RETRIEVER' }))).toBe(false);
    const chain = spanToDecision(specSpan({ 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 5 }))!;
    expect(chain).toMatchObject({ operation: 'chat', modelUsed: 'gpt-4o', usage: { inputTokens: 5 } });
  });

  it('a hostile index does not allocate', () => {
    const d = spanToDecision(specSpan({ ...LLM, 'llm.input_messages.99999999.message.content': 'x', 'llm.input_messages.__proto__.message.content': 'y' }))!;
    expect(d.mappingWarnings).toContain('llm.input_messages index above 1000 ignored');
    expect(({} as Record<string, unknown>).message).toBeUndefined();
  });
});

describe('OpenInference and Langfuse spans with hostile values', () => {
  it('property: never throws, and the record is JSON-stable', async () => {
    const fc = (await import('fast-check')).default;
    const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(), fc.array(fc.oneof(fc.string(), fc.double())), fc.json());
    const keys = fc.constantFrom(
      'llm.input_messages.0.message.role',
      'llm.input_messages.0.message.content',
      'llm.input_messages.1.message.contents.0.message_content.text',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments',
      'llm.output_messages.0.message.tool_call_id',
      'llm.tools.0.tool.json_schema',
      'llm.invocation_parameters',
      'llm.token_count.prompt',
      'llm.finish_reason',
      'input.value',
      'output.value',
      'output.mime_type',
      'embedding.embeddings.0.embedding.text',
      'metadata',
      'langfuse.observation.input',
      'langfuse.observation.output',
      'langfuse.observation.usage_details',
      'langfuse.observation.level',
    );
    const kind = fc.oneof(
      fc.record({ 'openinference.span.kind': fc.constantFrom('LLM', 'EMBEDDING', 'TOOL', 'AGENT', 'CHAIN', 'llm') }),
      fc.record({ 'langfuse.observation.type': fc.constantFrom('generation', 'embedding', 'tool', 'agent') }),
    );
    // Found by this property (seed 123802630): a negative zero in a Langfuse tool input was kept as
    // -0, which JSON (and RFC 8785) write as 0 — the record was not what it reads back as.
    for (const attributes of [
      { 'langfuse.observation.type': 'tool', 'langfuse.observation.input': [-0] },
      { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': -0, 'gen_ai.request.temperature': -0 },
    ]) {
      const decision = spanToDecision(specSpan(attributes as never));
      expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
    }
    fc.assert(
      fc.property(kind, fc.dictionary(keys, value, { maxKeys: 8 }), (marker, attributes) => {
        const decision = spanToDecision(specSpan({ ...attributes, ...marker, 'output.mime_type': 'application/json' }));
        // A CHAIN span is a decision only when it carries the model call's llm.* attributes.
        if (marker['openinference.span.kind' as never] !== 'CHAIN') expect(decision).toBeDefined();
        if (decision) expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
      }),
      { numRuns: 300 },
    );
  });
});
