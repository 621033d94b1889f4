import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ChainCheckpoint } from '../chain/format/checkpoint.js';
import { isCheckpointRecord } from '../chain/format/checkpoint.js';
import { createMerkleFrontier } from '../chain/format/merkle.js';
import { computeRecordHash, GENESIS_HASH } from '../chain/format/record-hash.js';

/** How a stored record links to the one before it. */
export type LinkState = 'ok' | 'pending' | 'broken-link' | 'reordered';

/** A checkpoint record's state: `pending` until every record it covers has arrived. */
export type CheckpointState = 'ok' | 'pending' | 'bad-checkpoint';

export interface ChainFields {
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export interface ChainCheckResult {
  hashOk: boolean;
  link: LinkState;
  duplicate: boolean;
  checkpoint?: CheckpointState;
}

/**
 * The on-ingest chain check (DESIGN.md §5), one record at a time in any arrival order, against what
 * is already stored. It judges the new record *and* re-judges its neighbours: a record that arrives
 * late turns its successor's `pending` link into `ok` (or `broken-link`), fills a gap under a pending
 * checkpoint, or reveals a duplicate seq. Nothing is ever refused: a link that does not fit is stored
 * and flagged, because it is evidence. Runs inside the caller's transaction.
 */
export class ChainChecker {
  private readonly atSeq: StatementSync;
  private readonly seqOfHash: StatementSync;
  private readonly setCheck: StatementSync;
  private readonly setLink: StatementSync;
  private readonly markDuplicates: StatementSync;
  private readonly linkedTo: StatementSync;
  private readonly range: StatementSync;
  private readonly setCheckpoint: StatementSync;
  private readonly pendingCheckpoints: StatementSync;

  constructor(db: DatabaseSync) {
    this.atSeq = db.prepare('SELECT id, hash FROM decisions WHERE chain_id = ? AND seq = ?');
    this.seqOfHash = db.prepare('SELECT seq FROM decisions WHERE chain_id = ? AND hash = ? LIMIT 1');
    this.setCheck = db.prepare('UPDATE decisions SET hash_ok = ?, link = ? WHERE id = ?');
    this.setLink = db.prepare('UPDATE decisions SET link = ? WHERE id = ?');
    this.markDuplicates = db.prepare('UPDATE decisions SET duplicate = 1 WHERE chain_id = ? AND seq = ?');
    this.linkedTo = db.prepare(
      `SELECT id, seq, prev_hash FROM decisions WHERE chain_id = ? AND seq = ?
       UNION SELECT id, seq, prev_hash FROM decisions WHERE chain_id = ? AND prev_hash = ?`,
    );
    this.range = db.prepare(
      'SELECT seq, hash, hash_ok FROM decisions WHERE chain_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, hash_ok DESC, id',
    );
    this.setCheckpoint = db.prepare('UPDATE decisions SET cp_first = ?, cp_seq = ?, cp_state = ? WHERE id = ?');
    this.pendingCheckpoints = db.prepare(
      `SELECT id, body FROM decisions WHERE chain_id = ? AND cp_state = 'pending' AND cp_seq >= ? AND cp_first <= ?`,
    );
  }

  /** Checks the just-inserted row `id` holding `record` and re-judges what depends on it. */
  check(id: number | bigint, chain: ChainFields, record: Record<string, unknown>): ChainCheckResult {
    let hashOk: boolean;
    try {
      hashOk = computeRecordHash(record) === chain.hash;
    } catch {
      hashOk = false;
    }
    const link = this.linkOf(chain.chainId, chain.seq, chain.prevHash);
    this.setCheck.run(hashOk ? 1 : 0, link, id);

    // Counted here, not with COUNT(DISTINCT): SQLite would pick the hash index and scan the chain.
    const duplicate = new Set((this.atSeq.all(chain.chainId, chain.seq) as { hash: string }[]).map((r) => r.hash)).size > 1;
    if (duplicate) this.markDuplicates.run(chain.chainId, chain.seq);

    // Records that link to this one, by position or by hash: their verdict may change now.
    for (const row of this.linkedTo.all(chain.chainId, chain.seq + 1, chain.chainId, chain.hash) as {
      id: number;
      seq: number;
      prev_hash: string;
    }[]) {
      if (row.id === Number(id)) continue;
      this.setLink.run(this.linkOf(chain.chainId, row.seq, row.prev_hash), row.id);
    }

    const result: ChainCheckResult = { hashOk, link, duplicate };
    if (isCheckpointRecord(record)) {
      result.checkpoint = this.checkCheckpoint(id, chain, record.checkpoint);
    }
    for (const row of this.pendingCheckpoints.all(chain.chainId, chain.seq, chain.seq) as { id: number; body: string }[]) {
      if (row.id === Number(id)) continue;
      const stored = JSON.parse(row.body) as { checkpoint: ChainCheckpoint; seq: number };
      this.checkCheckpoint(row.id, { ...chain, seq: stored.seq }, stored.checkpoint);
    }
    return result;
  }

  private linkOf(chainId: string, seq: number, prevHash: string): LinkState {
    if (seq === 0) return prevHash === GENESIS_HASH ? 'ok' : 'broken-link';
    const before = this.atSeq.all(chainId, seq - 1) as { hash: string }[];
    if (before.some((r) => r.hash === prevHash)) return 'ok';
    const other = this.seqOfHash.get(chainId, prevHash) as { seq: number } | undefined;
    if (other !== undefined && other.seq !== seq - 1) return 'reordered';
    return before.length === 0 ? 'pending' : 'broken-link';
  }

  private checkCheckpoint(id: number | bigint, chain: ChainFields, cp: ChainCheckpoint): CheckpointState {
    const { seq, firstSeq, count, hash, merkleRoot } = cp as Partial<ChainCheckpoint>;
    const sane =
      Number.isSafeInteger(seq) &&
      Number.isSafeInteger(firstSeq) &&
      Number.isSafeInteger(count) &&
      typeof hash === 'string' &&
      typeof merkleRoot === 'string' &&
      firstSeq! >= 0 &&
      firstSeq! <= seq! &&
      seq! < chain.seq &&
      count === seq! - firstSeq! + 1;
    if (!sane) {
      this.setCheckpoint.run(null, null, 'bad-checkpoint', id);
      return 'bad-checkpoint';
    }
    const rows = this.range.all(chain.chainId, firstSeq!, seq!) as { seq: number; hash: string }[];
    // One hash per seq: the first row per seq is the one whose content matches its hash, if any.
    const frontier = createMerkleFrontier();
    let expected = firstSeq!;
    let claimed: string | undefined;
    for (const row of rows) {
      if (row.seq < expected) continue;
      if (row.seq > expected) break;
      frontier.add(row.hash);
      if (row.seq === seq) claimed = row.hash;
      expected++;
    }
    let state: CheckpointState;
    if (expected <= seq!) state = 'pending';
    else state = claimed === hash && frontier.root() === merkleRoot ? 'ok' : 'bad-checkpoint';
    this.setCheckpoint.run(firstSeq!, seq!, state, id);
    return state;
  }
}
