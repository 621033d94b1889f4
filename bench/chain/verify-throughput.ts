/**
 * verify throughput, single-threaded. Run: bash bench/chain/run.sh
 * Builds a realistic log with the chain writer (checkpoint every 1000, signed notes in the signed
 * part), then times verifyChain on parsed records, on JSON lines as `vaxelia-otel verify` reads them
 * on one thread (readLines: parse, canonicalise, hash), and with signatures. The whole CLI, with
 * its worker threads, is timed by run.sh.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainWriter } from '../../src/chain/writer/chain-writer.js';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { createChainVerifier, verifyChain } from '../../src/chain/verify/verify-chain.js';
import { applyLineResults, readLines } from '../../src/cli/verify-lines.js';
import type { AIDecision } from '../../src/decision.js';

const N = Number(process.env.BENCH_RECORDS ?? 200_000);
const N_SIGNED = Number(process.env.BENCH_SIGNED_RECORDS ?? 20_000);

function decision(i: number): AIDecision {
  return {
    aiSystemId: 'support-assistant',
    modelUsed: 'gpt-4o-mini',
    input: {
      messages: [
        { role: 'system', parts: [{ type: 'text', content: 'You are a helpful support assistant for ACME.' }] },
        { role: 'user', parts: [{ type: 'text', content: `My order ${i} has not arrived, can you check [EMAIL]?` }] },
      ],
    },
    output: {
      messages: [
        {
          role: 'assistant',
          parts: [{ type: 'text', content: `I checked order ${i}: it ships tomorrow. Anything else?` }],
          finish_reason: 'stop',
        },
      ],
    },
    status: 'completed',
    decidedAt: new Date(1_735_689_600_000 + i * 1000).toISOString(),
    decisionId: `0b7c${i.toString(16).padStart(28, '0')}`,
    traceId: i.toString(16).padStart(32, '0'),
    spanId: i.toString(16).padStart(16, '0'),
    operation: 'chat',
    provider: 'openai',
    requestModel: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    finishReasons: ['stop'],
    usage: { inputTokens: 812 + (i % 50), outputTokens: 64, totalTokens: 876 + (i % 50) },
    latencyMs: 842.5,
    service: { name: 'support-api', version: '1.4.2' },
    redaction: { mode: 'mask', counts: { EMAIL: 1 } },
  };
}

function build(n: number, signingKey?: string): ChainedDecision[] {
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-bench-'));
  try {
    const writer = createChainWriter({ dir, chainId: 'bench', checkpointEvery: 1000, ...(signingKey ? { signingKey } : {}) });
    const out: ChainedDecision[] = [];
    for (let i = 0; i < n; i++) out.push(...writer.append(decision(i)));
    const last = writer.checkpoint({ final: true });
    if (last) out.push(last);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Best of `runs`, wall clock and CPU time (the latter is steadier on a shared machine). */
function time(label: string, count: number, fn: () => void, runs = 3): void {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, Number(process.hrtime.bigint() - t0) / 1e6);
    cpu = Math.min(cpu, (c.user + c.system) / 1e3);
  }
  const rate = (ms: number) => Math.round((count / ms) * 1000).toLocaleString('en-US').padStart(9);
  console.log(
    `${label.padEnd(52)} ${count.toLocaleString('en-US').padStart(8)} records  wall ${wall.toFixed(0).padStart(5)} ms = ${rate(wall)}/s  cpu ${rate(cpu)}/s`,
  );
}

const decisions = Array.from({ length: 50_000 }, (_, i) => decision(i));
time('chain writer append (canonicalise, hash, copy)', decisions.length, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-bench-'));
  const writer = createChainWriter({ dir, chainId: 'w', checkpointEvery: 1000 });
  for (const d of decisions) writer.append(d);
  rmSync(dir, { recursive: true, force: true });
});

const records = build(N);
const lines = records.map((r) => JSON.stringify(r));
if (process.env.BENCH_WRITE_LOG) writeFileSync(process.env.BENCH_WRITE_LOG, `${lines.join('\n')}\n`);
const avg = Math.round(lines.reduce((n, l) => n + l.length, 0) / lines.length);
console.log(`node ${process.version}, ${records.length} records, ${avg} bytes/record on average`);

time('verifyChain(parsed records)', records.length, () => {
  if (!verifyChain(records).ok) throw new Error('unexpected problems');
});
time('JSON lines, parsed (parse + verify)', lines.length, () => {
  const v = createChainVerifier();
  for (const l of lines) v.add(JSON.parse(l));
  if (!v.result().ok) throw new Error('unexpected problems');
});
// What `vaxelia-otel verify` does on each thread: a chunk of lines to readLines, results to the verifier.
const text = `${lines.join('\n')}\n`;
time('JSON lines as the CLI reads them, one thread (readLines)', lines.length, () => {
  const v = createChainVerifier();
  applyLineResults(readLines(text, 1), v);
  if (!v.result().ok) throw new Error('unexpected problems');
});
const shuffled = [...records].sort((a, b) => (a.hash < b.hash ? -1 : 1));
time('verifyChain(parsed records, random order)', shuffled.length, () => {
  if (!verifyChain(shuffled).ok) throw new Error('unexpected problems');
});

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signed = build(N_SIGNED, String(privateKey.export({ format: 'pem', type: 'pkcs8' })));
const publicPem = String(publicKey.export({ format: 'pem', type: 'spki' }));
time('verifyChain + Ed25519, signatures: all', signed.length, () => {
  if (!verifyChain(signed, { publicKey: publicPem }).ok) throw new Error('unexpected problems');
}, 1);
time('verifyChain + Ed25519, signatures: checkpoints', signed.length, () => {
  if (!verifyChain(signed, { publicKey: publicPem, signatures: 'checkpoints' }).ok) throw new Error('unexpected problems');
});
