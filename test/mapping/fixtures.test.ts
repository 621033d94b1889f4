import { describe, expect, it } from 'vitest';
import type { AIDecision, Message } from '../../src/decision.js';
import { spanToDecision } from '../../src/mapping/span-to-decision.js';
import { type Fixture, listFixtures, loadFixture, logsFor } from '../support/fixtures.js';

const SYSTEM_PROMPT = 'You are a helpful customer-support assistant for ACME Bank. Answer briefly.';
const PII_PROMPT = 'My email is jane.doe@example.com, card 4111 1111 1111 1111, call me at +1 415-555-0132';
const PII_REPLY =
  'Thanks! I have noted your email jane.doe@example.com and will call you at +1 415-555-0132. For your security, please never share full card numbers in chat.';
const WEATHER_QUESTION = 'What is the weather like in Paris right now?';
const WEATHER_ANSWER = 'The weather in Paris is 18°C and partly cloudy.';

function decisionsOf(fixture: Fixture): AIDecision[] {
  return fixture.spans
    .map((span) => spanToDecision(span, { logRecords: logsFor(fixture, span) }))
    .filter((d): d is AIDecision => d !== undefined);
}

function texts(messages: Message[], role?: string): string[] {
  return messages
    .filter((m) => role === undefined || m.role === role)
    .flatMap((m) => m.parts)
    .filter((p) => p.type === 'text')
    .map((p) => p.content as string);
}

function load(file: string): AIDecision[] {
  return decisionsOf(loadFixture(file));
}

