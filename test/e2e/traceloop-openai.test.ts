/**
 * `@traceloop/instrumentation-openai` (OpenLLMetry) around the real `openai` SDK, registered through
 * NodeSDK, against the mock server. Content arrives as span attributes `gen_ai.input.messages` /
 * `gen_ai.output.messages` (JSON strings).
 *
 * Known limits of this instrumentation (0.27.0), asserted below so a change is noticed:
 * - a rejected non-streaming call never ends its span → no span is exported → no decision;
 * - `embeddings.create` is not instrumented → no decision;
 * - streaming chat records no token usage.
 */
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import type OpenAIClient from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  argumentsOf,
  byOperation,
  conversationMessages,
  decisionFor,
  expectEnvelope,
  expectMatchesExchange,
  only,
  partsOf,
  responseOf,
  systemTexts,
  textsOf,
} from './support/decision-assertions.js';
import { expectIntactChain } from './support/chain-check.js';
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, requireInstrumented, startE2E } from './support/otel-harness.js';
import {
  EMBEDDING_INPUTS,
  GREETING_PROMPT,
  PII_CHAT_REQUEST,
  PII_PROMPT,
  CHAT_TOOL,
  PII_EXCHANGE_COUNTS,
  REDACTED,
  SYSTEM_PROMPT,
  WEATHER_ARGUMENTS,
  WEATHER_PARAMETERS,
  WEATHER_PROMPT,
  WEATHER_REPLY,
  WEATHER_RESULT,
  WEATHER_TOOL_DESCRIPTION,
} from './support/scenario.js';

const SERVICE = 'e2e-traceloop-openai';
let mock: MockOpenAIServer;
let harness: E2EHarness;
let client: OpenAIClient;

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  harness = startE2E({ serviceName: SERVICE, instrumentations: [new OpenAIInstrumentation({ traceContent: true })] });
  const { OpenAI } = requireInstrumented<typeof import('openai')>('openai');
  client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'test-key', maxRetries: 0 });
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});


describe('@traceloop/instrumentation-openai + openai', () => {
  it('maps a non-streaming chat: JSON-string messages, model, tokens, finish reason', async () => {
    const decisions = await harness.collect(() =>
      client.chat.completions.create({ ...PII_CHAT_REQUEST, temperature: 0.2, max_tokens: 200 }),
    );
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expectMatchesExchange(decision, mock.exchanges.at(-1)!);
    expect(decision.operation).toBe('chat');
    expect(decision.modelUsed).toBe('gpt-4o-mini-2024-08-06');
    expect(decision.usage).toMatchObject({ inputTokens: 31, outputTokens: 25, totalTokens: 56 });
    expect(decision.finishReasons).toEqual(['stop']);
    expect(decision.source?.scope).toBe('@traceloop/instrumentation-openai');
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(conversationMessages(decision)).toEqual([{ role: 'user', parts: [{ type: 'text', content: REDACTED.PII_PROMPT }] }]);
    expect(decision.output.messages).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: REDACTED.PII_REPLY }], finish_reason: 'stop' }]);
    expect(decision.redaction?.counts, 'PII found in the JSON-string attributes, both ways').toEqual(PII_EXCHANGE_COUNTS);
  });

  it('maps a streaming chat (this instrumentation records no usage when streaming)', async () => {
    const decisions = await harness.collect(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: GREETING_PROMPT },
        ],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const _chunk of stream) {
        // drain: the span ends with the stream
      }
    });
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expectMatchesExchange(decision, mock.exchanges.at(-1)!, { tokens: false });
    expect(decision.usage?.inputTokens, 'no invented token counts').toBeUndefined();
    expect(decision.finishReasons).toEqual(['stop']);
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.GREETING_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.GREETING_REPLY]);
  });

  it('maps a two-turn tool call with tool definitions inside an application span', async () => {
    let app = { spanId: '', traceId: '' };
    const decisions = await harness.collect(async () => {
      app = await harness.inAppSpan('weather-agent-turn', async () => {
        const messages: OpenAIClient.Chat.ChatCompletionMessageParam[] = [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: WEATHER_PROMPT },
        ];
        const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [CHAT_TOOL] });
        const call = first.choices[0]!.message.tool_calls![0]!;
        messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(WEATHER_RESULT) });
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [CHAT_TOOL] });
      });
    });
    const [firstExchange, secondExchange] = mock.exchangesFor('/v1/chat/completions').slice(-2);
    const callId = firstExchange!.toolCallId!;
    expect(decisions).toHaveLength(2);
    expect(byOperation(decisions, 'chat')).toHaveLength(2);
    const [first, second] = [decisionFor(decisions, firstExchange), decisionFor(decisions, secondExchange)];

    for (const decision of [first!, second!]) {
      expect(decision.parentSpanId).toBe(app.spanId);
      expect(decision.input.toolDefinitions).toMatchObject([
        { type: 'function', name: 'get_weather', description: WEATHER_TOOL_DESCRIPTION, parameters: WEATHER_PARAMETERS },
      ]);
    }
    expectMatchesExchange(first!, firstExchange!);
    expect(first!.finishReasons).toEqual(['tool_call']);
    const requested = only(partsOf(first!.output.messages, 'tool_call'), 'tool_call part');
    expect(requested).toMatchObject({ id: callId, name: 'get_weather' });
    expect(argumentsOf(requested)).toEqual(WEATHER_ARGUMENTS);

    expectMatchesExchange(second!, secondExchange!);
    expect(second!.finishReasons).toEqual(['stop']);
    const history = conversationMessages(second!);
    expect(history.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(argumentsOf(only(partsOf(history, 'tool_call'), 'tool_call part in the history'))).toEqual(WEATHER_ARGUMENTS);
    const toolResponse = only(partsOf(history, 'tool_call_response'), 'tool_call_response part');
    expect(toolResponse).toMatchObject({ id: callId });
    expect(responseOf(toolResponse)).toEqual(WEATHER_RESULT);
    expect(textsOf(second!.output.messages, 'assistant')).toEqual([WEATHER_REPLY]);
  });

  it('maps a non-streaming Responses API call', async () => {
    const decisions = await harness.collect(() => client.responses.create({ model: 'gpt-4o-mini', instructions: SYSTEM_PROMPT, input: PII_PROMPT }));
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expectMatchesExchange(decision, mock.exchanges.at(-1)!);
    expect(decision.finishReasons).toEqual(['stop']);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.PII_REPLY]);
  });

  it('produces no decision for embeddings: embeddings.create is not instrumented', async () => {
    const requestsBefore = mock.exchanges.length;
    const decisions = await harness.collect(() => client.embeddings.create({ model: 'text-embedding-3-small', input: EMBEDDING_INPUTS }));
    expect(mock.exchanges.length - requestsBefore).toBe(1);
    expect(decisions).toEqual([]);
  });

  it.each([
    { status: 400, model: 'gpt-4o-mini-error-400' },
    { status: 500, model: 'gpt-4o-mini-error-500' },
  ])('produces no decision for an HTTP $status: the instrumentation never ends the span of a rejected call', async ({ status, model }) => {
    const requestsBefore = mock.exchanges.length;
    const decisions = await harness.collect(async () => {
      await expect(client.chat.completions.create({ model, messages: [{ role: 'user', content: PII_PROMPT }] })).rejects.toMatchObject({ status });
    });
    expect(mock.exchanges.length - requestsBefore).toBe(1);
    expect(decisions).toEqual([]);
  });
});

describe('the records of this run', () => {
  it('form one intact hash chain (verified independently of the package)', () => {
    expectIntactChain(harness.sink.decisions);
  });
});
