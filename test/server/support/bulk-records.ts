import type { DecisionStore, IngestItem } from '@vaxelia/ai-otel/server';
import { validateDecision } from '@vaxelia/ai-otel/server';
import { chain } from './chained-records.js';

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4', 'gemini-2.5-flash', 'llama-3.1-70b'];
const TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS'];

/**
 * Inserts `total` valid chained decisions spread over 30 days, several models, both statuses and
 * several redaction types, through the store (same validation and chain check as the HTTP path).
 */
export function insertBulk(store: DecisionStore, total: number, chains = 4): void {
  const perChain = Math.ceil(total / chains);
  const start = Date.parse('2026-02-01T00:00:00Z');
  const stepMs = Math.floor((30 * 86_400_000) / perChain);
  let made = 0;
  for (let c = 0; c < chains && made < total; c++) {
    const n = Math.min(perChain, total - made);
    const records = chain(
      `bulk-${c}`,
      n,
      (i) => ({
        modelUsed: MODELS[(i + c) % MODELS.length]!,
        status: i % 17 === 0 ? 'failed' : 'completed',
        decidedAt: new Date(start + i * stepMs + c * 1000).toISOString(),
        usage: { inputTokens: 50 + (i % 200), outputTokens: 20 + (i % 90) },
        redaction: { mode: 'mask', counts: { [TYPES[i % TYPES.length]!]: 1 + (i % 3), ...(i % 4 === 0 ? { EMAIL: 1 } : {}) } },
      }),
      start,
    );
    const items: IngestItem[] = records.map((r) => {
      const body = JSON.stringify(r);
      const v = validateDecision(r);
      if (!v.ok) throw new Error(v.message);
      return { decision: v.value, body };
    });
    for (let i = 0; i < items.length; i += 5000) store.ingestMany(items.slice(i, i + 5000));
    made += n;
  }
}
