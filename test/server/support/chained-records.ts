import { randomUUID } from 'node:crypto';
import { computeRecordHash, GENESIS_HASH } from '../../../src/chain/format/record-hash.js';
import { merkleRoot } from '../../../src/chain/format/merkle.js';
import type { ChainCheckpoint } from '../../../src/chain/format/checkpoint.js';
import type { AIDecision } from '../../../src/decision.js';

export type Chained = AIDecision & { chainId: string; seq: number; prevHash: string; hash: string; checkpoint?: ChainCheckpoint };

/** A valid unchained decision. */
export function decision(overrides: Partial<AIDecision> = {}): AIDecision {
  return {
    aiSystemId: 'credit-assistant',
    modelUsed: 'gpt-4o-mini',
    input: { messages: [{ role: 'user', parts: [{ type: 'text', content: 'Hello [EMAIL]' }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }] }] },
    status: 'completed',
    decidedAt: '2026-03-01T10:00:00.000Z',
    decisionId: randomUUID(),
    usage: { inputTokens: 12, outputTokens: 3 },
    redaction: { mode: 'mask', counts: { EMAIL: 1 } },
    ...overrides,
  };
}

/** Links records into one chain exactly as DESIGN.md §5 says. */
export function chain(chainId: string, count: number, make: (i: number) => Partial<AIDecision> = () => ({}), startMs = Date.parse('2026-03-01T10:00:00Z')): Chained[] {
  const out: Chained[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 0; seq < count; seq++) {
    const body = { ...decision({ decidedAt: new Date(startMs + seq * 1000).toISOString(), ...make(seq) }), chainId, seq, prevHash } as Chained;
    body.hash = computeRecordHash(body);
    prevHash = body.hash;
    out.push(body);
  }
  return out;
}

/** Appends a checkpoint record covering `firstSeq..` the last record of `records`. */
export function appendCheckpoint(records: Chained[], firstSeq = 0, final = false): Chained {
  const last = records.at(-1)!;
  const covered = records.filter((r) => r.seq >= firstSeq);
  const checkpoint = {
    seq: last.seq,
    hash: last.hash,
    firstSeq,
    count: covered.length,
    merkleRoot: merkleRoot(covered.map((r) => r.hash)),
    ...(final ? { final: true } : {}),
  };
  const body = {
    aiSystemId: 'vaxelia-chain',
    modelUsed: 'none',
    input: { messages: [] },
    output: { messages: [] },
    status: 'completed',
    decidedAt: last.decidedAt,
    decisionId: randomUUID(),
    operation: 'checkpoint',
    checkpoint,
    chainId: last.chainId,
    seq: last.seq + 1,
    prevHash: last.hash,
  } as unknown as Chained;
  body.hash = computeRecordHash(body);
  records.push(body);
  return body;
}

/** Re-hashes a record after an edit (a forger's attempt: the content matches, the link does not). */
export function rehash(record: Chained): Chained {
  const copy = { ...record };
  copy.hash = computeRecordHash(copy);
  return copy;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/v1/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