describe('every fixture', () => {
  for (const file of listFixtures()) {
    it(`${file}: maps AI spans to well-formed decisions`, () => {
      const fixture = loadFixture(file);
      const decisions = decisionsOf(fixture);
      for (const decision of decisions) {
        expect(decision.decisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(decision.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(decision.modelUsed).not.toBe('unknown');
        // The resource's service.name (`fixture-capture` for the shared captures, the e2e service for ours).
        expect(decision.aiSystemId).toBe(fixture.spans[0]!.resource?.attributes['service.name']);
        // The one warning a capture may carry: no content recorded (content capture off, or an
        // instrumentation that never records it, like contrib embeddings) — and then it must.
        const hasMessages = decision.input.messages.length > 0 || decision.output.messages.length > 0;
        const modelCall = ['chat', 'text_completion', 'embeddings', 'generate_content'].includes(decision.operation ?? '');
        expect(decision.mappingWarnings).toEqual(modelCall && !hasMessages ? [expect.stringMatching(/^no message content recorded: .*turn on \S/)] : undefined);
        expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
      }
      // Non-AI application spans never become decisions.
      for (const span of fixture.spans.filter((s) => s.instrumentationScope?.name === 'fixture-capture-app')) {
        expect(spanToDecision(span)).toBeUndefined();
      }
      if (file.includes('content_off')) {
        const recorded = decisions.flatMap((d) => [...texts(d.input.messages), ...texts(d.output.messages)]);
        expect(recorded.filter((t) => t !== '')).toEqual([]);
      }
    });
  }
});

describe('GenAI semconv attributes as JSON strings (traceloop 0.27, Anthropic SDK)', () => {
  it('traceloop chat: messages, model, tokens, finish reasons', () => {
    const [d] = load('traceloop-openai/chat.json');
    expect(d).toMatchObject({
      modelUsed: 'gpt-4o-mini-2024-08-06',
      requestModel: 'gpt-4o-mini',
      provider: 'openai',
      operation: 'chat',
      status: 'completed',
      responseId: 'chatcmpl-mws3lkf60001MOCK',
      finishReasons: ['stop'],
      usage: { inputTokens: 55, outputTokens: 39, totalTokens: 94 },
    });
    expect(texts(d!.input.messages, 'system')).toEqual([SYSTEM_PROMPT]);
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
    expect(texts(d!.output.messages, 'assistant')).toEqual([PII_REPLY]);
    expect(d!.source?.dialects).toEqual(['gen_ai-semconv']);
  });

  it('traceloop tool call: tool definitions, tool_call output, tool result input', () => {
    const [first, second] = load('traceloop-openai/tool_call.json');
    expect(first!.finishReasons).toEqual(['tool_call']);
    expect(texts(first!.input.messages, 'user')).toEqual([WEATHER_QUESTION]);
    expect(first!.input.toolDefinitions?.[0]).toMatchObject({ type: 'function', name: 'get_weather', description: 'Get the current weather for a city' });
    expect(first!.output.messages[0]!.parts[0]).toEqual({
      type: 'tool_call',
      id: 'call_mws3lkoe0008MOCK',
      name: 'get_weather',
      arguments: { location: 'Paris', unit: 'celsius' },
    });
    const toolMessage = second!.input.messages.find((m) => m.role === 'tool');
    expect(toolMessage?.parts[0]).toMatchObject({ type: 'tool_call_response', id: 'call_mws3lkoe0008MOCK', response: { temperature: 18 } });
    expect(texts(second!.output.messages)).toEqual([WEATHER_ANSWER]);
  });

  it('traceloop Responses tool round-trip serialised into one text part is expanded', () => {
    const [, second] = load('traceloop-openai/responses_tool_call.json');
    expect(second!.input.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(second!.input.messages[1]!.parts[0]).toMatchObject({ type: 'tool_call', name: 'get_weather', id: 'call_mws3llf0000vMOCK' });
  });

  it('Anthropic SDK native: system instructions, cache tokens, stop_reason normalised', () => {
    const [d] = load('anthropic-sdk-native/chat.json');
    expect(d).toMatchObject({
      provider: 'anthropic',
      modelUsed: 'claude-sonnet-4-6',
      finishReasons: ['stop'],
      usage: { inputTokens: 46, outputTokens: 40, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    });
    expect(d!.input.systemInstructions).toEqual([{ type: 'text', content: SYSTEM_PROMPT }]);
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
  });

  it('Anthropic tool runner: invoke_agent, execute_tool with arguments and result, tool_use → tool_call', () => {
    const decisions = load('anthropic-sdk-native/tool_runner.json');
    expect(decisions.map((d) => d.operation)).toEqual(['invoke_agent', 'chat', 'execute_tool', 'chat']);
    const tool = decisions[2]!;
    expect(tool.tool).toEqual({ name: 'get_weather', callId: 'toolu_mws3m2bz000oMOCK', type: 'function', description: 'Get the current weather for a city' });
    expect(tool.input.messages[0]!.parts[0]).toMatchObject({ type: 'tool_call', arguments: { location: 'Paris', unit: 'celsius' } });
    expect(tool.output.messages[0]!.parts[0]!.type).toBe('tool_call_response');
    expect(decisions[1]!.finishReasons).toEqual(['tool_call']);
  });

  it('Anthropic error: failed with the API error type', () => {
    const [d] = load('anthropic-sdk-native/error_400.json');
    expect(d).toMatchObject({ status: 'failed', error: { type: 'invalid_request_error' }, modelUsed: 'claude-sonnet-4-6-error-400' });
  });
});

describe('content in log records (official OpenAI instrumentation)', () => {
  it('chat: system, user and choice events joined to the span', () => {
    const [d] = load('otel-contrib-openai/chat.json');
    expect(texts(d!.input.messages, 'system')).toEqual([SYSTEM_PROMPT]);
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
    expect(d!.output.messages).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: PII_REPLY }], finish_reason: 'stop' }]);
    expect(d).toMatchObject({ provider: 'openai', usage: { inputTokens: 55, outputTokens: 39 }, finishReasons: ['stop'] });
    expect(d!.source?.dialects).toEqual(['gen_ai-log-events']);
  });

  it('tool call: tool_calls finish reason normalised, assistant tool_calls and tool message mapped', () => {
    const [first, second] = load('otel-contrib-openai/tool_call.json');
    expect(first!.finishReasons).toEqual(['tool_call']);
    expect(first!.output.messages[0]!.parts[0]).toEqual({
      type: 'tool_call',
      id: 'call_mws3kyq60008MOCK',
      name: 'get_weather',
      arguments: { location: 'Paris', unit: 'celsius' },
    });
    expect(second!.input.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(second!.input.messages[3]!.parts[0]).toMatchObject({ type: 'tool_call_response', id: 'call_mws3kyq60008MOCK', response: { conditions: 'partly cloudy' } });
  });

  it('Responses API: operation-details events with structured messages; the system prompt recorded once', () => {
    const [d] = load('otel-contrib-openai/responses.json');
    expect(d!.input.messages.map((m) => m.role)).toEqual(['user']);
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
    expect(texts(d!.output.messages)).toEqual([PII_REPLY]);
    expect(d!.input.systemInstructions).toEqual([{ type: 'text', content: SYSTEM_PROMPT }]);
  });

  it('errors: failed, error type and message from the span status', () => {
    const [d] = load('otel-contrib-openai/error_500.json');
    expect(d).toMatchObject({
      status: 'failed',
      error: { type: 'InternalServerError', message: '500 The server had an error while processing your request. Sorry about that!' },
    });
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
  });

  it('without the correlated log records the decision still carries the span metadata', () => {
    const fixture = loadFixture('otel-contrib-openai/chat.json');
    const d = spanToDecision(fixture.spans[0]!);
    expect(d!.input.messages).toEqual([]);
    expect(d!.usage).toEqual({ inputTokens: 55, outputTokens: 39 });
  });
});

