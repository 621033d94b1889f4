/**
 * The Vercel AI SDK (`ai` + `@ai-sdk/openai`) with `experimental_telemetry`, against the mock server.
 * No instrumentation package: `ai` creates its spans itself through the global tracer NodeSDK
 * registers, so it can be imported normally.
 *
 * Nesting policy under test: `ai.generateText` / `ai.streamText` / `ai.embed` wrap one
 * `…doGenerate` / `…doStream` / `…doEmbed` span per provider call; exactly ONE decision per provider
 * call, and `ai.toolCall` is an `execute_tool` decision.
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { AIDecision } from '@vaxelia/ai-otel';
import { embed, embedMany, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
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
import { ERROR_400_MESSAGE, ERROR_500_MESSAGE, type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, startE2E } from './support/otel-harness.js';
import {
  EMBEDDING_INPUTS,
  GREETING_PROMPT,
  GREETING_REPLY,
  PII_PROMPT,
  PII_EXCHANGE_COUNTS,
  PII_REPLY,
  REDACTED,
  SYSTEM_PROMPT,
  WEATHER_ARGUMENTS,
  WEATHER_PARAMETERS,
  WEATHER_PROMPT,
  WEATHER_REPLY,
  WEATHER_RESULT,
  WEATHER_TOOL_DESCRIPTION,
} from './support/scenario.js';

const SERVICE = 'e2e-vercel-ai-sdk';
let mock: MockOpenAIServer;
let harness: E2EHarness;
let provider: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  harness = startE2E({ serviceName: SERVICE });
  provider = createOpenAI({ baseURL: mock.baseURL, apiKey: 'test-key' });
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

const telemetry = (functionId: string) => ({ isEnabled: true, functionId, metadata: { userId: 'user-123', tenant: 'acme-bank' } });

const weatherTool = tool({
  description: WEATHER_TOOL_DESCRIPTION,
  inputSchema: jsonSchema<{ location: string; unit?: 'celsius' | 'fahrenheit' }>(WEATHER_PARAMETERS),
  execute: async () => WEATHER_RESULT,
});

/** The one chat decision of a single-model-call scenario, checked against the wire. */
function expectOneChatCall(decisions: AIDecision[], path: string): AIDecision {
  const chats = byOperation(decisions, 'chat');
  const decision = only(chats, 'chat decision for one model call (the wrapper span must not add one)');
  const exchange = only(mock.exchangesFor(path).slice(-1), 'exchange');
  expectEnvelope(decision, SERVICE);
  expectMatchesExchange(decision, exchange);
  expect(decision.source?.scope).toBe('ai');
  expect(decisions.filter((other) => other.responseId === exchange.responseId)).toHaveLength(1);
  return decision;
}

