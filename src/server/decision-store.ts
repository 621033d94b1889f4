import type { DatabaseSync } from 'node:sqlite';
import { isCheckpointRecord } from '../chain/format/checkpoint.js';
import { ChainChecker, type ChainCheckResult } from './chain-check.js';
import { type ChainStatus, readChainStatuses } from './chain-status.js';
import { openDatabase } from './open-database.js';
import { SCHEMA_VERSION } from './migrations.js';
import type { DecisionFilter } from './decision-filter.js';
import { createDecisionReader, type DecisionPage, type DecisionReader } from './decision-reader.js';
import { type ReportData, readReportData } from './report/report-data.js';
import { type ValidDecision, validateDecision } from './validate-decision.js';

/** One record to store: the validated decision and the exact body text it was parsed from. */
export interface IngestItem {
  decision: ValidDecision;
  /** The body as received: what `GET` returns, byte for byte, so its hash still verifies. */
  body: string;
  idempotencyKey?: string;
}

export interface IngestResult {
  decisionId: string;
  /** `false` when the decision (or the idempotency key) was already stored: nothing was written. */
  stored: boolean;
  /** Set when what was already stored under that id or key has a different body (answered 409). */
  conflict?: boolean;
  /** The on-ingest chain verdict, for chained records that were stored. */
  chain?: ChainCheckResult;
}

/** The reference server's storage: SQLite through `node:sqlite`. Synchronous; one writer per process. */
export interface DecisionStore {
  readonly path: string;
  readonly schemaVersion: number;
  /** The raw connection, for tests and tools. */
  readonly database: DatabaseSync;
  /**
   * Stores records in one transaction, de-duplicated and chain-checked in order; each record in its
   * own savepoint, so one that fails (`{ failed }`) leaves the others stored.
   */
  ingestMany(items: readonly IngestItem[]): (IngestResult | IngestFailure)[];
  /** Validates and stores one JSON body; throws on an invalid body (tests, imports). */
  ingestJson(body: string, idempotencyKey?: string): IngestResult;
  count(): number;
  listDecisions(filter: DecisionFilter): DecisionPage;
  /** Read queries for the API and the workbench pages. */
  readonly reader: DecisionReader;
  chains(chainId?: string): ChainStatus[];
  reportData(options?: { now?: number }): ReportData;
  close(): void;
}

/** A record the store could not take; only its own request fails. */
export interface IngestFailure {
  failed: unknown;
}

