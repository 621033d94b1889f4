import type { DatabaseSync } from 'node:sqlite';
import type { ChainCheckpoint } from '../chain/format/checkpoint.js';

/** What can be wrong with a stored chain (the `verifyChain` kinds the on-ingest check can see). */
export type StoredProblemKind = 'edited' | 'broken-link' | 'reordered' | 'duplicate' | 'bad-checkpoint';

export interface StoredChainProblem {
  seq: number;
  kind: StoredProblemKind;
  decisionId: string;
}

/** One chain as `GET /v1/chains` reports it. */
export interface ChainStatus {
  chainId: string;
  /** Records stored for the chain. */
  count: number;
  firstSeq: number;
  head: { seq: number; hash: string };
  firstDecidedAt: string;
  lastDecidedAt: string;
  /** Missing seq ranges between 0 and the head (at most {@link MAX_LISTED} listed). */
  gaps: { from: number; to: number }[];
  /** Seqs missing in total. */
  missing: number;
  /** Flagged records (at most {@link MAX_LISTED} listed). */
  problems: StoredChainProblem[];
  problemCount: number;
  /** The checkpoint with the highest seq; `at` is its own seq, `state` whether it matched (`pending`: records missing). */
  lastCheckpoint?: ChainCheckpoint & { at: number; state: string };
  /** The head is a writer's final checkpoint: the chain was closed cleanly. */
  sealed: boolean;
  /** No gaps and no problems. A cut-off tail is not visible here: see `verifyChain`'s `expectedHeads`. */
  ok: boolean;
  /** Records that carry a signature (the server holds no public key: `vaxelia-otel verify --public-key` checks them). */
  signedCount: number;
  /** Seq of the chain's last final checkpoint (a writer's seal), if any. */
  lastFinalAt?: number;
  /** Records after the last final checkpoint: written after the chain was sealed. */
  afterSeal: number;
  /** Who writes the chain: AI systems, services and service instances (hosts) seen on its records. */
  sources: ChainSource[];
  /** Signature and seal status in words, e.g. `signed; sealed by the checkpoint at seq 12`. */
  status: string;
}

export interface ChainSource {
  aiSystemId: string;
  service: string;
  instance: string;
  count: number;
}

export const MAX_LISTED = 100;

const PROBLEM_WHERE = "hash_ok = 0 OR link IN ('broken-link', 'reordered') OR duplicate = 1 OR cp_state = 'bad-checkpoint'";

interface ChainRow {
  chain_id: string;
  count: number;
  first_seq: number;
  last_seq: number;
  head_hash: string;
  last_checkpoint_at: number | null;
  last_checkpoint: string | null;
  first_decided_at: string;
  last_decided_at: string;
  signed: number;
  last_final_at: number | null;
}

interface ProblemRow {
  seq: number;
  decision_id: string;
  hash_ok: number;
  link: string;
  duplicate: number;
  cp_state: string | null;
}

