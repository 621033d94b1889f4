/**
 * Writes a signed chain of realistic decisions with the real chain writer, for bench/chain/peers.py:
 *   node write-log.mjs <records> <out.jsonl> <signing key, base64 seed>
 * The decisions are those of verify-throughput.ts (about 1.1 kB each).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainWriter } from '../../src/chain/writer/chain-writer.js';

const [count, out, signingKey] = [Number(process.argv[2]), process.argv[3]!, process.argv[4]!];
const dir = mkdtempSync(join(tmpdir(), 'vaxelia-peers-'));
const writer = createChainWriter({ dir, chainId: 'bench', checkpointEvery: 1000, signingKey });
const lines: string[] = [];
for (let i = 0; i < count; i++) {
  for (const r of writer.append({
    aiSystemId: 'support-assistant',
    modelUsed: 'gpt-4o-mini',
    input: { messages: [{ role: 'user', parts: [{ type: 'text', content: `My order ${i} has not arrived, can you check [EMAIL]?` }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: `I checked order ${i}: it ships tomorrow. Anything else?` }], finish_reason: 'stop' }] },
    status: 'completed',
    decidedAt: new Date(1_735_689_600_000 + i * 1000).toISOString(),
    decisionId: `0b7c${i.toString(16).padStart(28, '0')}`,
    traceId: i.toString(16).padStart(32, '0'),
    spanId: i.toString(16).padStart(16, '0'),
    operation: 'chat',
    provider: 'openai',
    usage: { inputTokens: 812 + (i % 50), outputTokens: 64 },
    latencyMs: 842.5,
  })) {
    lines.push(JSON.stringify(r));
  }
}
lines.push(JSON.stringify(writer.checkpoint({ final: true })));
writeFileSync(out, `${lines.join('\n')}\n`);
rmSync(dir, { recursive: true, force: true });
