/**
 * The mock LLM server against the real client SDKs, without OpenTelemetry: if these fail, the
 * instrumentation tests would fail for the wrong reason.
 */
import { createRequire } from 'node:module';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import type OpenAIClient from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_400_MESSAGE, type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';

const require = createRequire(import.meta.url);
let mock: MockOpenAIServer;
let client: OpenAIClient;

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  const { OpenAI } = require('openai') as typeof import('openai');
  client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => mock.close());

const PII = 'My email is jane.doe@example.com, card 4111 1111 1111 1111, call me at +1 415-555-0132';
const ECHO =
  'Thanks! I have noted your email jane.doe@example.com and will call you at +1 415-555-0132. For your security, please never share full card numbers in chat.';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Get the weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

describe('mock OpenAI server with the openai SDK', () => {
  it('answers a chat completion, echoing the email and phone', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PII }] });
    expect(completion.choices[0]?.message.content).toBe(ECHO);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.model).toBe('gpt-4o-mini-2024-08-06');
    const exchange = mock.exchanges.at(-1)!;
    expect(completion.usage?.prompt_tokens).toBe(exchange.usage?.inputTokens);
    expect(completion.id).toBe(exchange.responseId);
  });

  it('streams a chat completion with a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: PII }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(ECHO);
    expect(usage).toMatchObject({ completion_tokens: mock.exchanges.at(-1)?.usage?.outputTokens });
  });

  it('calls a tool, then answers from the tool result', async () => {
    const first = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'What is the weather like in Paris right now?' }],
      tools: [WEATHER_TOOL],
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function).toEqual({ name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' });
    const second = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'What is the weather like in Paris right now?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: call!.id, content: '{"location":"Paris","temperature":18,"unit":"celsius","conditions":"partly cloudy"}' },
      ],
      tools: [WEATHER_TOOL],
    });
    expect(second.choices[0]?.message.content).toBe('The weather in Paris is 18°C and partly cloudy.');
  });

  it('returns embeddings in the base64 encoding the SDK asks for by default', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one two', 'three'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(8);
    expect(result.usage.prompt_tokens).toBe(3);
  });

  it('answers the Responses API, streamed and not', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', instructions: 'Be brief.', input: PII });
    expect(response.output_text).toBe(ECHO);
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: PII, stream: true });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toBe(ECHO);
  });

  it('fails with 400 and 500 error bodies', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini-error-400', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 400,
      message: `400 ${ERROR_400_MESSAGE}`,
    });
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini-error-500', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 500,
    });
  });
});

describe('mock OpenAI server with the Vercel AI SDK', () => {
  const provider = () => createOpenAI({ baseURL: mock.baseURL, apiKey: 'test-key' });

  it('generates and streams text through the Responses and Chat APIs', async () => {
    const viaResponses = await generateText({ model: provider()('gpt-4o-mini'), prompt: PII, maxRetries: 0 });
    expect(viaResponses.text).toBe(ECHO);
    expect(viaResponses.usage.inputTokens).toBe(mock.exchanges.at(-1)?.usage?.inputTokens);
    const viaChat = await generateText({ model: provider().chat('gpt-4o-mini'), prompt: PII, maxRetries: 0 });
    expect(viaChat.text).toBe(ECHO);
    for (const model of [provider()('gpt-4o-mini'), provider().chat('gpt-4o-mini')]) {
      const stream = streamText({ model, prompt: PII, maxRetries: 0 });
      expect(await stream.text).toBe(ECHO);
      expect((await stream.usage).outputTokens).toBe(mock.exchanges.at(-1)?.usage?.outputTokens);
    }
  });

  it('runs a tool round trip and embeds', async () => {
    const result = await generateText({
      model: provider()('gpt-4o-mini'),
      prompt: 'What is the weather like in Paris right now?',
      tools: {
        get_weather: tool({
          description: 'Get the weather',
          inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }),
          execute: async ({ location }) => ({ location, temperature: 18, unit: 'celsius', conditions: 'partly cloudy' }),
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(result.steps).toHaveLength(2);
    expect(result.text).toBe('The weather in Paris is 18°C and partly cloudy.');
    const embedded = await embed({ model: provider().embedding('text-embedding-3-small'), value: 'hello world', maxRetries: 0 });
    expect(embedded.embedding).toHaveLength(8);
  });
});
