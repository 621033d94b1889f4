/**
 * Reference server: ingest latency under 32 concurrent exporters, and the evidence report at 100,000
 * decisions. Run: node bench/server/run.mjs  (BENCH_EXPORTERS, BENCH_PER_EXPORTER, BENCH_REPORT_ROWS)
 *
 * Each exporter is what the delivery service does: one keep-alive connection pool, one decision per
 * POST, the next one after the answer. The database is a file (WAL, synchronous=FULL), so every 200
 * is an fsynced commit shared by the requests of one event-loop turn (group commit).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeRecordHash, GENESIS_HASH } from '../../src/chain/format/record-hash.js';
import { renderReport } from '../../src/server/report/render-report.js';
import { startServer } from '../../src/server/start-server.js';
import { validateDecision } from '../../src/server/validate-decision.js';

const EXPORTERS = Number(process.env.BENCH_EXPORTERS ?? 32);
const PER_EXPORTER = Number(process.env.BENCH_PER_EXPORTER ?? 300);
const REPORT_ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 100_000);
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4', 'gemini-2.5-flash'];

function chainOf(chainId: string, n: number, startMs: number, stepMs: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 0; seq < n; seq++) {
    const r: Record<string, unknown> = {
      aiSystemId: 'support-assistant',
      modelUsed: MODELS[seq % MODELS.length],
      input: { messages: [{ role: 'user', parts: [{ type: 'text', content: `Where is order ${seq}? Mail me at [EMAIL].` }] }] },
      output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow; a confirmation goes to [EMAIL].' }] }] },
      status: seq % 23 === 0 ? 'failed' : 'completed',
      decidedAt: new Date(startMs + seq * stepMs).toISOString(),
      decisionId: randomUUID(),
      operation: 'chat',
      usage: { inputTokens: 40 + (seq % 50), outputTokens: 12 + (seq % 30) },
      redaction: { mode: 'mask', counts: { EMAIL: 2, ...(seq % 3 === 0 ? { PHONE: 1 } : {}) } },
      chainId,
      seq,
      prevHash,
    };
    r.hash = computeRecordHash(r);
    prevHash = r.hash as string;
    out.push(r);
  }
  return out;
}

function post(agent: Agent, url: URL, body: string, key: string, idempotencyKey: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function ingestLatency(dir: string): Promise<void> {
  const server = await startServer({ port: 0, dbPath: join(dir, 'ingest.sqlite'), ingestKey: 'bench', readKey: 'bench-read' });
  const url = new URL(`${server.url}/v1/decisions`);
  const chains = Array.from({ length: EXPORTERS }, (_, i) => chainOf(`exporter-${i}`, PER_EXPORTER, Date.now(), 10).map((r) => ({ body: JSON.stringify(r), id: r.decisionId as string })));
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    chains.map(async (bodies) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const { body, id } of bodies) {
        const t = performance.now();
        const status = await post(agent, url, body, 'bench', id);
        latencies.push(performance.now() - t);
        if (status !== 200) failures++;
      }
      agent.destroy();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = server.db.count();
  const ok = server.db.chains().every((c) => c.ok);
  await server.close();
  latencies.sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(`ingest: ${EXPORTERS} concurrent exporters × ${PER_EXPORTER} decisions = ${latencies.length} POSTs in ${seconds.toFixed(1)} s (${Math.round(latencies.length / seconds)}/s)`);
  console.log(`  latency p50 ${f(pct(latencies, 50))}  p95 ${f(pct(latencies, 95))}  p99 ${f(pct(latencies, 99))}  max ${f(latencies.at(-1)!)}`);
  console.log(`  stored ${stored} (expected ${latencies.length}), non-200 ${failures}, chains ${ok ? 'OK' : 'PROBLEM'}`);
}

async function reportAt(dir: string): Promise<void> {
  const server = await startServer({ port: 0, dbPath: join(dir, 'report.sqlite') });
  const perChain = Math.ceil(REPORT_ROWS / 4);
  let t = performance.now();
  for (let c = 0; c < 4; c++) {
    const items = chainOf(`bulk-${c}`, perChain, Date.parse('2026-01-01T00:00:00Z'), Math.floor((30 * 86_400_000) / perChain)).map((r) => {
      const v = validateDecision(r);
      if (!v.ok) throw new Error(v.message);
      return { decision: v.value, body: JSON.stringify(r) };
    });
    for (let i = 0; i < items.length; i += 5000) server.db.ingestMany(items.slice(i, i + 5000));
  }
  console.log(`report: ${server.db.count()} decisions inserted through the store in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const res = await fetch(`${server.url}/report`);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`GET /report: ${res.status} ${html.slice(0, 200)}`);
    runs.push(performance.now() - t);
    if (i === 0) console.log(`  page size ${Math.round(html.length / 1024)} KiB`);
  }
  t = performance.now();
  const data = server.db.reportData();
  const aggregateMs = performance.now() - t;
  t = performance.now();
  renderReport(data);
  const renderMs = performance.now() - t;
  runs.sort((a, b) => a - b);
  console.log(`  GET /report median ${runs[2]!.toFixed(0)} ms (min ${runs[0]!.toFixed(0)}, max ${runs[4]!.toFixed(0)}); SQL aggregation ${aggregateMs.toFixed(0)} ms, HTML ${renderMs.toFixed(0)} ms`);
  await server.close();
}

const dir = mkdtempSync(join(tmpdir(), 'vaxelia-server-bench-'));
try {
  await ingestLatency(dir);
  await reportAt(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
