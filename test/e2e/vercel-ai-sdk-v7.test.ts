/**
 * Vercel AI SDK 7 (`ai` 7 + `@ai-sdk/openai` 4) with its OpenTelemetry integration (`@ai-sdk/otel`,
 * registered with `registerTelemetry`): an operation span, a `step N` span per step
 * (`gen_ai.operation.name = agent_step`, no model of its own) and a `chat {model}` span per model call.
 * One model call, one decision, with its model — never a step decision with model "unknown".
 */
import { createOpenAI } from 'ai-sdk-openai-v4';
import { OpenTelemetry } from 'ai-sdk-otel';
import { generateText, registerTelemetry } from 'ai-v7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, only, textsOf } from './support/decision-assertions.js';
import { type MockOpenAIServer, startMockOpenAIServer } from './support/mock-openai-server.js';
import { type E2EHarness, startE2E } from './support/otel-harness.js';
import { PII_PROMPT, REDACTED, SYSTEM_PROMPT } from './support/scenario.js';
import { SpanRecorder, saveFixture } from './support/span-recorder.js';

const SERVICE = 'e2e-vercel-ai-sdk-v7';
let mock: MockOpenAIServer;
let harness: E2EHarness;
const recorder = new SpanRecorder();

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  harness = startE2E({ serviceName: SERVICE, otherSpanProcessors: [recorder] });
  registerTelemetry(new OpenTelemetry());
});

afterAll(async () => {
  await harness?.shutdown();
  await mock?.close();
});

describe('Vercel AI SDK 7 + @ai-sdk/otel', () => {
  it('generateText: one chat decision with the model; the step span is merged into it', async () => {
    const openai = createOpenAI({ baseURL: mock.baseURL, apiKey: 'test-key' });
    let spans: SpanRecorder['spans'] = [];
    const decisions = await harness.collect(async () => {
      spans = await recorder.during(() => generateText({ model: openai.chat('gpt-4o-mini'), system: SYSTEM_PROMPT, prompt: PII_PROMPT, telemetry: { isEnabled: true } } as never));
    });
    saveFixture({ instrumentation: 'vercel-ai-v7', client: 'ai 7.0.185 + @ai-sdk/openai 4.0.126 + @ai-sdk/otel 1.0.185', scenario: 'generate_text', description: 'generateText with a system prompt' }, spans);
    expect(spans.map((span) => span.name).sort()).toEqual(expect.arrayContaining(['step 1']));
    const decision = only(decisions.filter((d) => d.operation === 'chat'), 'chat decision');
    expectEnvelope(decision, SERVICE);
    expect(decision.modelUsed).toMatch(/^gpt-4o-mini/);
    expect(textsOf(decision.input.messages, 'user')).toEqual([REDACTED.PII_PROMPT]);
    expect(decisions.filter((d) => d.modelUsed === 'unknown')).toEqual([]);
  });
});
