/**
 * `@arizeai/openinference-instrumentation-openai` (OpenInference conventions: `openinference.span.kind`,
 * `llm.*`, `input.value` / `output.value`) around the real `openai` SDK, against the mock server.
 * The spans are also saved as fixtures (`VAXELIA_CAPTURE_FIXTURES=1`) for the mapping and gateway tests.
 */
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import type OpenAIClient from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectIntactChain } from './support/chain-check.js';
import {
  argumentsOf,
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
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, requireInstrumented, startE2E } from './support/otel-harness.js';
import {
  CHAT_TOOL,
  EMBEDDING_INPUTS,
  GREETING_PROMPT,
  GREETING_REPLY,
  PII_CHAT_REQUEST,
  PII_EXCHANGE_COUNTS,
  PII_PROMPT,
  REDACTED,
  SYSTEM_PROMPT,
  WEATHER_ARGUMENTS,
  WEATHER_PROMPT,
  WEATHER_REPLY,
  WEATHER_RESULT,
} from './support/scenario.js';
import { SpanRecorder, saveFixture } from './support/span-recorder.js';

const SERVICE = 'e2e-openinference-openai';
const INSTRUMENTATION = 'openinference-openai';
const CLIENT = 'openai';
let mock: MockOpenAIServer;
let harness: E2EHarness;
let client: OpenAIClient;
const recorder = new SpanRecorder();

async function run(scenario: string, description: string, action: () => Promise<unknown>) {
  let spans: SpanRecorder['spans'] = [];
  const decisions = await harness.collect(async () => {
    spans = await recorder.during(action);
  });
  saveFixture({ instrumentation: INSTRUMENTATION, client: CLIENT, scenario, description }, spans);
  return decisions;
}

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  harness = startE2E({ serviceName: SERVICE, instrumentations: [new OpenAIInstrumentation()], otherSpanProcessors: [recorder] });
  const { OpenAI } = requireInstrumented<typeof import('openai')>('openai');
  client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'test-key', maxRetries: 0 });
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

describe('@arizeai/openinference-instrumentation-openai + openai', () => {
  it('maps a chat completion: LLM span messages, model, provider, tokens', async () => {
    const decisions = await run('chat', 'chat.completions.create with a system prompt and PII', () =>
      client.chat.completions.create({ ...PII_CHAT_REQUEST, temperature: 0.2, max_tokens: 200 }),
    );
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expectMatchesExchange(decision, mock.exchanges.at(-1)!);
    expect(decision.operation).toBe('chat');
    expect(decision.source?.dialects).toContain('openinference');
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.PII_REPLY]);
    expect(decision.redaction?.counts).toEqual(PII_EXCHANGE_COUNTS);
    expect(decision.mappingWarnings).toBeUndefined();
  });

  it('maps a streaming chat', async () => {
    const decisions = await run('chat_stream', 'streaming chat with include_usage', async () => {
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
        // drain
      }
    });
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expect(decision.modelUsed).toMatch(/^gpt-4o-mini/);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.GREETING_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.GREETING_REPLY]);
  });

  it('maps a two-turn tool call: tool definitions, tool_call output, tool result input', async () => {
    const decisions = await run('tool_call', 'get_weather round trip', async () => {
      const messages: OpenAIClient.Chat.ChatCompletionMessageParam[] = [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: WEATHER_PROMPT },
      ];
      const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [CHAT_TOOL] });
      const call = first.choices[0]!.message.tool_calls![0]!;
      messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(WEATHER_RESULT) });
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [CHAT_TOOL] });
    });
    const [firstExchange, secondExchange] = mock.exchangesFor('/v1/chat/completions').slice(-2);
    expect(decisions).toHaveLength(2);
    const first = decisionFor(decisions, firstExchange);
    const second = decisionFor(decisions, secondExchange);
    expectMatchesExchange(first, firstExchange!);
    expect(first.input.toolDefinitions?.[0]).toMatchObject({ name: 'get_weather' });
    const requested = only(partsOf(first.output.messages, 'tool_call'), 'tool_call part');
    expect(requested).toMatchObject({ id: firstExchange!.toolCallId, name: 'get_weather' });
    expect(argumentsOf(requested)).toEqual(WEATHER_ARGUMENTS);
    expect(first.finishReasons).toEqual(['tool_call']);
    const history = conversationMessages(second);
    expect(history.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    const response = only(partsOf(history, 'tool_call_response'), 'tool_call_response');
    expect(response).toMatchObject({ id: firstExchange!.toolCallId });
    expect(responseOf(response)).toEqual(WEATHER_RESULT);
    expect(textsOf(second.output.messages, 'assistant')).toEqual([WEATHER_REPLY]);
  });

  it('maps embeddings: EMBEDDING span, model, input texts', async () => {
    const decisions = await run('embeddings', 'embeddings.create with two inputs', () =>
      client.embeddings.create({ model: 'text-embedding-3-small', input: EMBEDDING_INPUTS }),
    );
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expect(decision.operation).toBe('embeddings');
    expect(decision.modelUsed).toBe('text-embedding-3-small');
    expect(decision.usage, '4.2.7 records no token counts on EMBEDDING spans').toBeUndefined();
    expect(textsOf(decision.input.messages, 'user')).toEqual([...REDACTED.EMBEDDING_INPUTS]);
  });

  it('an HTTP 400 leaves no span at all (known limit of 4.2.7: a rejected call never ends its span)', async () => {
    let spans: SpanRecorder['spans'] = [];
    const decisions = await harness.collect(async () => {
      spans = await recorder.during(() =>
        expect(client.chat.completions.create({ model: 'gpt-4o-mini-error-400', messages: [{ role: 'user', content: PII_PROMPT }] })).rejects.toMatchObject({
          status: 400,
        }),
      );
    });
    expect(mock.exchanges.at(-1)?.status).toBe(400);
    expect(spans, 'when the instrumentation starts ending the span, map it and assert a failed decision').toEqual([]);
    expect(decisions).toEqual([]);
  });

  it('maps a Responses API call', async () => {
    const decisions = await run('responses', 'responses.create with instructions', () =>
      client.responses.create({ model: 'gpt-4o-mini', instructions: SYSTEM_PROMPT, input: GREETING_PROMPT }),
    );
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expectMatchesExchange(decision, mock.exchanges.at(-1)!);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.GREETING_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.GREETING_REPLY]);
    expect(GREETING_REPLY).toBeTruthy();
  });
});

describe('the records of this run', () => {
  it('form one intact hash chain', () => {
    expectIntactChain(harness.sink.decisions);
  });
});
