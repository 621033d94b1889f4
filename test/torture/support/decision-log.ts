import type { Logger } from '../../../src/core/logger.js';
import { randomBytes } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { createDeliveryService } from '../../../src/delivery/delivery-service.js';
import { decisionIdFor, verifyChain } from '../../../src/index.js';

export const newBufferKey = () => randomBytes(32).toString('base64');

/** Drains a buffer directory to `url` with a fresh delivery service; resolves the entries left. */
export async function drainAll(url: string, apiKey: string, bufferDir: string, bufferKey: string, logger: Logger = () => {}): Promise<number> {
  const drainer = createDeliveryService({ tenantApiUrl: url, apiKey, bufferKey, bufferDir, drainOnStart: false, logger });
  let remaining = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 30 && remaining > 0; i++) ({ remaining } = await drainer.flushBuffer());
  await drainer.shutdown();
  return remaining;
}

/** Every stored record of a reference server, through its JSONL export (what `verify` reads). */
export async function exportRecords(serverUrl: string, apiKey?: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${serverUrl}/v1/decisions?format=jsonl`, {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
  });
  if (res.status !== 200) throw new Error(`export failed: HTTP ${res.status}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface DeliveryAudit {
  /** Unique non-checkpoint decisions stored. */
  delivered: number;
  /** Decision ids stored more than once. */
  duplicates: number;
  /** Acknowledged ids missing at the endpoint. */
  missing: string[];
  chainOk: boolean;
  chainProblems: unknown[];
  records: Record<string, unknown>[];
}

/**
 * Compares what the producer acknowledged with what the server holds, and verifies every chain that
 * holds one of those decisions (records of other scenarios sharing the server are left out).
 */
export function audit(records: Record<string, unknown>[], acknowledged: Iterable<string>): DeliveryAudit {
  const wanted = new Set(acknowledged);
  const byId = new Map<string, number>();
  const chains = new Set<string>();
  for (const r of records) {
    const id = String(r.decisionId);
    if (r.operation === 'checkpoint' || !wanted.has(id)) continue;
    byId.set(id, (byId.get(id) ?? 0) + 1);
    if (typeof r.chainId === 'string') chains.add(r.chainId);
  }
  const missing = [...wanted].filter((id) => !byId.has(id));
  const scoped = records.filter((r) => typeof r.chainId === 'string' && chains.has(r.chainId));
  const result = verifyChain(scoped as never);
  return {
    delivered: byId.size,
    duplicates: [...byId.values()].filter((n) => n > 1).length,
    missing,
    chainOk: result.ok,
    chainProblems: result.problems,
    records: scoped,
  };
}

/** Ends one gen_ai chat span and returns its decisionId. */
export function emitChatSpan(tracer: Tracer, n: number, content = `question ${n}`): string {
  const span = tracer.startSpan(`chat gpt-torture`, {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-torture',
      'gen_ai.response.model': 'gpt-torture',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `answer ${n}` }] }]),
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.usage.output_tokens': 2,
    },
  });
  const { traceId, spanId } = span.spanContext();
  span.end();
  return decisionIdFor(traceId, spanId);
}
