/**
 * Load for the fault scenarios: gen_ai chat spans (content on the span, an e-mail and a phone in
 * every prompt) from many services, sent as OTLP/JSON to the front Collector the way an SDK's
 * exporter does (retrying a refused request). The decision ids they must become are known up front.
 */
import { createHash } from 'node:crypto';
import { decisionIdFor } from '../../../src/index.js';

export interface LoadSpan {
  service: string;
  traceId: string;
  spanId: string;
  n: number;
  decisionId: string;
}

const hex = (seed: string, bytes: number) => createHash('sha256').update(seed).digest('hex').slice(0, bytes * 2);

export function loadSpans(run: string, services: number, perService: number): LoadSpan[] {
  const spans: LoadSpan[] = [];
  for (let s = 0; s < services; s++) {
    for (let i = 0; i < perService; i++) {
      const n = s * perService + i;
      const traceId = hex(`${run}/trace/${n}`, 16);
      const spanId = hex(`${run}/span/${n}`, 8);
      spans.push({ service: `load-service-${s}`, traceId, spanId, n, decisionId: decisionIdFor(traceId, spanId) });
    }
  }
  return spans;
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

/** One ExportTraceServiceRequest (OTLP/JSON); `contentless` spans carry no messages (they wait for logs). */
export function tracesRequest(spans: LoadSpan[], contentless = false): unknown {
  const byService = new Map<string, LoadSpan[]>();
  for (const span of spans) byService.set(span.service, [...(byService.get(span.service) ?? []), span]);
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [...byService].map(([service, mine]) => ({
      resource: { attributes: [str('service.name', service)] },
      scopeSpans: [
        {
          scope: { name: 'vaxelia-collector-load', version: '1.0.0' },
          spans: mine.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            name: 'chat gpt-4o-mini',
            kind: 3,
            startTimeUnixNano: String(now - 250_000_000n),
            endTimeUnixNano: String(now),
            status: { code: 1 },
            attributes: [
              str('gen_ai.operation.name', 'chat'),
              str('gen_ai.provider.name', 'openai'),
              str('gen_ai.request.model', 'gpt-4o-mini'),
              str('gen_ai.response.model', 'gpt-4o-mini'),
              str('gen_ai.response.id', `chatcmpl-load-${span.n}`),
              int('gen_ai.usage.input_tokens', 21),
              int('gen_ai.usage.output_tokens', 9),
              ...(contentless
                ? []
                : [
                    str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `[load ${span.n}] mail jane.doe${span.n}@example.com or call +1 415 555 0134` }] }])),
                    str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `noted ${span.n}` }], finish_reason: 'stop' }])),
                  ]),
            ],
          })),
        },
      ],
    })),
  };
}

/** POSTs until the Collector accepts (an SDK exporter retries 429/503 and refused connections too). */
export async function sendTraces(endpoint: string, body: unknown): Promise<void> {
  let lastError = '';
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const res = await fetch(`${endpoint}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the Collector did not accept a request after 100 attempts: ${lastError}`);
}

/** Sends `spans` in requests of `batch`, `concurrency` requests at a time. */
export async function sendAll(endpoint: string, spans: LoadSpan[], batch: number, concurrency = 4, contentless = false): Promise<void> {
  const requests: LoadSpan[][] = [];
  for (let i = 0; i < spans.length; i += batch) requests.push(spans.slice(i, i + batch));
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const mine = requests[next++]!;
      await sendTraces(endpoint, tracesRequest(mine, contentless));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
