// @ts-check
// NodeSDK + the official OpenAI instrumentation + DecisionLogSpanProcessor (spans AND log records).
import { createRequire } from 'node:module';
import { DecisionLogSpanProcessor } from '@vaxelia/ai-otel';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { assertNoRawPII, PII_PROMPT, startLocalStack } from '../support/local-stack.mjs';

const stack = await startLocalStack('openai');
const decisions = new DecisionLogSpanProcessor({ aiSystemId: 'support-assistant', ...stack.vaxelia });
const sdk = new NodeSDK({
  serviceName: 'support-assistant',
  metricReaders: [],
  spanProcessors: [decisions],
  logRecordProcessors: [decisions], // the instrumentation emits message content as log records
  instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })],
});
sdk.start();

// Required after sdk.start() so the instrumentation can patch it.
const { OpenAI } = createRequire(import.meta.url)('openai');
const openai = new OpenAI({ baseURL: stack.llmBaseURL, apiKey: 'not-needed-for-the-stand-in' });

const chat = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PII_PROMPT }] });
console.log('assistant:', chat.choices[0].message.content);
const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hello!' }] });
for await (const _ of stream);

await sdk.shutdown(); // flushes: every decision is delivered or durably queued
const records = await stack.verify();
assertNoRawPII(records);
await stack.close();
if (records.length !== 2) throw new Error(`expected 2 decisions, got ${records.length}`);
