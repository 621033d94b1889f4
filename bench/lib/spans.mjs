// The spans every contender sees: one realistic chat span as @opentelemetry/instrumentation-openai
// with content capture records it (semantic-convention attributes), and one non-AI HTTP span.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AI_SCOPE = '@opentelemetry/instrumentation-openai';
export const APP_SCOPE = '@opentelemetry/instrumentation-http';

const SYSTEM = 'You are a helpful customer-support assistant for ACME Bank. Answer briefly and politely.';

/** ~1 KB of gen_ai attributes with an email, a phone number and a card number in the prompt. */
export function aiAttributes(i) {
  const input = JSON.stringify([
    { role: 'system', parts: [{ type: 'text', content: SYSTEM }] },
    {
      role: 'user',
      parts: [{ type: 'text', content: `Hi, I am Jane Doe (jane.doe${i}@example.com, +1 415 555 0${String(i % 1000).padStart(3, '0')}). My card 4111 1111 1111 1111 was charged twice for order ${i}. Can you refund it?` }],
    },
  ]);
  const output = JSON.stringify([
    { role: 'assistant', parts: [{ type: 'text', content: `I am sorry about the double charge on order ${i}. I have opened a refund request; you will get a confirmation email within 24 hours.` }], finish_reason: 'stop' },
  ]);
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.id': `chatcmpl-${i}`,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 96,
    'gen_ai.usage.output_tokens': 41,
    'gen_ai.input.messages': input,
    'gen_ai.output.messages': output,
  };
}

/**
 * The same content under Langfuse's own keys, the only ones its `mask` sees (it does not mask
 * `gen_ai.*` attributes): used to show Langfuse's cost when its mask actually runs.
 */
export function langfuseKeyedAttributes(i) {
  const a = aiAttributes(i);
  const { 'gen_ai.input.messages': input, 'gen_ai.output.messages': output, ...rest } = a;
  return { ...rest, 'langfuse.observation.input': input, 'langfuse.observation.output': output };
}

/** Starts and ends one AI span on `tracer` (what an instrumentation does around an LLM call). */
export function endAiSpan(tracer, i, attributes = aiAttributes(i)) {
  const span = tracer.startSpan('chat gpt-4o-mini', { kind: 2, attributes });
  span.end();
  return span;
}

/** A non-AI span as in figure 1: start + 3 attributes + end. */
export function endAppSpan(tracer) {
  const span = tracer.startSpan('GET /accounts');
  span.setAttribute('http.request.method', 'GET');
  span.setAttribute('http.route', '/accounts');
  span.setAttribute('http.response.status_code', 200);
  span.end();
  return span;
}

const bufferDirs = [];

/** Removes the buffer directories this process created (call after the processors shut down). */
export function removeBufferDirs() {
  for (const dir of bufferDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Product defaults: redaction on, chain on, durable encrypted queue on, HTTP delivery to `url`. */
export function oursOptions(url, extra = {}) {
  const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-bench-'));
  bufferDirs.push(bufferDir);
  return {
    tenantApiUrl: url,
    apiKey: 'bench',
    bufferKey: randomBytes(32).toString('base64'),
    bufferDir,
    aiSystemId: 'bench-assistant',
    logger: extra.logger ?? (() => {}),
    ...extra,
  };
}

/** Wraps an exporter to count the spans it exported successfully (drop counts for the peers). */
export function countingExporter(inner) {
  const stats = { exported: 0, failed: 0 };
  return {
    stats,
    export(spans, done) {
      inner.export(spans, (result) => {
        if (result.code === 0) stats.exported += spans.length;
        else stats.failed += spans.length;
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
