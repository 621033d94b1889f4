/**
 * CPU per decision, stage by stage, without I/O: the same AI span figure 3 ends (bench/lib/spans.mjs),
 * mapped, redacted, chained, serialised and encrypted in a tight loop, each stage timed on its own
 * after warm-up (median of rounds). It shows which stage a change moved; figure 3 and
 * profile-stages.mjs show the whole, with the HTTP client, the fsyncs and the garbage collector.
 *   node bench/delivery/run-stage-costs.mjs        (BENCH_SPANS, BENCH_ROUNDS)
 * Garbage collection lands in whichever stage allocates when it runs: compare rows across runs
 * with care (the encrypt row moves by 2x between runs for that reason alone).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { createChainWriter } from '../../src/chain/writer/chain-writer.js';
import { recordText } from '../../src/core/record-text.js';
import type { AIDecision } from '../../src/decision.js';
import { spanToDecision } from '../../src/mapping/span-to-decision.js';
import type { SpanLike } from '../../src/otel-types.js';
import { encryptEntry } from '../../src/queue/entry-cipher.js';
import { createRedactor } from '../../src/redaction/index.js';
import { redactDecision } from '../../src/redaction/redact-decision.js';
// @ts-expect-error a plain .mjs helper shared with the JavaScript benches
import { AI_SCOPE, aiAttributes } from '../lib/spans.mjs';

const N = Number(process.env.BENCH_SPANS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const ended: ReadableSpan[] = [];
const provider = new TracerProvider({ spanProcessors: [{ onStart() {}, onEnd: (s: ReadableSpan) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} }] });
const tracer = provider.getTracer(AI_SCOPE);
for (let i = 0; i < N; i++) tracer.startSpan('chat gpt-4o-mini', { kind: 2, attributes: aiAttributes(i) }).end();
const spans = ended as unknown as SpanLike[];

const redactor = createRedactor();
const key = randomBytes(32);
const dir = mkdtempSync(join(tmpdir(), 'vx-stage-costs-'));
const chain = createChainWriter({ dir, chainId: 'stage-costs' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stages: [string, () => void][] = [];
let mapped: AIDecision[] = [];
let redacted: AIDecision[] = [];
let chained: AIDecision[] = [];
let texts: string[] = [];
stages.push(['map (spanToDecision)', () => (mapped = spans.map((s) => spanToDecision(s)!))]);
stages.push(['redact (redactDecision)', () => (redacted = mapped.map((d) => redactDecision(d, redactor)))]);
stages.push(['chain (append: canonical JSON, SHA-256, Merkle frontier)', () => (chained = redacted.flatMap((d) => chain.append(d)))]);
stages.push(['record text (remembered by the chain)', () => (texts = chained.map((d) => recordText(d)))]);
stages.push(['JSON.stringify of the record (what recordText saves)', () => chained.map((d) => JSON.stringify(d))]);
stages.push(['encrypt (AES-256-GCM entry)', () => texts.map((t) => encryptEntry(key, t))]);

const times = new Map<string, number[]>(stages.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of stages) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    if (round > 0) times.get(name)!.push((used.user + used.system) / N); // round 0 warms up
  }
}
console.log(`record text ${texts[0]!.length} chars; mapped decision JSON ${JSON.stringify(mapped[0]).length} chars`);
console.log(`CPU µs per decision, median of ${ROUNDS - 1} rounds of ${N.toLocaleString('en')} decisions (after one warm-up round):`);
let total = 0;
for (const [name] of stages) {
  const us = median(times.get(name)!);
  if (!name.startsWith('JSON.stringify')) total += us;
  console.log(`${us.toFixed(1).padStart(7)}  ${name}`);
}
console.log(`${total.toFixed(1).padStart(7)}  total of the stages (without the JSON.stringify row)`);
await chain.close();
rmSync(dir, { recursive: true, force: true });
