import type { DecisionRow } from '../decision-reader.js';

/** A record's chain verdict in one short label, for lists: `ok`, the problems found, `pending` or `unchained`. */
export interface RowVerdict {
  state: 'ok' | 'problem' | 'pending' | 'unchained';
  label: string;
}

/**
 * Judged from the on-ingest check's flags. `afterSealAt` is the chain's last final checkpoint: a
 * record after it was written after the chain was sealed — said as such, not as a problem.
 */
export function rowVerdict(row: DecisionRow, afterSealAt: number | undefined): RowVerdict {
  if (row.chainId === null || row.seq === null) return { state: 'unchained', label: 'no chain' };
  const problems: string[] = [];
  if (row.hashOk === false) problems.push('edited');
  if (row.link === 'broken-link' || row.link === 'reordered') problems.push(row.link);
  if (row.duplicate) problems.push('duplicate');
  if (row.checkpointState === 'bad-checkpoint') problems.push('bad checkpoint');
  if (problems.length > 0) return { state: 'problem', label: problems.join(', ') };
  if (row.link === 'pending' || row.checkpointState === 'pending') return { state: 'pending', label: 'pending' };
  if (afterSealAt !== undefined && row.seq > afterSealAt) return { state: 'ok', label: 'ok, written after seal' };
  return { state: 'ok', label: 'ok' };
}
