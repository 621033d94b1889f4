import type { DatabaseSync } from 'node:sqlite';

/**
 * Versioned schema migrations. Each runs once, in order, inside a transaction, and is recorded in
 * `schema_migrations`; a database written by a newer server (an unknown version) is refused rather
 * than guessed at. Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'decisions, chains',
    sql: `
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        decision_id TEXT NOT NULL UNIQUE,
        idempotency_key TEXT UNIQUE,
        received_at TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        decided_ms INTEGER NOT NULL,
        ai_system_id TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        operation TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        redaction_counts TEXT,
        chain_id TEXT,
        seq INTEGER,
        prev_hash TEXT,
        hash TEXT,
        -- 1 when hash matches the content, 0 when it does not ('edited'); NULL when unchained
        hash_ok INTEGER,
        -- 'ok' | 'pending' (the record before it has not arrived) | 'broken-link' | 'reordered'
        link TEXT,
        -- 1 when another record with other content holds the same seq
        duplicate INTEGER NOT NULL DEFAULT 0,
        -- checkpoint records: covered range and 'ok' | 'pending' | 'bad-checkpoint'
        cp_first INTEGER,
        cp_seq INTEGER,
        cp_state TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX decisions_decided ON decisions (decided_ms);
      -- Covers the report's aggregation: it reads this index only, never the rows (and their bodies).
      CREATE INDEX decisions_report ON decisions (decided_ms, model, status, operation, input_tokens, output_tokens);
      CREATE INDEX decisions_chain_seq ON decisions (chain_id, seq) WHERE chain_id IS NOT NULL;
      CREATE INDEX decisions_chain_hash ON decisions (chain_id, hash) WHERE chain_id IS NOT NULL;
      CREATE INDEX decisions_chain_prev ON decisions (chain_id, prev_hash) WHERE chain_id IS NOT NULL;
      CREATE INDEX decisions_model ON decisions (model, decided_ms);
      CREATE INDEX decisions_status ON decisions (status, decided_ms);
      CREATE INDEX decisions_problems ON decisions (chain_id, seq)
        WHERE hash_ok = 0 OR link IN ('broken-link', 'reordered') OR duplicate = 1 OR cp_state = 'bad-checkpoint';
      CREATE INDEX decisions_checkpoints ON decisions (chain_id, cp_seq) WHERE cp_seq IS NOT NULL;
      CREATE TABLE chains (
        chain_id TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        last_checkpoint_at INTEGER,
        last_checkpoint TEXT,
        first_decided_at TEXT NOT NULL,
        last_decided_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Running totals of redaction.counts, kept on ingest so the report never parses a record.
      CREATE TABLE redaction_totals (
        type TEXT PRIMARY KEY,
        count INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'workbench filters and links',
    // What the auditor's workbench filters, sorts and links by, as columns with the indexes a list
    // of 1,000,000 decisions needs (each filter column leads an index ending in decided_ms, so a
    // filtered list sorted by time reads its page straight off the index). Existing rows are filled
    // in from their bodies.
    sql: `
      ALTER TABLE decisions ADD COLUMN provider TEXT;
      ALTER TABLE decisions ADD COLUMN trace_id TEXT;
      ALTER TABLE decisions ADD COLUMN span_id TEXT;
      ALTER TABLE decisions ADD COLUMN parent_span_id TEXT;
      ALTER TABLE decisions ADD COLUMN related_decision_id TEXT;
      -- 1 when the record carries humanOversight or a record reviewing it (relatedDecisionId) is stored
      ALTER TABLE decisions ADD COLUMN human_review INTEGER NOT NULL DEFAULT 0;
      -- 1 when the record carries a signature (checked by vaxelia-otel verify --public-key)
      ALTER TABLE decisions ADD COLUMN signed INTEGER NOT NULL DEFAULT 0;
      -- policyContext as JSON text: the policy versions in force, grouped without parsing bodies
      ALTER TABLE decisions ADD COLUMN policy TEXT;
      UPDATE decisions SET
        policy = CASE WHEN json_type(body, '$.policyContext') = 'object' THEN json(json_extract(body, '$.policyContext')) END,
        provider = json_extract(body, '$.provider'),
        trace_id = json_extract(body, '$.traceId'),
        span_id = json_extract(body, '$.spanId'),
        parent_span_id = json_extract(body, '$.parentSpanId'),
        related_decision_id = json_extract(body, '$.relatedDecisionId'),
        signed = COALESCE(json_type(body, '$.signature') = 'text', 0),
        human_review = COALESCE(json_type(body, '$.humanOversight') = 'object', 0);
      UPDATE decisions SET human_review = 1
        WHERE decision_id IN (SELECT related_decision_id FROM decisions WHERE related_decision_id IS NOT NULL);
      -- Also covers the per-system summary (counts by status and review), read from the index alone.
      CREATE INDEX decisions_system ON decisions (ai_system_id, decided_ms, status, human_review, operation);
      CREATE INDEX decisions_policy ON decisions (policy, decided_ms) WHERE policy IS NOT NULL;
      CREATE INDEX decisions_provider ON decisions (provider, decided_ms);
      CREATE INDEX decisions_operation ON decisions (operation, decided_ms);
      CREATE INDEX decisions_human_review ON decisions (human_review, decided_ms);
      CREATE INDEX decisions_chain_decided ON decisions (chain_id, decided_ms) WHERE chain_id IS NOT NULL;
      CREATE INDEX decisions_related ON decisions (related_decision_id) WHERE related_decision_id IS NOT NULL;
      CREATE INDEX decisions_trace ON decisions (trace_id, decided_ms) WHERE trace_id IS NOT NULL;
      -- Per chain: signed records and the seq of its last final checkpoint (a seal), kept on ingest.
      ALTER TABLE chains ADD COLUMN signed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE chains ADD COLUMN last_final_at INTEGER;
      UPDATE chains SET
        signed = (SELECT COUNT(*) FROM decisions d WHERE d.chain_id = chains.chain_id AND d.signed = 1),
        last_final_at = (SELECT MAX(seq) FROM decisions d WHERE d.chain_id = chains.chain_id
          AND d.operation = 'checkpoint' AND json_extract(d.body, '$.checkpoint.final') = 1);
      -- Who writes each chain: AI systems, services and service instances (hosts) seen on it.
      CREATE TABLE chain_sources (
        chain_id TEXT NOT NULL,
        ai_system_id TEXT NOT NULL,
        service TEXT NOT NULL,
        instance TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (chain_id, ai_system_id, service, instance)
      ) WITHOUT ROWID;
      INSERT INTO chain_sources
        SELECT chain_id, ai_system_id, COALESCE(json_extract(body, '$.service.name'), ''),
          COALESCE(json_extract(body, '$.service.instanceId'), ''), COUNT(*)
        FROM decisions WHERE chain_id IS NOT NULL AND operation IS NOT 'checkpoint' GROUP BY 1, 2, 3, 4;
    `,
  },
  {
    version: 3,
    name: 'filter indexes carry status, model and system',
    // Two filters together (model + status, status + AI system) are judged inside one index, so
    // neither the page nor its capped count reads a row it does not show: at 1,000,000 decisions,
    // model + status went from 463 ms to well under the 300 ms target.
    sql: `
      DROP INDEX decisions_model;
      DROP INDEX decisions_status;
      CREATE INDEX decisions_model ON decisions (model, decided_ms, status, ai_system_id, provider);
      CREATE INDEX decisions_status ON decisions (status, decided_ms, model, ai_system_id, provider);
    `,
  },
  {
    version: 4,
    name: 'checks and actions',
    // Read from the stored body by virtual columns (nothing to backfill, the insert is unchanged):
    // the action taken, and whether the record carries checks. The partial index keeps a "which
    // check fired" filter to the records that have checks instead of every body in the table.
    sql: `
      ALTER TABLE decisions ADD COLUMN action TEXT GENERATED ALWAYS AS (json_extract(body, '$.action')) VIRTUAL;
      ALTER TABLE decisions ADD COLUMN has_checks INTEGER GENERATED ALWAYS AS (json_type(body, '$.checks') = 'array') VIRTUAL;
      CREATE INDEX decisions_action ON decisions (action, decided_ms) WHERE action IS NOT NULL;
      CREATE INDEX decisions_checks ON decisions (has_checks, decided_ms) WHERE has_checks = 1;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings `db` to {@link SCHEMA_VERSION}; returns the versions it applied. */
export function migrate(db: DatabaseSync): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null } | undefined;
  const current = row?.v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the database has schema version ${current}, newer than this server's ${SCHEMA_VERSION}; upgrade the server`);
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    applied.push(migration.version);
  }
  return applied;
}
