/**
 * Two instrumentations on one call: OpenInference LangChain (an LLM span for ChatOpenAI) and
 * OpenInference OpenAI (an LLM span for the client call inside it). One model call must be one
 * decision: the inner (client) span's identity, with what the outer span adds merged in.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, only, systemTexts, textsOf } from './support/decision-assertions.js';
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, requireInstrumented, startE2E } from './support/otel-harness.js';
import { GREETING_PROMPT, PII_EXCHANGE_COUNTS, PII_PROMPT, REDACTED, SYSTEM_PROMPT } from './support/scenario.js';
import { SpanRecorder, saveFixture } from './support/span-recorder.js';

const SERVICE = 'e2e-openinference-langchain-openai';
let mock: MockOpenAIServer;
let harness: E2EHarness;
const recorder = new SpanRecorder();
let ChatOpenAI: typeof import('@langchain/openai').ChatOpenAI;

async function run(scenario: string, description: string, action: () => Promise<unknown>) {
  let spans: SpanRecorder['spans'] = [];
  const decisions = await harness.collect(async () => {
    spans = await recorder.during(action);
  });
  saveFixture({ instrumentation: 'openinference-langchain-and-openai', client: '@langchain/openai', scenario, description }, spans);
  return { decisions, spans };
}

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  harness = startE2E({
    serviceName: SERVICE,
    instrumentations: [new LangChainInstrumentation(), new OpenAIInstrumentation()],
    otherSpanProcessors: [recorder],
  });
  ({ ChatOpenAI } = requireInstrumented<typeof import('@langchain/openai')>('@langchain/openai'));
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

const model = () => new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test-key', configuration: { baseURL: mock.baseURL }, maxRetries: 0 });

describe('OpenInference LangChain + OpenInference OpenAI on the same call', () => {
  it('inside an application span (siblings under one parent), three concurrent calls: three decisions, each with its own answer', async () => {
    const prompts = ['Order reference alpha', 'Order reference bravo', 'Order reference charlie'];
    let app = { spanId: '' };
    const { decisions } = await run('concurrent_in_app_span', 'three concurrent ChatOpenAI.invoke calls inside an app span', async () => {
      app = await harness.inAppSpan('handle-request', () => Promise.all(prompts.map((prompt) => model().invoke([['human', prompt]]))));
    });
    expect(decisions).toHaveLength(3);
    for (const decision of decisions) {
      expect(decision.parentSpanId).toBe(app.spanId);
      const [prompt] = textsOf(decision.input.messages, 'user');
      expect(textsOf(decision.output.messages, 'assistant')).toEqual([`You said: ${prompt}`]);
      expect(decision.source?.scope).toBe('@arizeai/openinference-instrumentation-openai');
    }
    expect(decisions.map((d) => textsOf(d.input.messages, 'user')[0]).sort()).toEqual(prompts);
  });

  it('two overlapping LLM spans (each a root: LangChain callbacks do not make their span current) → one decision, the client span identity', async () => {
    const { decisions, spans } = await run('chat', 'ChatOpenAI.invoke, both instrumentations', () =>
      model().invoke([
        ['system', SYSTEM_PROMPT],
        ['human', PII_PROMPT],
      ]),
    );
    const llmSpans = spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(llmSpans.map((span) => span.instrumentationScope?.name).sort()).toEqual([
      '@arizeai/openinference-instrumentation-langchain',
      '@arizeai/openinference-instrumentation-openai',
    ]);
    const inner = llmSpans.find((span) => span.instrumentationScope?.name === '@arizeai/openinference-instrumentation-openai')!;
    const outer = llmSpans.find((span) => span !== inner)!;
    const decision = only(decisions, 'decision');
    expectEnvelope(decision, SERVICE);
    expect(decision.spanId).toBe(inner.spanContext().spanId);
    expect(decision.responseId).toBe(mock.exchanges.at(-1)!.responseId);
    expect(decision.modelUsed).toBe(mock.exchanges.at(-1)!.responseModel);
    expect(systemTexts(decision)).toEqual([SYSTEM_PROMPT]);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(textsOf(decision.output.messages, 'assistant')).toEqual([REDACTED.PII_REPLY]);
    expect(decision.redaction?.counts).toEqual(PII_EXCHANGE_COUNTS);
    expect(decision.mappingWarnings).toEqual([expect.stringContaining(`merged span ${outer.spanContext().spanId}`)]);
  });

  it('a streaming call and two calls in a row: one decision each', async () => {
    const { decisions } = await run('two_calls', 'stream then invoke', async () => {
      for await (const _chunk of await model().stream([['human', GREETING_PROMPT]])) {
        // drain
      }
      await model().invoke([['human', PII_PROMPT]]);
    });
    expect(decisions).toHaveLength(2);
    expect(decisions.map((d) => textsOf(d.input.messages, 'user')[0])).toEqual([REDACTED.GREETING_PROMPT, REDACTED.PII_PROMPT]);
  });
});
