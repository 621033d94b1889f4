/**
 * `@opentelemetry/instrumentation-openai` with content capture OFF (its default): the log records
 * still arrive, with empty bodies. The decision must keep the metadata (model, tokens, finish
 * reasons) and carry no content at all — nothing of the prompt or the answer.
 */
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import type OpenAIClient from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, expectMatchesExchange, only, partsOf } from './support/decision-assertions.js';
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, requireInstrumented, startE2E } from './support/otel-harness.js';
import { PII_CHAT_REQUEST, WEATHER_PARAMETERS, WEATHER_PROMPT } from './support/scenario.js';

const SERVICE = 'e2e-otel-contrib-openai-content-off';
let mock: MockOpenAIServer;
let harness: E2EHarness;
let client: OpenAIClient;

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  // Redaction off, so that any content in the records would show: its absence is the instrumentation's.
  harness = startE2E({
    serviceName: SERVICE,
    instrumentations: [new OpenAIInstrumentation({ captureMessageContent: false })],
    processor: { redaction: false },
  });
  const { OpenAI } = requireInstrumented<typeof import('openai')>('openai');
  client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'test-key', maxRetries: 0 });
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

/** Fragments of the prompts and answers that must not appear anywhere in a decision. */
const CONTENT = ['jane.doe', '4111', '415-555', 'ACME', 'Thanks!', 'Paris'];

describe('@opentelemetry/instrumentation-openai, content capture off', () => {
  it('records the call without any message content', async () => {
    const decisions = await harness.collect(() =>
      client.chat.completions.create(PII_CHAT_REQUEST),
    );
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expectMatchesExchange(decision, mock.exchanges.at(-1)!);
    expect(decision.finishReasons).toEqual(['stop']);
    expect(partsOf(decision.input.messages, 'text')).toEqual([]);
    expect(partsOf(decision.output.messages, 'text')).toEqual([]);
    const serialized = JSON.stringify(decision);
    for (const fragment of CONTENT) expect(serialized).not.toContain(fragment);
  });

  it('keeps a tool call name and id but not its arguments', async () => {
    const decisions = await harness.collect(() =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: WEATHER_PROMPT }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: WEATHER_PARAMETERS } }],
      }),
    );
    const decision = only(decisions, 'decision');
    expect(decision.finishReasons).toEqual(['tool_call']);
    const serialized = JSON.stringify(decision);
    for (const fragment of CONTENT) expect(serialized).not.toContain(fragment);
    for (const part of partsOf(decision.output.messages, 'tool_call')) {
      expect(part).toMatchObject({ id: mock.exchanges.at(-1)!.toolCallId, name: 'get_weather' });
    }
  });
});
