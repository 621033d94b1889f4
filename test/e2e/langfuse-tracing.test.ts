/**
 * `@langfuse/tracing` observations (`langfuse.observation.*` attributes) written by an app around a
 * real `openai` call, against the mock server: generation and embedding observations are decisions,
 * a generation with `level: ERROR` is a failed one. Spans saved as fixtures on request.
 */
import { startActiveObservation, startObservation } from '@langfuse/tracing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectIntactChain } from './support/chain-check.js';
import { expectEnvelope, only, partsOf, systemTexts, textsOf } from './support/decision-assertions.js';
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, startE2E } from './support/otel-harness.js';
import { EMBEDDING_INPUTS, PII_CHAT_REQUEST, PII_EXCHANGE_COUNTS, PII_PROMPT, REDACTED, SYSTEM_PROMPT, WEATHER_PROMPT } from './support/scenario.js';
import { SpanRecorder, saveFixture } from './support/span-recorder.js';

const SERVICE = 'e2e-langfuse-tracing';
let mock: MockOpenAIServer;
let harness: E2EHarness;
let client: OpenAI;
const recorder = new SpanRecorder();

async function run(scenario: string, description: string, action: () => Promise<unknown>) {
  let spans: SpanRecorder['spans'] = [];
  const decisions = await harness.collect(async () => {
    spans = await recorder.during(action);
  });
  saveFixture({ instrumentation: 'langfuse-tracing', client: 'openai (app-written observations)', scenario, description }, spans);
  return decisions;
}

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  harness = startE2E({ serviceName: SERVICE, otherSpanProcessors: [recorder] });
  client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'test-key', maxRetries: 0 });
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

describe('@langfuse/tracing observations', () => {
  it('maps a generation: model, input and output, usage details', async () => {
    const decisions = await run('generation', 'startActiveObservation(asType generation) around chat.completions.create', () =>
      startActiveObservation(
        'support-answer',
        async (generation) => {
          generation.update({ model: 'gpt-4o-mini', input: PII_CHAT_REQUEST.messages, modelParameters: { temperature: 0.2 } });
          const reply = await client.chat.completions.create(PII_CHAT_REQUEST);
          generation.update({
            output: reply.choices[0]!.message,
            usageDetails: { input: reply.usage!.prompt_tokens, output: reply.usage!.completion_tokens, total: reply.usage!.total_tokens },
            costDetails: { input: 0.0001, output: 0.0002 },
          });
        },
        { asType: 'generation' },
      ),
    );
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expect(decision.status).toBe('completed');
    expect(decision.operation).toBe('chat');
    expect(decision.modelUsed).toBe('gpt-4o-mini');
    expect(decision.usage).toMatchObject({ inputTokens: mock.exchanges.at(-1)!.usage!.inputTokens, outputTokens: mock.exchanges.at(-1)!.usage!.outputTokens });
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.PII_REPLY]);
    expect(decision.redaction?.counts).toEqual(PII_EXCHANGE_COUNTS);
    expect(decision.source?.dialects).toContain('langfuse');
  });

  it('maps a generation with level ERROR as failed, with its status message', async () => {
    const decisions = await run('generation_error', 'generation ended with level ERROR after a 400', async () => {
      const generation = startObservation('support-answer', { model: 'gpt-4o-mini-error-400', input: PII_PROMPT }, { asType: 'generation' });
      try {
        await client.chat.completions.create({ model: 'gpt-4o-mini-error-400', messages: [{ role: 'user', content: PII_PROMPT }] });
      } catch (error) {
        generation.update({ level: 'ERROR', statusMessage: (error as Error).message });
      } finally {
        generation.end();
      }
    });
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expect(decision.status).toBe('failed');
    expect(decision.error?.message).toMatch(/400/);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
  });

  it('maps an embedding observation; plain spans and tool/agent wrappers are not model calls', async () => {
    const decisions = await run('embedding_in_agent', 'agent observation around a tool, a plain span and an embedding', () =>
      startActiveObservation(
        'agent-turn',
        async (agent) => {
          agent.update({ input: WEATHER_PROMPT });
          const step = startObservation('lookup-step', { input: { q: 'x' } });
          step.end();
          const embedding = startObservation('embed-docs', { model: 'text-embedding-3-small', input: EMBEDDING_INPUTS }, { asType: 'embedding' });
          const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: EMBEDDING_INPUTS });
          embedding.update({ usageDetails: { input: result.usage.prompt_tokens } }).end();
          agent.update({ output: 'done' });
        },
        { asType: 'agent' },
      ),
    );
    const embedding = only(decisions.filter((d) => d.operation === 'embeddings'), 'embedding decision');
    expect(embedding.modelUsed).toBe('text-embedding-3-small');
    expect(textsOf(embedding.input.messages, 'user')).toEqual([...REDACTED.EMBEDDING_INPUTS]);
    expect(embedding.usage?.inputTokens).toBe(mock.exchanges.at(-1)!.usage!.inputTokens);
    expect(decisions.filter((d) => d.operation === 'invoke_agent')).toHaveLength(1);
    expect(decisions).toHaveLength(2);
    expect(partsOf([], 'x')).toEqual([]);
  });
});

describe('the records of this run', () => {
  it('form one intact hash chain', () => {
    expectIntactChain(harness.sink.decisions);
  });
});
