/**
 * The auditor's workbench with 1,000,000 decisions stored: latency of the decision list (with each
 * filter and sort), deep pages, a decision page, the JSON API, the overview and the summaries,
 * through HTTP on the real server. Target: list and decision page under 300 ms (DESIGN: a benchmark,
 * not a timed test). Run: node bench/server/run-workbench.mjs  (BENCH_ROWS, BENCH_RUNS, BENCH_DB to keep
 * and reuse the database file between runs).
 *
 * The log is seeded straight into SQLite with the columns and check flags the on-ingest path sets
 * (valid chains: every hash computed by computeRecordHash, checkpoints with real Merkle roots): the
 * ingest path itself is measured by ingest.bench.ts, and a million chain-checked POSTs would take
 * the better part of an hour on a shared two-core machine.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merkleRoot } from '../../src/chain/format/merkle.js';
import { computeRecordHash, GENESIS_HASH } from '../../src/chain/format/record-hash.js';
import { openDatabase } from '../../src/server/open-database.js';
import { startServer } from '../../src/server/start-server.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CHAINS = 8;
const CHECKPOINT_EVERY = 10_000;
const SYSTEMS = ['credit-assistant', 'fraud-screening', 'support-bot', 'hr-screening'];
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4', 'gemini-2.5-flash', 'llama-3.1-70b'];
const PROVIDERS: Record<string, string> = { 'gpt-4o-mini': 'openai', 'gpt-4o': 'openai', 'claude-sonnet-4': 'anthropic', 'gemini-2.5-flash': 'gcp.gemini', 'llama-3.1-70b': 'aws.bedrock' };
const OPERATIONS = ['invoke_agent', 'chat', 'execute_tool'];
const TYPES = ['EMAIL', 'PHONE', 'IBAN', 'CREDIT_CARD', 'PERSON'];

const INSERT = `INSERT INTO decisions (decision_id, received_at, decided_at, decided_ms, ai_system_id, model, status, operation,
  input_tokens, output_tokens, redaction_counts, chain_id, seq, prev_hash, hash, body, provider, trace_id, span_id, parent_span_id,
  related_decision_id, policy, human_review, signed, hash_ok, link, duplicate, cp_first, cp_seq, cp_state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, 'ok', 0, ?, ?, ?)`;

/** Seeds `rows` decisions on {@link CHAINS} chains over 90 days; returns some decision ids to open. */
function seed(path: string, rows: number): string[] {
  const db = openDatabase(path);
  const insert = db.prepare(INSERT);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const perChain = Math.ceil(rows / CHAINS);
  const stepMs = Math.floor((90 * 86_400_000) / perChain);
  const sample: string[] = [];
  const redactionTotals = new Map<string, number>();
  const t0 = performance.now();
  db.exec('BEGIN');
  let made = 0;
  for (let c = 0; c < CHAINS; c++) {
    const chainId = `writer-${c}`;
    const system = SYSTEMS[c % SYSTEMS.length]!;
    let prevHash = GENESIS_HASH;
    let cpFirst = 0;
    const hashes: string[] = [];
    let lastReviewable = '';
    for (let seq = 0; made < rows && hashes.length < perChain; seq++) {
      const decidedMs = start + hashes.length * stepMs + c * 1000;
      const decidedAt = new Date(decidedMs).toISOString();
      const isCheckpoint = seq > 0 && seq - cpFirst === CHECKPOINT_EVERY;
      const i = seq;
      let record: Record<string, unknown>;
      let cp: { first: number; seq: number } | undefined;
      if (isCheckpoint) {
        const covered = hashes.slice(cpFirst);
        record = {
          aiSystemId: 'vaxelia-chain', modelUsed: 'none', input: { messages: [] }, output: { messages: [] }, status: 'completed',
          decidedAt, decisionId: randomUUID(), operation: 'checkpoint',
          checkpoint: { seq: seq - 1, hash: prevHash, firstSeq: cpFirst, count: covered.length, merkleRoot: merkleRoot(covered) },
        };
        cp = { first: cpFirst, seq: seq - 1 };
        cpFirst = seq;
      } else {
        const model = MODELS[(i + c) % MODELS.length]!;
        const review = i % 500 === 499 && lastReviewable !== '';
        const counts: Record<string, number> = { [TYPES[i % TYPES.length]!]: 1 + (i % 3) };
        record = {
          aiSystemId: system, modelUsed: model, provider: PROVIDERS[model],
          input: { messages: [{ role: 'user', parts: [{ type: 'text', content: `Case ${i}: please assess [PERSON], contact [EMAIL].` }] }] },
          output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Assessment: low risk.' }] }] },
          status: i % 37 === 0 ? 'failed' : 'completed', decidedAt, decisionId: randomUUID(),
          operation: review ? 'human_review' : OPERATIONS[i % 3], traceId: `trace-${c}-${Math.floor(i / 3)}`, spanId: `span-${c}-${i}`,
          usage: { inputTokens: 100 + (i % 300), outputTokens: 20 + (i % 120) },
          redaction: { mode: 'mask', counts },
          policyContext: { version: `policy-${Math.floor((hashes.length / perChain) * 4)}` },
          service: { name: `${system}-svc`, instanceId: `host-${c}` },
          ...(review ? { relatedDecisionId: lastReviewable, humanOversight: { reviewerId: `analyst-${i % 17}`, outcome: i % 1500 === 499 ? 'override' : 'confirmed' } } : {}),
        };
        for (const [type, n] of Object.entries(counts)) redactionTotals.set(type, (redactionTotals.get(type) ?? 0) + n);
      }
      record.chainId = chainId;
      record.seq = seq;
      record.prevHash = prevHash;
      record.hash = computeRecordHash(record);
      const r = record as unknown as Seeded;
      insert.run(
        r.decisionId, decidedAt, decidedAt, decidedMs, r.aiSystemId, r.modelUsed, r.status, r.operation ?? null,
        r.usage?.inputTokens ?? null, r.usage?.outputTokens ?? null, r.redaction ? JSON.stringify(r.redaction.counts) : null,
        chainId, seq, prevHash, r.hash, JSON.stringify(record), r.provider ?? null, r.traceId ?? null, r.spanId ?? null, null,
        r.relatedDecisionId ?? null, r.policyContext ? JSON.stringify(r.policyContext) : null, r.humanOversight ? 1 : 0,
        cp?.first ?? null, cp?.seq ?? null, cp ? 'ok' : null,
      );
      if (!isCheckpoint && i % 97 === 0) lastReviewable = r.decisionId;
      if (sample.length < 200 && i % 4999 === 7) sample.push(r.decisionId);
      prevHash = r.hash;
      hashes.push(r.hash);
      made++;
      if (made % 100_000 === 0) {
        db.exec('COMMIT');
        db.exec('BEGIN');
        console.log(`  seeded ${made.toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
    db.prepare(
      `INSERT INTO chains (chain_id, count, first_seq, last_seq, head_hash, first_decided_at, last_decided_at, updated_at, signed)
       SELECT chain_id, COUNT(*), MIN(seq), MAX(seq), (SELECT hash FROM decisions d WHERE d.chain_id = ? ORDER BY seq DESC LIMIT 1),
         MIN(decided_at), MAX(decided_at), MAX(received_at), 0 FROM decisions WHERE chain_id = ?`,
    ).run(chainId, chainId);
    db.prepare(
      `UPDATE chains SET (last_checkpoint_at, last_checkpoint) = (SELECT seq, json_extract(body, '$.checkpoint') FROM decisions
       WHERE chain_id = ? AND operation = 'checkpoint' ORDER BY seq DESC LIMIT 1) WHERE chain_id = ?`,
    ).run(chainId, chainId);
    db.prepare(
      `INSERT INTO chain_sources SELECT chain_id, ai_system_id, ?, ?, COUNT(*) FROM decisions WHERE chain_id = ? AND operation IS NOT 'checkpoint' GROUP BY 1, 2`,
    ).run(`${system}-svc`, `host-${c}`, chainId);
  }
  // Reviews mark the decisions they review, as the ingest path does.
  db.exec('UPDATE decisions SET human_review = 1 WHERE decision_id IN (SELECT related_decision_id FROM decisions WHERE related_decision_id IS NOT NULL)');
  for (const [type, n] of redactionTotals) db.prepare('INSERT INTO redaction_totals (type, count) VALUES (?, ?)').run(type, n);
  db.exec('COMMIT');
  console.log(`seeded ${made.toLocaleString('en-US')} decisions in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  db.close();
  return sample;
}

function sampleIds(path: string): string[] {
  const db = openDatabase(path);
  const rows = db.prepare("SELECT decision_id FROM decisions WHERE id % 4999 = 7 AND operation IS NOT 'checkpoint' LIMIT 200").all() as { decision_id: string }[];
  db.close();
  return rows.map((r) => r.decision_id);
}

/** The fields of a seeded record the insert reads. */
interface Seeded {
  decisionId: string;
  aiSystemId: string;
  modelUsed: string;
  status: string;
  operation?: string;
  usage?: { inputTokens: number; outputTokens: number };
  redaction?: { counts: Record<string, number> };
  provider?: string;
  traceId?: string;
  spanId?: string;
  relatedDecisionId?: string;
  policyContext?: unknown;
  humanOversight?: unknown;
  hash: string;
}

const TARGET_MS = 300;

async function time(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number; status: number; text: string }> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { ms: performance.now() - t, bytes: text.length, status: res.status, text };
}

const dir = mkdtempSync(join(tmpdir(), 'vaxelia-workbench-bench-'));
const dbPath = process.env.BENCH_DB ?? join(dir, 'workbench.sqlite');
try {
  const ids = existsSync(dbPath) ? sampleIds(dbPath) : seed(dbPath, ROWS);
  const server = await startServer({ port: 0, dbPath, ingestKey: 'bench-ingest', readKey: 'bench-read' });
  const headers = { authorization: 'Bearer bench-read' };
  console.log(`workbench over ${server.db.count().toLocaleString('en-US')} stored decisions, ${RUNS} runs each (median, p95, max), target ${TARGET_MS} ms for the list and decision pages`);
  const secondPage = async (query: string) => {
    const first = await time(`${server.url}/report/decisions?${query}`, headers);
    const href = /id="next-page" href="([^"]+)"/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    return href ?? `/report/decisions?${query}`;
  };
  const cases: [string, () => Promise<string> | string, boolean][] = [
    ['list, newest first (default)', () => '/report/decisions', true],
    ['list, aiSystemId', () => '/report/decisions?aiSystemId=fraud-screening', true],
    ['list, model + status=failed', () => '/report/decisions?model=gpt-4o&status=failed', true],
    ['list, provider', () => '/report/decisions?provider=anthropic', true],
    ['list, operation', () => '/report/decisions?operation=execute_tool', true],
    ['list, period (one week)', () => '/report/decisions?from=2026-02-01&to=2026-02-08', true],
    ['list, chain', () => '/report/decisions?chainId=writer-3', true],
    ['list, humanReview=true', () => '/report/decisions?humanReview=true', true],
    ['list, redaction=IBAN', () => '/report/decisions?redaction=IBAN', true],
    ['list, sorted by model', () => '/report/decisions?sort=model', true],
    ['list, sorted by AI system, descending', () => '/report/decisions?sort=-aiSystemId', true],
    ['list, 2nd page (cursor), aiSystemId', () => secondPage('aiSystemId=support-bot'), true],
    ['decision page', () => `/report/decisions/${ids[Math.floor(Math.random() * ids.length)]}`, true],
    ['GET /v1/decisions/{id}', () => `/v1/decisions/${ids[Math.floor(Math.random() * ids.length)]}`, true],
    ['GET /v1/decisions?limit=100&aiSystemId', () => '/v1/decisions?limit=100&aiSystemId=credit-assistant&sort=-decidedAt', true],
    ['overview /report', () => '/report', false],
    ['AI systems summary', () => '/report/systems', false],
    ['oversight and policy', () => '/report/oversight', false],
  ];
  const misses: string[] = [];
  for (const [label, path, targeted] of cases) {
    const runs: number[] = [];
    let size = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await time(`${server.url}${await path()}`, headers);
      if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.text.slice(0, 300)}`);
      runs.push(r.ms);
      size = r.bytes;
    }
    runs.sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)]!;
    const p95 = runs[Math.min(runs.length - 1, Math.ceil(runs.length * 0.95) - 1)]!;
    const verdict = targeted ? (median < TARGET_MS ? 'PASS' : 'MISS') : '';
    if (verdict === 'MISS') misses.push(label);
    console.log(`  ${label.padEnd(40)} median ${median.toFixed(0).padStart(5)} ms  p95 ${p95.toFixed(0).padStart(5)} ms  max ${runs.at(-1)!.toFixed(0).padStart(5)} ms  ${Math.round(size / 1024)} KiB  ${verdict}`);
  }
  console.log(misses.length === 0 ? `every list and decision page under ${TARGET_MS} ms (median)` : `over ${TARGET_MS} ms: ${misses.join('; ')}`);
  await server.close();
} finally {
  if (process.env.BENCH_DB === undefined) rmSync(dir, { recursive: true, force: true });
}
