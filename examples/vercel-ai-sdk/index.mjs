// @ts-check
// Vercel AI SDK telemetry: `experimental_telemetry` spans, no instrumentation package needed.
import { createOpenAI } from '@ai-sdk/openai';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { DecisionLogSpanProcessor } from '@vaxelia/ai-otel';
import { generateText, streamText } from 'ai';
import { assertNoRawPII, PII_PROMPT, startLocalStack } from '../support/local-stack.mjs';

const stack = await startLocalStack('vercel-ai');
const decisions = new DecisionLogSpanProcessor({ aiSystemId: 'support-assistant', ...stack.vaxelia });
const sdk = new NodeSDK({ serviceName: 'support-assistant', metricReaders: [], spanProcessors: [decisions], logRecordProcessors: [decisions] });
sdk.start();

const openai = createOpenAI({ baseURL: stack.llmBaseURL, apiKey: 'not-needed-for-the-stand-in' });
const telemetry = { isEnabled: true, functionId: 'support-chat' };
const { text } = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: PII_PROMPT, experimental_telemetry: telemetry });
console.log('assistant:', text);
const result = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Hello!', experimental_telemetry: telemetry });
for await (const _ of result.textStream);

await sdk.shutdown();
const records = await stack.verify();
assertNoRawPII(records);
await stack.close();
// One decision per call: the processor records the outer ai.generateText / ai.streamText span.
if (records.length !== 2) throw new Error(`expected 2 decisions, got ${records.length}`);