describe('legacy flattened keys (traceloop 0.22)', () => {
  it('maps prompt/completion keys, llm.* usage, functions and tool calls', () => {
    const [first, second] = load('traceloop-openai-legacy/tool_call.json');
    expect(first).toMatchObject({ provider: 'openai', operation: 'chat', usage: { inputTokens: 44, outputTokens: 20, totalTokens: 64 }, finishReasons: ['tool_call'] });
    expect(first!.input.toolDefinitions?.[0]?.parameters).toMatchObject({ type: 'object', required: ['location'] });
    expect(first!.output.messages[0]!.parts).toEqual([{ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris', unit: 'celsius' } }]);
    expect(second!.input.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(texts(second!.output.messages)).toEqual([WEATHER_ANSWER]);
  });

  it('chat: prompt_tokens → inputTokens and `OpenAI` → openai', () => {
    const [d] = load('traceloop-openai-legacy/chat.json');
    expect(d!.provider).toBe('openai');
    expect(d!.usage?.inputTokens).toBeGreaterThan(0);
    expect(texts(d!.input.messages, 'user')).toEqual([PII_PROMPT]);
    expect(texts(d!.output.messages)).toEqual([PII_REPLY]);
  });
});

describe('Vercel AI SDK ai.* spans', () => {
  it('generateText: one chat decision from doGenerate, none from the wrapper', () => {
    const decisions = load('vercel-ai-v6/generate_text.json');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      operation: 'chat',
      provider: 'openai',
      modelUsed: 'gpt-4o-mini-2024-08-06',
      usage: { inputTokens: 64, outputTokens: 39, totalTokens: 103 },
      finishReasons: ['stop'],
    });
    expect(texts(decisions[0]!.input.messages, 'system')).toEqual([SYSTEM_PROMPT]);
    expect(texts(decisions[0]!.output.messages)).toEqual([PII_REPLY]);
  });

  it('tool call: tool-calls → tool_call, ai.toolCall → execute_tool with args and result', () => {
    const decisions = load('vercel-ai-v6/tool_call.json');
    expect(decisions.map((d) => d.operation)).toEqual(['chat', 'execute_tool', 'chat']);
    expect(decisions[0]!.finishReasons).toEqual(['tool_call']);
    expect(decisions[0]!.input.toolDefinitions?.[0]?.name).toBe('get_weather');
    expect(decisions[1]!.tool).toEqual({ name: 'get_weather', callId: 'call_mws3m75z000iMOCK', type: 'function' });
    expect(decisions[1]!.output.messages[0]!.parts[0]).toMatchObject({ type: 'tool_call_response', response: { temperature: 18 } });
    expect(decisions[2]!.input.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
  });

  it('embeddings: the JSON-encoded values become input text', () => {
    const [d] = load('vercel-ai-v6/embeddings.json');
    expect(d).toMatchObject({ operation: 'embeddings', usage: { inputTokens: 25 } });
    expect(texts(d!.input.messages)).toEqual(['Customer jane.doe@example.com asked about card 4111 1111 1111 1111', 'Second document about ACME Bank']);
  });

  it('error: the exception event supplies the error type', () => {
    const [d] = load('vercel-ai-v6/error_500.json');
    expect(d).toMatchObject({ status: 'failed', error: { type: 'AI_APICallError', message: 'The server had an error while processing your request. Sorry about that!' } });
  });

  it('streamText: one decision with the streamed text', () => {
    const decisions = load('vercel-ai-v6/stream_text.json');
    expect(decisions).toHaveLength(1);
    expect(texts(decisions[0]!.output.messages).join('')).toContain('Jane');
  });
});
