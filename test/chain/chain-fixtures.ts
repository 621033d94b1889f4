import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalize } from '../../src/chain/format/canonical-json.js';
import { type ChainWriterOptions, createChainWriter } from '../../src/chain/writer/chain-writer.js';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import type { AIDecision } from '../../src/decision.js';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-chain-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function decision(i: number, extra: Partial<AIDecision> = {}): AIDecision {
  return {
    aiSystemId: 'sys-1',
    modelUsed: 'gpt-4o',
    input: { messages: [{ role: 'user', parts: [{ type: 'text', content: `question ${i}` }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: `answer ${i}` }], finish_reason: 'stop' }] },
    status: 'completed',
    decidedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    decisionId: `d-${i}`,
    usage: { inputTokens: 10 + i, outputTokens: 3 },
    latencyMs: 12.5,
    ...extra,
  };
}

/** `n` decisions through a real writer (checkpoints included), plus the final checkpoint. */
export function buildChain(
  n: number,
  options: Partial<ChainWriterOptions> & { final?: boolean } = {},
): ChainedDecision[] {
  const { dir, cleanup } = tempDir();
  try {
    const writer = createChainWriter({ dir, chainId: 'chain-a', now: () => Date.UTC(2025, 0, 1), ...options });
    const out: ChainedDecision[] = [];
    for (let i = 0; i < n; i++) out.push(...writer.append(decision(i)));
    if (options.final) {
      const cp = writer.checkpoint({ final: true });
      if (cp) out.push(cp);
    }
    return out;
  } finally {
    cleanup();
  }
}

/** Given decisions through a real writer (chain id `p`), ending with a final checkpoint. */
export function chainOf(decisions: readonly AIDecision[], options: Partial<ChainWriterOptions> = {}): ChainedDecision[] {
  const { dir, cleanup } = tempDir();
  try {
    const writer = createChainWriter({ dir, chainId: 'p', ...options });
    const out = decisions.flatMap((d) => writer.append(d));
    const last = writer.checkpoint({ final: true });
    if (last) out.push(last);
    return out;
  } finally {
    cleanup();
  }
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Whether a value has a canonical JSON form (a filter for fast-check values). */
export const canonicalisable = (value: unknown): boolean => {
  try {
    canonicalize(value);
    return true;
  } catch {
    return false;
  }
};