/** Same JSON value, whatever the whitespace (a body re-sent pretty-printed is the same decision). */
function sameJson(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

export function createDecisionStore(path = ':memory:'): DecisionStore {
  const db = openDatabase(path);
  const insert = db.prepare(
    `INSERT INTO decisions (decision_id, idempotency_key, received_at, decided_at, decided_ms, ai_system_id, model, status,
       operation, input_tokens, output_tokens, redaction_counts, chain_id, seq, prev_hash, hash, body,
       provider, trace_id, span_id, parent_span_id, related_decision_id, policy, human_review, signed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       ? OR EXISTS (SELECT 1 FROM decisions WHERE related_decision_id = ?), ?)
     ON CONFLICT DO NOTHING`,
  );
  const findExisting = db.prepare('SELECT body FROM decisions WHERE decision_id = ? OR idempotency_key = ? LIMIT 1');
  const upsertChain = db.prepare(
    `INSERT INTO chains (chain_id, count, first_seq, last_seq, head_hash, last_checkpoint_at, last_checkpoint,
       first_decided_at, last_decided_at, updated_at)
     VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (chain_id) DO UPDATE SET
       count = count + 1,
       first_seq = MIN(first_seq, excluded.first_seq),
       head_hash = CASE WHEN excluded.last_seq > last_seq THEN excluded.head_hash ELSE head_hash END,
       last_seq = MAX(last_seq, excluded.last_seq),
       last_checkpoint = CASE WHEN excluded.last_checkpoint_at IS NOT NULL
         AND (last_checkpoint_at IS NULL OR excluded.last_checkpoint_at > last_checkpoint_at)
         THEN excluded.last_checkpoint ELSE last_checkpoint END,
       last_checkpoint_at = CASE WHEN excluded.last_checkpoint_at IS NOT NULL
         AND (last_checkpoint_at IS NULL OR excluded.last_checkpoint_at > last_checkpoint_at)
         THEN excluded.last_checkpoint_at ELSE last_checkpoint_at END,
       first_decided_at = MIN(first_decided_at, excluded.first_decided_at),
       last_decided_at = MAX(last_decided_at, excluded.last_decided_at),
       updated_at = excluded.updated_at`,
  );
  const addRedactions = db.prepare(
    'INSERT INTO redaction_totals (type, count) VALUES (?, ?) ON CONFLICT (type) DO UPDATE SET count = count + excluded.count',
  );
  const countStmt = db.prepare('SELECT COUNT(*) AS n FROM decisions');
  // A review (relatedDecisionId) marks the decision it reviews, whichever of the two arrives first.
  const markReviewed = db.prepare('UPDATE decisions SET human_review = 1 WHERE decision_id = ? AND human_review = 0');
  const reader = createDecisionReader(db);
  const chainExtras = db.prepare(
    'UPDATE chains SET signed = signed + ?, last_final_at = MAX(COALESCE(last_final_at, -1), COALESCE(?, -1)) WHERE chain_id = ?',
  );
  const addSource = db.prepare(
    `INSERT INTO chain_sources (chain_id, ai_system_id, service, instance, count) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT DO UPDATE SET count = count + 1`,
  );
  const checker = new ChainChecker(db);
  let closed = false;

  function ingestOne(item: IngestItem, receivedAt: string): IngestResult {
    const d = item.decision;
    const c = d.chain;
    const info = insert.run(
      d.decisionId,
      item.idempotencyKey ?? null,
      receivedAt,
      d.decidedAt,
      d.decidedMs,
      d.aiSystemId,
      d.modelUsed,
      d.status,
      d.operation ?? null,
      d.inputTokens ?? null,
      d.outputTokens ?? null,
      d.redactionCounts ? JSON.stringify(d.redactionCounts) : null,
      c?.chainId ?? null,
      c?.seq ?? null,
      c?.prevHash ?? null,
      c?.hash ?? null,
      item.body,
      d.links.provider ?? null,
      d.links.traceId ?? null,
      d.links.spanId ?? null,
      d.links.parentSpanId ?? null,
      d.links.relatedDecisionId ?? null,
      d.links.policy ?? null,
      d.links.humanOversight ? 1 : 0,
      d.decisionId,
      d.links.signed ? 1 : 0,
    );
    if (info.changes === 0) {
      // Already stored: a retry (same body) is a duplicate; a different body under the same id or
      // Idempotency-Key is a conflict the sender must hear about (409), never a silent discard.
      const existing = findExisting.get(d.decisionId, item.idempotencyKey ?? null) as { body: string } | undefined;
      const conflict = existing !== undefined && !sameJson(existing.body, item.body);
      return conflict ? { decisionId: d.decisionId, stored: false, conflict: true } : { decisionId: d.decisionId, stored: false };
    }
    if (d.links.relatedDecisionId !== undefined) markReviewed.run(d.links.relatedDecisionId);
    if (d.redactionCounts) for (const [type, n] of Object.entries(d.redactionCounts)) addRedactions.run(type, n);
    if (!c) return { decisionId: d.decisionId, stored: true };
    const verdict = checker.check(info.lastInsertRowid, c, d.record);
    const checkpoint = isCheckpointRecord(d.record) ? JSON.stringify(d.record.checkpoint) : null;
    upsertChain.run(c.chainId, c.seq, c.seq, c.hash, checkpoint ? c.seq : null, checkpoint, d.decidedAt, d.decidedAt, receivedAt);
    chainExtras.run(d.links.signed ? 1 : 0, d.links.finalCheckpoint ? c.seq : null, c.chainId);
    if (!checkpoint) addSource.run(c.chainId, d.aiSystemId, d.links.serviceName ?? '', d.links.serviceInstance ?? '');
    return { decisionId: d.decisionId, stored: true, chain: verdict };
  }

  function ingestMany(items: readonly IngestItem[]): (IngestResult | IngestFailure)[] {
    if (items.length === 0) return [];
    const receivedAt = new Date().toISOString();
    db.exec('BEGIN IMMEDIATE');
    try {
      // One savepoint per record: a record that fails is rolled back alone and fails only its own
      // request; the others in the group commit still commit (no whole-batch rollback).
      const results = items.map((item): IngestResult | IngestFailure => {
        db.exec('SAVEPOINT one_record');
        try {
          const result = ingestOne(item, receivedAt);
          db.exec('RELEASE one_record');
          return result;
        } catch (error) {
          db.exec('ROLLBACK TO one_record');
          db.exec('RELEASE one_record');
          return { failed: error };
        }
      });
      db.exec('COMMIT');
      return results;
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // no transaction left to roll back
      }
      throw error;
    }
  }

  return {
    path,
    schemaVersion: SCHEMA_VERSION,
    database: db,
    ingestMany,
    ingestJson(body, idempotencyKey) {
      const validation = validateDecision(JSON.parse(body));
      if (!validation.ok) throw new TypeError(validation.message);
      const item: IngestItem = { decision: validation.value, body };
      if (idempotencyKey !== undefined) item.idempotencyKey = idempotencyKey;
      const result = ingestMany([item])[0]!;
      if ('failed' in result) throw result.failed;
      return result;
    },
    count: () => (countStmt.get() as { n: number }).n,
    listDecisions: (filter) => reader.page(filter),
    reader,
    chains: (chainId) => readChainStatuses(db, chainId),
    reportData: (options) => readReportData(db, options),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
