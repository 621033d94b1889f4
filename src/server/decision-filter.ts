/** Orders a decision list can take; each has an index that serves it (see migrations.ts). */
export const SORT_KEYS = ['received', 'decidedAt', 'aiSystemId', 'model', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What selects and orders a list of decisions; built by `parseDecisionQuery`. */
export interface DecisionFilter {
  /** `decidedAt` at or after this time (epoch ms). */
  from?: number;
  /** `decidedAt` before this time (epoch ms). */
  to?: number;
  aiSystemId?: string;
  model?: string;
  provider?: string;
  status?: 'completed' | 'failed';
  operation?: string;
  chainId?: string;
  /** Records with (true) or without (false) a human review: `humanOversight` or a review pointing at them. */
  humanReview?: boolean;
  /** A redaction type the record's `redaction.counts` names (e.g. `EMAIL`). */
  redaction?: string;
  /** The records of one trace (an agent run). */
  traceId?: string;
  /** Records that review or override this decision. */
  relatedDecisionId?: string;
  /** The action taken (`allow`, `reject`, `escalate`, `modify`, or the app's own). */
  action?: string;
  /** Records where the check of this name fired; `*` for any fired check. */
  firedCheck?: string;
  sort: SortKey;
  descending: boolean;
  /** The cursor: position of the last row of the previous page in this order. */
  after?: (string | number)[];
  limit: number;
}

/** Columns of the order: the sort column, then `decided_ms`, then the row id (unique). */
const ORDER_COLUMNS: Record<SortKey, readonly string[]> = {
  received: ['id'],
  decidedAt: ['decided_ms', 'id'],
  aiSystemId: ['ai_system_id', 'decided_ms', 'id'],
  model: ['model', 'decided_ms', 'id'],
  status: ['status', 'decided_ms', 'id'],
};

const EQUALS: readonly [keyof DecisionFilter, string][] = [
  ['aiSystemId', 'ai_system_id'],
  ['model', 'model'],
  ['provider', 'provider'],
  ['status', 'status'],
  ['operation', 'operation'],
  ['chainId', 'chain_id'],
  ['traceId', 'trace_id'],
  ['relatedDecisionId', 'related_decision_id'],
  ['action', 'action'],
];

export interface FilterSql {
  /** `WHERE …` or `''`. */
  where: string;
  params: (string | number)[];
}

/** The WHERE clause of a filter, without the cursor. */
export function filterWhere(filter: DecisionFilter): FilterSql {
  const where: string[] = [];
  const params: (string | number)[] = [];
  for (const [key, column] of EQUALS) {
    const value = filter[key];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value as string);
  }
  if (filter.from !== undefined) {
    where.push('decided_ms >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('decided_ms < ?');
    params.push(filter.to);
  }
  if (filter.humanReview !== undefined) {
    where.push('human_review = ?');
    params.push(filter.humanReview ? 1 : 0);
  }
  if (filter.redaction !== undefined) {
    // Counts are kept as a JSON object per row; only rows that redacted something carry one.
    where.push('redaction_counts IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(redaction_counts) WHERE key = ?)');
    params.push(filter.redaction);
  }
  if (filter.firedCheck !== undefined) {
    where.push(
      "has_checks = 1 AND EXISTS (SELECT 1 FROM json_each(body, '$.checks') AS c WHERE json_extract(c.value, '$.fired') = 1 AND (? = '*' OR json_extract(c.value, '$.name') = ?))",
    );
    params.push(filter.firedCheck, filter.firedCheck);
  }
  return { where: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The full page query: filter, cursor, order, limit. Returns the SQL and its parameters. */
export function pageSql(filter: DecisionFilter, columns: string): { sql: string; params: (string | number)[] } {
  const { where, params } = filterWhere(filter);
  const order = ORDER_COLUMNS[filter.sort];
  const direction = filter.descending ? 'DESC' : 'ASC';
  const clauses = where === '' ? [] : [where.slice('WHERE '.length)];
  const all = [...params];
  if (filter.after !== undefined) {
    if (filter.after.length !== order.length) throw new RangeError('cursor does not fit the sort order');
    // A row-value comparison: SQLite seeks the index straight to the position after the cursor.
    clauses.push(`(${order.join(', ')}) ${filter.descending ? '<' : '>'} (${order.map(() => '?').join(', ')})`);
    all.push(...filter.after);
  }
  const sql = `SELECT ${columns} FROM decisions ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''}
    ORDER BY ${order.map((c) => `${c} ${direction}`).join(', ')} LIMIT ?`;
  all.push(filter.limit);
  return { sql, params: all };
}

/** How many values a cursor of this order holds. */
export function cursorLength(sort: SortKey): number {
  return ORDER_COLUMNS[sort].length;
}

/** The cursor position of a row in the filter's order. */
export function positionOf(filter: DecisionFilter, row: Record<string, unknown>): (string | number)[] {
  return ORDER_COLUMNS[filter.sort].map((c) => row[c] as string | number);
}

/** Columns a page query must select so that {@link positionOf} can read the row's position. */
export const POSITION_COLUMNS = 'id, decided_ms, ai_system_id, model, status';
