import type { DatabaseSync } from 'node:sqlite';
import { type ChainStatus, readChainStatuses } from '../chain-status.js';
import { type ChecksSummary, readChecksSummary } from './checks-summary.js';

/** Everything the evidence report shows, aggregated in SQL: its size does not grow with the log. */
export interface ReportData {
  generatedAt: string;
  totals: {
    decisions: number;
    completed: number;
    failed: number;
    checkpoints: number;
    /** Records without chain fields: stored, but their integrity cannot be checked. */
    unchained: number;
    inputTokens: number;
    outputTokens: number;
    firstDecidedAt?: string;
    lastDecidedAt?: string;
  };
  /** Bucket width of the time series. */
  bucket: { ms: number; label: string };
  /** Bucket starts (epoch ms), oldest first. */
  buckets: number[];
  /** Decisions per bucket, per model (the most frequent ones; the rest under `other models`). */
  byModel: { model: string; counts: number[] }[];
  byStatus: { status: string; counts: number[] }[];
  tokens: { input: number[]; output: number[] };
  tokensByModel: { model: string; decisions: number; inputTokens: number; outputTokens: number }[];
  /** From `redaction.counts`, summed. */
  redactions: { type: string; count: number }[];
  chains: ChainStatus[];
  /** Checks that ran and fired, actions taken, the latest rejected or escalated decisions. */
  checks: ChecksSummary;
}

const BUCKETS: readonly [number, string][] = [
  [60_000, '1 minute'],
  [5 * 60_000, '5 minutes'],
  [15 * 60_000, '15 minutes'],
  [3_600_000, '1 hour'],
  [6 * 3_600_000, '6 hours'],
  [86_400_000, '1 day'],
  [7 * 86_400_000, '1 week'],
  [30 * 86_400_000, '30 days'],
  [365 * 86_400_000, '1 year'],
];

/** At most this many bars on the time axis. */
const MAX_BUCKETS = 60;
const MAX_MODELS = 8;
export const OTHER_MODELS = 'other models';
const NOT_CHECKPOINT = "operation IS NOT 'checkpoint'";

export function chooseBucket(spanMs: number): { ms: number; label: string } {
  for (const [ms, label] of BUCKETS) if (spanMs / ms < MAX_BUCKETS) return { ms, label };
  const [ms, label] = BUCKETS[BUCKETS.length - 1]!;
  return { ms, label };
}

export function readReportData(db: DatabaseSync, options: { now?: number } = {}): ReportData {
  const now = options.now ?? Date.now();
  // Both queries read only the covering index decisions_report.
  const range = db
    .prepare(
      `SELECT COUNT(*) FILTER (WHERE ${NOT_CHECKPOINT}) AS n,
         COUNT(*) FILTER (WHERE operation = 'checkpoint') AS checkpoints,
         MIN(decided_ms) FILTER (WHERE ${NOT_CHECKPOINT}) AS lo, MAX(decided_ms) FILTER (WHERE ${NOT_CHECKPOINT}) AS hi,
         COUNT(*) FILTER (WHERE ${NOT_CHECKPOINT} AND status = 'completed') AS completed,
         COUNT(*) FILTER (WHERE ${NOT_CHECKPOINT} AND status = 'failed') AS failed,
         COALESCE(SUM(input_tokens), 0) AS it, COALESCE(SUM(output_tokens), 0) AS ot
       FROM decisions INDEXED BY decisions_report`,
    )
    .get() as { n: number; checkpoints: number; lo: number | null; hi: number | null; completed: number; failed: number; it: number; ot: number };
  const chained = (db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM chains').get() as { n: number }).n;
  const unchained = range.n + range.checkpoints - chained;
  const checkpoints = range.checkpoints;

  const lo = range.lo ?? now;
  const hi = range.hi ?? now;
  const bucket = chooseBucket(hi - lo);
  const first = Math.floor(lo / bucket.ms) * bucket.ms;
  const buckets: number[] = [];
  for (let b = first; b <= hi; b += bucket.ms) buckets.push(b);
  if (buckets.length === 0) buckets.push(first);
  const indexOf = (b: number) => Math.round((b - first) / bucket.ms);

  const grouped = db
    .prepare(
      // The width is inlined as an integer literal: bound JS numbers arrive as REAL, and a REAL
      // division would not bucket at all.
      `SELECT (decided_ms / ${Math.trunc(bucket.ms)}) * ${Math.trunc(bucket.ms)} AS b, model, status, COUNT(*) AS n,
         COALESCE(SUM(input_tokens), 0) AS it, COALESCE(SUM(output_tokens), 0) AS ot
       FROM decisions INDEXED BY decisions_report WHERE ${NOT_CHECKPOINT} GROUP BY b, model, status`,
    )
    .all() as { b: number; model: string; status: string; n: number; it: number; ot: number }[];

  const perModel = new Map<string, { decisions: number; inputTokens: number; outputTokens: number }>();
  for (const row of grouped) {
    const m = perModel.get(row.model) ?? { decisions: 0, inputTokens: 0, outputTokens: 0 };
    m.decisions += row.n;
    m.inputTokens += row.it;
    m.outputTokens += row.ot;
    perModel.set(row.model, m);
  }
  const ranked = [...perModel].sort((a, b) => b[1].decisions - a[1].decisions || (a[0] < b[0] ? -1 : 1));
  const shown = new Set(ranked.slice(0, ranked.length > MAX_MODELS ? MAX_MODELS - 1 : MAX_MODELS).map(([m]) => m));
  const zeros = () => buckets.map(() => 0);
  const byModel = new Map<string, number[]>();
  const byStatus = new Map<string, number[]>([
    ['completed', zeros()],
    ['failed', zeros()],
  ]);
  const tokens = { input: zeros(), output: zeros() };
  for (const row of grouped) {
    const i = indexOf(row.b);
    const model = shown.has(row.model) ? row.model : OTHER_MODELS;
    if (!byModel.has(model)) byModel.set(model, zeros());
    byModel.get(model)![i]! += row.n;
    if (!byStatus.has(row.status)) byStatus.set(row.status, zeros());
    byStatus.get(row.status)![i]! += row.n;
    tokens.input[i]! += row.it;
    tokens.output[i]! += row.ot;
  }

  const redactions = db.prepare('SELECT type, count FROM redaction_totals ORDER BY count DESC, type').all() as {
    type: string;
    count: number;
  }[];

  const totals: ReportData['totals'] = {
    decisions: range.n,
    completed: range.completed,
    failed: range.failed,
    checkpoints,
    unchained,
    inputTokens: range.it,
    outputTokens: range.ot,
  };
  if (range.lo !== null) totals.firstDecidedAt = new Date(range.lo).toISOString();
  if (range.hi !== null) totals.lastDecidedAt = new Date(range.hi).toISOString();
  return {
    generatedAt: new Date(now).toISOString(),
    totals,
    bucket,
    buckets,
    byModel: [...byModel]
      .sort((a, b) => (a[0] === OTHER_MODELS ? 1 : b[0] === OTHER_MODELS ? -1 : (perModel.get(b[0])?.decisions ?? 0) - (perModel.get(a[0])?.decisions ?? 0)))
      .map(([model, counts]) => ({ model, counts })),
    byStatus: [...byStatus].map(([status, counts]) => ({ status, counts })),
    tokens,
    tokensByModel: ranked.map(([model, m]) => ({ model, ...m })),
    redactions: redactions.map((r) => ({ type: r.type, count: Number(r.count) })),
    chains: readChainStatuses(db),
    checks: readChecksSummary(db),
  };
}
