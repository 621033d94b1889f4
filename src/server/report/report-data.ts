import type { DatabaseSync } from 'node:sqlite';
import { type ChainStatus, readChainStatuses } from '../chain-status.js';

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
  const range = db
    .prepare(
      `SELECT COUNT(*) AS n, MIN(decided_ms) AS lo, MAX(decided_ms) AS hi, MIN(decided_at) AS first, MAX(decided_at) AS last,
         SUM(status = 'completed') AS completed, SUM(status = 'failed') AS failed,
         COALESCE(SUM(input_tokens), 0) AS it, COALESCE(SUM(output_tokens), 0) AS ot
       FROM decisions WHERE ${NOT_CHECKPOINT}`,
    )
    .get() as { n: number; lo: number | null; hi: number | null; first: string | null; last: string | null; completed: number | null; failed: number | null; it: number; ot: number };
  const checkpoints = (db.prepare("SELECT COUNT(*) AS n FROM decisions WHERE operation = 'checkpoint'").get() as { n: number }).n;
  const unchained = (db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE chain_id IS NULL').get() as { n: number }).n;

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
      `SELECT (decided_ms / ?) * ? AS b, model, status, COUNT(*) AS n,
         COALESCE(SUM(input_tokens), 0) AS it, COALESCE(SUM(output_tokens), 0) AS ot
       FROM decisions WHERE ${NOT_CHECKPOINT} GROUP BY b, model, status`,
    )
    .all(bucket.ms, bucket.ms) as { b: number; model: string; status: string; n: number; it: number; ot: number }[];

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

  const redactions = db
    .prepare(
      `SELECT j.key AS type, SUM(j.value) AS count FROM decisions, json_each(decisions.redaction_counts) AS j
       WHERE decisions.redaction_counts IS NOT NULL GROUP BY j.key ORDER BY count DESC, type`,
    )
    .all() as { type: string; count: number }[];

  const totals: ReportData['totals'] = {
    decisions: range.n,
    completed: range.completed ?? 0,
    failed: range.failed ?? 0,
    checkpoints,
    unchained,
    inputTokens: range.it,
    outputTokens: range.ot,
  };
  if (range.first !== null) totals.firstDecidedAt = range.first;
  if (range.last !== null) totals.lastDecidedAt = range.last;
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
  };
}
