/**
 * Third-party check of the hash chain (DESIGN.md §5) over what reached the sink: seq 0, 1, 2, … per
 * chain, each `prevHash` the previous `hash`, and each `hash` recomputed here from RFC 8785 (JCS)
 * canonical JSON — independent of the package's own verifier.
 */
import { createHash } from 'node:crypto';
import type { AIDecision } from '@vaxelia/ai-otel';
import { expect } from 'vitest';

const GENESIS = '0'.repeat(64);

export function expectIntactChain(records: readonly AIDecision[]): void {
  expect(records.length, 'records to check').toBeGreaterThan(0);
  const byChain = new Map<string, AIDecision[]>();
  for (const record of records) {
    expect(record.chainId, 'every record is chained').toEqual(expect.any(String));
    const chain = byChain.get(record.chainId!) ?? [];
    chain.push(record);
    byChain.set(record.chainId!, chain);
  }
  expect(byChain.size, 'one writer → one chain').toBe(1);
  for (const chain of byChain.values()) {
    chain.forEach((record, index) => {
      expect(record.seq, `seq of record ${index}`).toBe(index);
      expect(record.prevHash, `prevHash of seq ${index}`).toBe(index === 0 ? GENESIS : chain[index - 1]!.hash);
      const { hash, signature: _signature, ...body } = record;
      const expected = createHash('sha256').update(`${record.prevHash}${canonicalJson(body)}`, 'utf8').digest('hex');
      expect(hash, `hash of seq ${index}`).toBe(expected);
    });
  }
}

/** RFC 8785 for JSON data: ES number and string serialisation, object keys in UTF-16 order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
