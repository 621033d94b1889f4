/**
 * A Node.js app as users run it behind a Collector: NodeSDK with the official OpenAI instrumentation
 * (`@opentelemetry/instrumentation-openai`, message content as log records) and the stock OTLP/HTTP
 * exporters (traces as protobuf, logs as JSON) pointed at the Collector; no vaxelia code in the app.
 * Makes APP_CALLS real `openai` calls against OPENAI_BASE_URL, each prompt carrying an e-mail address
 * and a phone number; prints one JSON line per call, then `done` once everything is exported.
 */
import { createRequire } from 'node:module';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '');
const sdk = new NodeSDK({
  serviceName: 'node-openai-app',
  resourceDetectors: [],
  metricReaders: [],
  spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }) })],
  logRecordProcessors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${endpoint}/v1/logs` }) })],
  instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })],
});
sdk.start();

// Required after sdk.start(): the instrumentation patches `openai` through require hooks.
const { OpenAI } = createRequire(import.meta.url)('openai');
const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: 'sk-local-stand-in', maxRetries: 0 });
const calls = Number(process.env.APP_CALLS ?? 3);
const run = process.env.APP_RUN_ID ?? 'run';

try {
  for (let n = 0; n < calls; n++) {
    const prompt = `[node-openai ${run} call ${n}] Please contact jane.doe${n}@example.com or +1 415 555 01${String(n).padStart(2, '0')} about the overdraft on her account.`;
    const messages = [
      { role: 'system', content: 'You are a bank assistant.' },
      { role: 'user', content: prompt },
    ];
    const stream = n % 3 === 2;
    let responseId;
    if (stream) {
      const chunks = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
      for await (const chunk of chunks) responseId = chunk.id;
    } else {
      responseId = (await client.chat.completions.create({ model: 'gpt-4o-mini', messages })).id;
    }
    console.log(JSON.stringify({ call: n, responseId, stream }));
  }
} finally {
  await sdk.shutdown();
}
console.log('done');