describe('Vercel AI SDK (ai + @ai-sdk/openai) with experimental_telemetry', () => {
  it('generateText (Responses API) inside an application span: one chat decision', async () => {
    let app = { spanId: '', traceId: '' };
    const decisions = await harness.collect(async () => {
      app = await harness.inAppSpan('handle-support-request', async () => {
        const result = await generateText({
          model: provider('gpt-4o-mini'),
          system: SYSTEM_PROMPT,
          prompt: PII_PROMPT,
          maxOutputTokens: 200,
          temperature: 0.2,
          maxRetries: 0,
          experimental_telemetry: telemetry('support-chat'),
        });
        expect(result.text).toBe(PII_REPLY);
      });
    });
    const decision = expectOneChatCall(decisions, '/v1/responses');
    expect(decisions, 'wrapper span: no decision of its own').toHaveLength(1);
    expect(decision.traceId).toBe(app.traceId);
    expect(decision.parentSpanId, 'the decision is the provider call, not the application span').not.toBe(app.spanId);
    expect(decision.requestModel).toBe('gpt-4o-mini');
    expect(decision.modelUsed).toBe('gpt-4o-mini-2024-08-06');
    expect(decision.responseId).toMatch(/^resp_mock\d{4}$/);
    expect(decision.usage).toMatchObject({ inputTokens: 31, outputTokens: 25 });
    expect(decision.finishReasons).toEqual(['stop']);
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(conversationMessages(decision)).toEqual([{ role: 'user', parts: [{ type: 'text', content: REDACTED.PII_PROMPT }] }]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.PII_REPLY]);
    expect(decision.output.messages[0]?.finish_reason).toBe('stop');
    expect(decision.redaction?.counts, 'PII found in ai.prompt.messages and ai.response.text').toEqual(PII_EXCHANGE_COUNTS);
  });

  it('generateText (Chat Completions API): one chat decision', async () => {
    const decisions = await harness.collect(() =>
      generateText({ model: provider.chat('gpt-4o-mini'), system: SYSTEM_PROMPT, prompt: PII_PROMPT, maxRetries: 0, experimental_telemetry: telemetry('support-chat') }),
    );
    const decision = expectOneChatCall(decisions, '/v1/chat/completions');
    expect(decision.responseId).toMatch(/^chatcmpl-mock\d{4}$/);
    expect(decision.usage).toMatchObject({ inputTokens: 31, outputTokens: 25 });
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.PII_REPLY]);
  });

  it.each([
    { api: 'Responses', path: '/v1/responses', model: () => provider('gpt-4o-mini') },
    { api: 'Chat Completions', path: '/v1/chat/completions', model: () => provider.chat('gpt-4o-mini') },
  ])('streamText ($api API): one chat decision with the streamed text and usage', async ({ path, model }) => {
    const decisions = await harness.collect(async () => {
      const stream = streamText({ model: model(), system: SYSTEM_PROMPT, prompt: GREETING_PROMPT, maxRetries: 0, experimental_telemetry: telemetry('support-stream') });
      expect(await stream.text).toBe(GREETING_REPLY);
    });
    const decision = expectOneChatCall(decisions, path);
    expect(decision.usage).toMatchObject({ inputTokens: 24, outputTokens: 8 });
    expect(decision.finishReasons).toEqual(['stop']);
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.GREETING_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.GREETING_REPLY]);
  });

  it('tool call: one chat decision per model call and one execute_tool decision', async () => {
    const decisions = await harness.collect(async () => {
      const result = await generateText({
        model: provider('gpt-4o-mini'),
        system: SYSTEM_PROMPT,
        prompt: WEATHER_PROMPT,
        tools: { get_weather: weatherTool },
        stopWhen: stepCountIs(3),
        maxRetries: 0,
        experimental_telemetry: telemetry('weather-agent'),
      });
      expect(result.steps).toHaveLength(2);
      expect(result.text).toBe(WEATHER_REPLY);
    });
    const [firstExchange, secondExchange] = mock.exchangesFor('/v1/responses').slice(-2);
    const callId = firstExchange!.toolCallId!;
    expect(byOperation(decisions, 'chat'), 'two model calls → two chat decisions').toHaveLength(2);
    const toolDecision = only(byOperation(decisions, 'execute_tool'), 'execute_tool decision');
    expect(decisions, 'no decision for the ai.generateText wrapper').toHaveLength(3);
    const [first, second] = [decisionFor(decisions, firstExchange), decisionFor(decisions, secondExchange)];

    expectEnvelope(first!, SERVICE);
    expectMatchesExchange(first!, firstExchange!);
    expect(first!.finishReasons).toEqual(['tool_call']);
    expect(first!.input.toolDefinitions).toMatchObject([{ type: 'function', name: 'get_weather', description: WEATHER_TOOL_DESCRIPTION }]);
    const requested = only(partsOf(first!.output.messages, 'tool_call'), 'tool_call part');
    expect(requested).toMatchObject({ id: callId, name: 'get_weather' });
    expect(argumentsOf(requested)).toEqual(WEATHER_ARGUMENTS);

    expectEnvelope(toolDecision, SERVICE);
    expect(toolDecision.status).toBe('completed');
    expect(toolDecision.tool).toMatchObject({ name: 'get_weather', callId });
    expect(toolDecision.parentSpanId, 'tool and model calls share the ai.generateText parent').toBe(first!.parentSpanId);
    expect(argumentsOf(only(partsOf(toolDecision.input.messages, 'tool_call'), 'tool arguments'))).toEqual(WEATHER_ARGUMENTS);
    expect(responseOf(only(partsOf(toolDecision.output.messages, 'tool_call_response'), 'tool result'))).toEqual(WEATHER_RESULT);

    expectEnvelope(second!, SERVICE);
    expectMatchesExchange(second!, secondExchange!);
    expect(second!.finishReasons).toEqual(['stop']);
    const history = conversationMessages(second!);
    expect(argumentsOf(only(partsOf(history, 'tool_call'), 'tool_call part in the history'))).toEqual(WEATHER_ARGUMENTS);
    const toolResponse = only(partsOf(history, 'tool_call_response'), 'tool_call_response part');
    expect(toolResponse).toMatchObject({ id: callId });
    expect(JSON.stringify(responseOf(toolResponse))).toContain('partly cloudy');
    expect(textsOf(second!.output.messages, 'assistant')).toEqual([WEATHER_REPLY]);
  });

  it('embed: one embeddings decision with the input text and token count', async () => {
    const decisions = await harness.collect(() =>
      embed({ model: provider.embedding('text-embedding-3-small'), value: EMBEDDING_INPUTS[0]!, maxRetries: 0, experimental_telemetry: telemetry('embed-one') }),
    );
    const decision = only(decisions, 'embeddings decision (ai.embed wraps ai.embed.doEmbed)');
    expectEnvelope(decision, SERVICE);
    expect(decision.operation).toBe('embeddings');
    expect(decision.status).toBe('completed');
    expect(decision.provider).toBe('openai');
    expect(decision.modelUsed).toBe('text-embedding-3-small');
    expect(decision.usage?.inputTokens).toBe(mock.exchanges.at(-1)!.usage!.inputTokens);
    expect(decision.usage?.inputTokens).toBe(9);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.EMBEDDING_INPUTS[0]]);
  });

  it('embedMany: one embeddings decision for one provider request', async () => {
    const decisions = await harness.collect(() =>
      embedMany({ model: provider.embedding('text-embedding-3-small'), values: EMBEDDING_INPUTS, maxRetries: 0, experimental_telemetry: telemetry('embed-many') }),
    );
    const decision = only(decisions, 'embeddings decision');
    expect(decision.operation).toBe('embeddings');
    expect(decision.usage?.inputTokens).toBe(14);
    expect(textsOf(decision.input.messages, 'user')).toEqual(REDACTED.EMBEDDING_INPUTS);
  });

  it('generateText with HTTP 500: one failed chat decision', async () => {
    const decisions = await harness.collect(async () => {
      await expect(
        generateText({ model: provider('gpt-4o-mini-error-500'), system: SYSTEM_PROMPT, prompt: PII_PROMPT, maxRetries: 0, experimental_telemetry: telemetry('support-chat') }),
      ).rejects.toThrow(ERROR_500_MESSAGE);
    });
    const decision = only(byOperation(decisions, 'chat'), 'failed chat decision');
    expect(decisions).toHaveLength(1);
    expectEnvelope(decision, SERVICE);
    expect(decision.status).toBe('failed');
    expect(decision.error).toMatchObject({ type: 'AI_APICallError', message: ERROR_500_MESSAGE });
    expect(decision.requestModel).toBe('gpt-4o-mini-error-500');
    expect(decision.modelUsed).toBe('gpt-4o-mini-error-500');
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(decision.output.messages).toEqual([]);
  });

  it('streamText with HTTP 400: one failed chat decision', async () => {
    const decisions = await harness.collect(async () => {
      const stream = streamText({
        model: provider.chat('gpt-4o-mini-error-400'),
        prompt: PII_PROMPT,
        maxRetries: 0,
        experimental_telemetry: telemetry('support-stream'),
        onError: () => {}, // the default handler prints the expected error
      });
      await expect(stream.text).rejects.toThrow();
    });
    const decision = only(byOperation(decisions, 'chat'), 'failed chat decision');
    expect(decisions).toHaveLength(1);
    expect(decision.status).toBe('failed');
    expect(decision.error).toMatchObject({ type: 'AI_APICallError', message: ERROR_400_MESSAGE });
    expect(decision.requestModel).toBe('gpt-4o-mini-error-400');
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
  });
});

describe('the records of this run', () => {
  it('form one intact hash chain (verified independently of the package)', () => {
    expectIntactChain(harness.sink.decisions);
  });
});
