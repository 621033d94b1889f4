import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type DecisionFilter, filterWhere, POSITION_COLUMNS, pageSql, positionOf } from './decision-filter.js';

/** One stored record as lists and the decision page show it: the indexed columns, the chain verdict, the body. */
export interface DecisionRow {
  /** Internal row id (arrival order). */
  id: number;
  decisionId: string;
  decidedAt: string;
  receivedAt: string;
  aiSystemId: string;
  model: string;
  provider: string | null;
  status: string;
  operation: string | null;
  chainId: string | null;
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
  /** The on-ingest chain check: content matches `hash` (null when unchained). */
  hashOk: boolean | null;
  /** `ok` | `pending` | `broken-link` | `reordered`; null when unchained. */
  link: string | null;
  duplicate: boolean;
  /** Checkpoint records: `ok` | `pending` | `bad-checkpoint`. */
  checkpointState: string | null;
  humanReview: boolean;
  signed: boolean;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  relatedDecisionId: string | null;
  redactionCounts: Record<string, number> | null;
  /** The body exactly as received (what the hash covers). */
  body: string;
}

export interface DecisionPage {
  rows: DecisionRow[];
  /** Position of the last row in the filter's order, when there may be more. */
  next: (string | number)[] | undefined;
}

const ROW_COLUMNS = `${POSITION_COLUMNS}, decision_id, decided_at, received_at, provider, operation, chain_id, seq, prev_hash, hash,
  hash_ok, link, duplicate, cp_state, human_review, signed, trace_id, span_id, parent_span_id, related_decision_id,
  redaction_counts, body`;

interface RawRow {
  id: number;
  decided_ms: number;
  ai_system_id: string;
  model: string;
  status: string;
  decision_id: string;
  decided_at: string;
  received_at: string;
  provider: string | null;
  operation: string | null;
  chain_id: string | null;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
  hash_ok: number | null;
  link: string | null;
  duplicate: number;
  cp_state: string | null;
  human_review: number;
  signed: number;
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
  related_decision_id: string | null;
  redaction_counts: string | null;
  body: string;
}

function toRow(r: RawRow): DecisionRow {
  return {
    id: r.id,
    decisionId: r.decision_id,
    decidedAt: r.decided_at,
    receivedAt: r.received_at,
    aiSystemId: r.ai_system_id,
    model: r.model,
    provider: r.provider,
    status: r.status,
    operation: r.operation,
    chainId: r.chain_id,
    seq: r.seq,
    prevHash: r.prev_hash,
    hash: r.hash,
    hashOk: r.hash_ok === null ? null : r.hash_ok === 1,
    link: r.link,
    duplicate: r.duplicate === 1,
    checkpointState: r.cp_state,
    humanReview: r.human_review === 1,
    signed: r.signed === 1,
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
    relatedDecisionId: r.related_decision_id,
    redactionCounts: r.redaction_counts === null ? null : (JSON.parse(r.redaction_counts) as Record<string, number>),
    body: r.body,
  };
}

/** Read queries over stored decisions; prepared statements cached per SQL text. */
export interface DecisionReader {
  page(filter: DecisionFilter): DecisionPage;
  /** Rows matching the filter, counting no further than `cap` (so a count never scans a million rows). */
  countUpTo(filter: DecisionFilter, cap: number): number;
  byDecisionId(decisionId: string): DecisionRow | undefined;
  /** Rows of `chainId` at exactly `seq` (more than one: a duplicate seq). */
  atSeq(chainId: string, seq: number): DecisionRow[];
  /** Rows whose `relatedDecisionId` is this decision (its reviews, overrides). */
  reviewsOf(decisionId: string): DecisionRow[];
  /** Rows of one trace (an agent run), in time order, at most `limit`. */
  inTrace(traceId: string, limit: number): DecisionRow[];
  /** The checkpoint record covering `seq` of `chainId` (the first one whose range holds it). */
  coveringCheckpoint(chainId: string, seq: number): DecisionRow | undefined;
}

export function createDecisionReader(db: DatabaseSync): DecisionReader {
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const rows = (sql: string, ...params: (string | number)[]) => (prepare(sql).all(...params) as unknown as RawRow[]).map(toRow);

  return {
    page(filter) {
      const { sql, params } = pageSql(filter, ROW_COLUMNS);
      const raw = prepare(sql).all(...params) as unknown as RawRow[];
      const last = raw.at(-1);
      return {
        rows: raw.map(toRow),
        next: raw.length === filter.limit && last ? positionOf(filter, last as unknown as Record<string, unknown>) : undefined,
      };
    },
    countUpTo(filter, cap) {
      const { where, params } = filterWhere(filter);
      const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM decisions ${where} LIMIT ?)`;
      return (prepare(sql).get(...params, cap) as { n: number }).n;
    },
    byDecisionId: (decisionId) => rows(`SELECT ${ROW_COLUMNS} FROM decisions WHERE decision_id = ?`, decisionId)[0],
    atSeq: (chainId, seq) => rows(`SELECT ${ROW_COLUMNS} FROM decisions WHERE chain_id = ? AND seq = ? ORDER BY id`, chainId, seq),
    reviewsOf: (decisionId) =>
      rows(`SELECT ${ROW_COLUMNS} FROM decisions WHERE related_decision_id = ? ORDER BY decided_ms, id LIMIT 100`, decisionId),
    inTrace: (traceId, limit) =>
      rows(`SELECT ${ROW_COLUMNS} FROM decisions WHERE trace_id = ? ORDER BY decided_ms, id LIMIT ?`, traceId, limit),
    coveringCheckpoint: (chainId, seq) =>
      rows(
        `SELECT ${ROW_COLUMNS} FROM decisions WHERE chain_id = ? AND cp_seq >= ? AND cp_first <= ? ORDER BY cp_seq, id LIMIT 1`,
        chainId,
        seq,
        seq,
      )[0],
  };
}