/** Per-chain integrity from the flags the on-ingest check keeps; SQL only, no record is parsed. */
export function readChainStatuses(db: DatabaseSync, chainId?: string): ChainStatus[] {
  const rows = (
    chainId === undefined
      ? db.prepare('SELECT * FROM chains ORDER BY chain_id').all()
      : db.prepare('SELECT * FROM chains WHERE chain_id = ?').all(chainId)
  ) as unknown as ChainRow[];
  const gapsOf = db.prepare(
    `SELECT prev + 1 AS "from", seq - 1 AS "to" FROM (
       SELECT seq, LAG(seq, 1, -1) OVER (ORDER BY seq) AS prev
       FROM (SELECT DISTINCT seq FROM decisions WHERE chain_id = ?)
     ) WHERE seq > prev + 1 ORDER BY seq LIMIT ${MAX_LISTED}`,
  );
  const distinctSeqs = db.prepare('SELECT COUNT(DISTINCT seq) AS n FROM decisions WHERE chain_id = ?');
  const problemsOf = db.prepare(
    `SELECT seq, decision_id, hash_ok, link, duplicate, cp_state FROM decisions INDEXED BY decisions_problems
     WHERE chain_id = ? AND (${PROBLEM_WHERE}) ORDER BY seq LIMIT ${MAX_LISTED}`,
  );
  const checkpointState = db.prepare(
    "SELECT cp_state FROM decisions WHERE chain_id = ? AND seq = ? AND operation = 'checkpoint' ORDER BY id LIMIT 1",
  );
  // INDEXED BY: left to itself, SQLite counts through a (chain_id, …) index and reads every row of
  // the chain (565 ms for a chain of 125,000); the partial index holds the flagged rows only.
  const problemCount = db.prepare(`SELECT COUNT(*) AS n FROM decisions INDEXED BY decisions_problems WHERE chain_id = ? AND (${PROBLEM_WHERE})`);
  const afterSeq = db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE chain_id = ? AND seq > ?');
  const sourcesOf = db.prepare(
    'SELECT ai_system_id AS aiSystemId, service, instance, count FROM chain_sources WHERE chain_id = ? ORDER BY count DESC LIMIT 20',
  );

  return rows.map((row) => {
    const flagged = (problemCount.get(row.chain_id) as { n: number }).n;
    // Records with other content at one seq are always flagged (identical retries are stored once),
    // so an unflagged chain holding exactly seq 0..last has no gap: skip the count of distinct seqs,
    // which reads every index entry of the chain.
    const complete = flagged === 0 && row.count === row.last_seq + 1 && row.first_seq === 0;
    const missing = complete ? 0 : row.last_seq + 1 - (distinctSeqs.get(row.chain_id) as { n: number }).n;
    // The gap scan is the costly query: skip it for a complete chain (the usual case).
    const gaps = missing > 0 ? (gapsOf.all(row.chain_id) as { from: number; to: number }[]) : [];
    const problems: StoredChainProblem[] = [];
    for (const p of problemsOf.all(row.chain_id) as unknown as ProblemRow[]) {
      const add = (kind: StoredProblemKind) => problems.push({ seq: p.seq, kind, decisionId: p.decision_id });
      if (p.hash_ok === 0) add('edited');
      if (p.link === 'broken-link' || p.link === 'reordered') add(p.link);
      if (p.duplicate === 1) add('duplicate');
      if (p.cp_state === 'bad-checkpoint') add('bad-checkpoint');
    }
    const status: ChainStatus = {
      chainId: row.chain_id,
      count: row.count,
      firstSeq: row.first_seq,
      head: { seq: row.last_seq, hash: row.head_hash },
      firstDecidedAt: row.first_decided_at,
      lastDecidedAt: row.last_decided_at,
      gaps,
      missing,
      problems,
      problemCount: flagged,
      sealed: false,
      ok: missing === 0 && flagged === 0,
      signedCount: row.signed,
      afterSeal: 0,
      sources: sourcesOf.all(row.chain_id) as unknown as ChainSource[],
      status: '',
    };
    if (row.last_final_at !== null && row.last_final_at >= 0) {
      status.lastFinalAt = row.last_final_at;
      status.afterSeal = (afterSeq.get(row.chain_id, row.last_final_at) as { n: number }).n;
    }
    if (row.last_checkpoint !== null && row.last_checkpoint_at !== null) {
      const cp = JSON.parse(row.last_checkpoint) as ChainCheckpoint;
      const state = (checkpointState.get(row.chain_id, row.last_checkpoint_at) as { cp_state: string | null } | undefined)?.cp_state;
      status.lastCheckpoint = { ...cp, at: row.last_checkpoint_at, state: state ?? 'bad-checkpoint' };
      status.sealed = row.last_checkpoint_at === row.last_seq && cp.final === true;
    }
    status.status = describeChain(status);
    return status;
  });
}

/**
 * Signature and seal status in words, as an auditor reads them: `signed; sealed by the checkpoint
 * at seq 12`, `unsigned; not sealed: …`, `…; written after seal: 1 record after the final
 * checkpoint at seq 12`.
 */
export function describeChain(c: ChainStatus): string {
  const total = c.count;
  const signature =
    c.signedCount === 0 ? 'unsigned' : c.signedCount >= total ? 'signed' : `partly signed (${c.signedCount} of ${total} records)`;
  let seal: string;
  if (c.lastFinalAt !== undefined && c.afterSeal > 0) {
    const n = c.afterSeal;
    seal = `written after seal: ${n} record${n === 1 ? '' : 's'} after the final checkpoint at seq ${c.lastFinalAt}`;
  } else if (c.sealed && c.lastCheckpoint) {
    seal = `sealed by the checkpoint at seq ${c.lastCheckpoint.at}`;
  } else if (c.lastCheckpoint) {
    const after = c.head.seq - c.lastCheckpoint.at;
    seal = `not sealed: last checkpoint at seq ${c.lastCheckpoint.at} covers seq ${c.lastCheckpoint.firstSeq}–${c.lastCheckpoint.seq}, ${after} record${after === 1 ? '' : 's'} after it`;
  } else {
    seal = 'not sealed: no checkpoint yet';
  }
  return `${signature}; ${seal}`;
}
