// @ts-check
// OpenLLMetry (Traceloop) OpenAI instrumentation: content arrives as gen_ai span attributes.
import { createRequire } from 'node:module';
import { DecisionLogSpanProcessor } from '@vaxelia/ai-otel';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import { assertNoRawPII, PII_PROMPT, startLocalStack } from '../support/local-stack.mjs';

const stack = await startLocalStack('traceloop');
const decisions = new DecisionLogSpanProcessor({ aiSystemId: 'support-assistant', ...stack.vaxelia });
const sdk = new NodeSDK({
  serviceName: 'support-assistant',
  metricReaders: [],
  spanProcessors: [decisions],
  logRecordProcessors: [decisions],
  instrumentations: [new OpenAIInstrumentation({ traceContent: true })],
});
sdk.start();

const { OpenAI } = createRequire(import.meta.url)('openai');
const openai = new OpenAI({ baseURL: stack.llmBaseURL, apiKey: 'not-needed-for-the-stand-in' });

const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools });
const call = first.choices[0].message.tool_calls[0];
console.log('tool call:', call.function.name, call.function.arguments);
await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PII_PROMPT }] });

await sdk.shutdown();
const records = await stack.verify();
assertNoRawPII(records);
await stack.close();
if (records.length !== 2) throw new Error(`expected 2 decisions, got ${records.length}`);
