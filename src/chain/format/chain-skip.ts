/**
 * A chained record that explains seqs the writer had to skip (DESIGN.md §5: a seq is only given to a
 * decision that became durable; a skipped seq is explained by a record in the chain, never left as a
 * silent gap). `operation: "chain_skip"`, `skipped: { fromSeq, toSeq, reason }`, `fromSeq..toSeq`
 * inclusive. The writer side is issue 17's; the verifier reports covered seqs as `skipped` notices.
 */
export const CHAIN_SKIP_OPERATION = 'chain_skip';

export interface ChainSkip {
  fromSeq: number;
  toSeq: number;
  reason: string;
}

/** The `skipped` member of a chain_skip record when it is well formed, else undefined. */
export function chainSkipOf(record: unknown): ChainSkip | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as { operation?: unknown; skipped?: unknown };
  if (r.operation !== CHAIN_SKIP_OPERATION || typeof r.skipped !== 'object' || r.skipped === null) return undefined;
  const { fromSeq, toSeq, reason } = r.skipped as Partial<ChainSkip>;
  if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq! < 0 || toSeq! < fromSeq!) return undefined;
  return { fromSeq: fromSeq!, toSeq: toSeq!, reason: typeof reason === 'string' ? reason : '' };
}
