import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type DecisionFilter, filterWhere } from '../decision-filter.js';

/** One line of an export: a stored body on one line, and whether the filter selected it. */
export interface ExportLine {
  line: string;
  /** `false` for a chain record included only so the selection verifies (context). */
  selected: boolean;
}

const BATCH = 1000;

/**
 * The records a filter selects, in a form `vaxelia-otel verify` accepts. A hash chain only verifies
 * from its first record, so for every chain the selection touches the export also holds that
 * chain's records from seq 0 up to the last selected one — or up to the checkpoint that covers it,
 * so the selection is committed to by a checkpoint — marked as context (`selected: false`).
 * Selected records without a chain come last; `verify` reports them, as it must: nothing proves
 * they were not altered. Chains in id order, records in seq order; bodies verbatim, one per line.
 */
export function* exportSelection(db: DatabaseSync, filter: DecisionFilter): Generator<ExportLine> {
  const { where, params } = filterWhere(filter);
  const condition = where === '' ? '1' : where.slice('WHERE '.length);
  const ends = db
    .prepare(`SELECT chain_id AS chainId, MAX(seq) AS last FROM decisions ${where === '' ? 'WHERE' : `${where} AND`} chain_id IS NOT NULL GROUP BY chain_id ORDER BY chain_id`)
    .all(...params) as { chainId: string; last: number }[];
  const cover = db.prepare(
    `SELECT seq FROM decisions WHERE chain_id = ? AND cp_seq >= ? AND cp_first <= ? ORDER BY cp_seq, id LIMIT 1`,
  );
  // The filter evaluated per row, so each context row is marked as such.
  const chainRows = db.prepare(
    `SELECT id, seq, body, (${condition}) AS selected FROM decisions
     WHERE chain_id = ? AND seq <= ? AND (seq > ? OR (seq = ? AND id > ?)) ORDER BY seq, id LIMIT ${BATCH}`,
  );
  for (const { chainId, last } of ends) {
    const covering = cover.get(chainId, last, last) as { seq: number } | undefined;
    const end = covering?.seq ?? last;
    let seq = -1;
    let id = -1;
    for (;;) {
      const rows = chainRows.all(...params, chainId, end, seq, seq, id) as { id: number; seq: number; body: string; selected: number }[];
      for (const row of rows) yield { line: oneLine(row.body), selected: row.selected === 1 };
      if (rows.length < BATCH) break;
      seq = rows.at(-1)!.seq;
      id = rows.at(-1)!.id;
    }
  }
  yield* unchained(db.prepare(
    `SELECT id, body FROM decisions ${where === '' ? 'WHERE' : `${where} AND`} chain_id IS NULL AND id > ? ORDER BY id LIMIT ${BATCH}`,
  ), params);
}

function* unchained(stmt: StatementSync, params: (string | number)[]): Generator<ExportLine> {
  let id = -1;
  for (;;) {
    const rows = stmt.all(...params, id) as { id: number; body: string }[];
    for (const row of rows) yield { line: oneLine(row.body), selected: true };
    if (rows.length < BATCH) return;
    id = rows.at(-1)!.id;
  }
}

/** A body sent pretty-printed goes out on one line: same JSON value, same hash. */
export function oneLine(body: string): string {
  // Outside strings JSON allows raw line breaks only as whitespace: replacing them keeps the same
  // value (and hash) without a parse, which no stored record — of any depth — can break.
  return body.includes('\n') || body.includes('\r') ? body.replace(/[\r\n]/g, ' ') : body;
}

