import type { DatabaseSync } from 'node:sqlite';
import { DEFAULT_CHECKPOINT_AI_SYSTEM_ID } from '../../chain/format/checkpoint.js';

/** The values the list's filter form offers. */
export interface FilterOptions {
  aiSystemIds: string[];
  models: string[];
  providers: string[];
  operations: string[];
  redactionTypes: string[];
  actions: string[];
}

const MAX_OPTIONS = 200;
const COLUMNS = { aiSystemIds: 'ai_system_id', models: 'model', providers: 'provider', operations: 'operation', actions: 'action' } as const;

/**
 * Distinct values of an indexed column by skip-scan: each step is one index seek to the next value,
 * so the cost grows with the number of values, not of rows (a million rows, a few dozen models).
 */
function distinct(db: DatabaseSync, column: string): string[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE v(x) AS (
         SELECT MIN(${column}) FROM decisions WHERE ${column} IS NOT NULL
         UNION ALL SELECT (SELECT MIN(${column}) FROM decisions WHERE ${column} > v.x) FROM v WHERE v.x IS NOT NULL
       ) SELECT x FROM v WHERE x IS NOT NULL LIMIT ${MAX_OPTIONS}`,
    )
    .all() as { x: unknown }[];
  return rows.map((r) => String(r.x));
}

export function readFilterOptions(db: DatabaseSync): FilterOptions {
  const options = {} as FilterOptions;
  for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) options[key] = distinct(db, column);
  options.redactionTypes = (db.prepare('SELECT type FROM redaction_totals ORDER BY type').all() as { type: string }[]).map((r) => r.type);
  return options;
}

/** AI systems with decisions (checkpoint records' own system id not counted). */
export function countAiSystems(store: { database: DatabaseSync }): number {
  return distinct(store.database, 'ai_system_id').filter((id) => id !== DEFAULT_CHECKPOINT_AI_SYSTEM_ID).length;
}
