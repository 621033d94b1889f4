import type { ChainStatus } from './chain-status.js';
import type { DecisionRow } from './decision-reader.js';
import type { DecisionStore } from './decision-store.js';

/** One check of one record, in words. `note` is neither good nor bad (e.g. unsigned). */
export interface IntegrityCheck {
  check: 'hash' | 'link' | 'seq' | 'signature' | 'checkpoint' | 'seal';
  state: 'ok' | 'problem' | 'pending' | 'note';
  text: string;
}

/** Everything the decision page and `GET /v1/decisions/{id}` say about one record. */
export interface DecisionDetail {
  row: DecisionRow;
  /** `ok`, `problem`, `pending` (a record it links to has not arrived) or `unchained` (cannot be verified). */
  verdict: 'ok' | 'problem' | 'pending' | 'unchained';
  checks: IntegrityCheck[];
  chain: ChainStatus | undefined;
  coveringCheckpoint: DecisionRow | undefined;
  /** Records that review or override this one (`relatedDecisionId` = its id). */
  reviews: DecisionRow[];
  /** The record this one reviews, when it is stored. */
  reviewed: DecisionRow | undefined;
  /** Other records of its trace (the agent run it belongs to), time order, at most {@link MAX_TRACE}. */
  trace: DecisionRow[];
}

export const MAX_TRACE = 50;

export function readDecisionDetail(store: DecisionStore, decisionId: string): DecisionDetail | undefined {
  const reader = store.reader;
  const row = reader.byDecisionId(decisionId);
  if (!row) return undefined;
  const chain = row.chainId === null ? undefined : store.chains(row.chainId)[0];
  const coveringCheckpoint = row.chainId !== null && row.seq !== null ? reader.coveringCheckpoint(row.chainId, row.seq) : undefined;
  const checks = integrityChecks(row, chain, coveringCheckpoint);
  const verdict =
    row.chainId === null
      ? 'unchained'
      : checks.some((c) => c.state === 'problem')
        ? 'problem'
        : checks.some((c) => c.state === 'pending')
          ? 'pending'
          : 'ok';
  return {
    row,
    verdict,
    checks,
    chain,
    coveringCheckpoint,
    reviews: reader.reviewsOf(row.decisionId),
    reviewed: row.relatedDecisionId === null ? undefined : reader.byDecisionId(row.relatedDecisionId),
    trace: row.traceId === null ? [] : reader.inTrace(row.traceId, MAX_TRACE + 1).filter((r) => r.id !== row.id).slice(0, MAX_TRACE),
  };
}

function integrityChecks(row: DecisionRow, chain: ChainStatus | undefined, cp: DecisionRow | undefined): IntegrityCheck[] {
  if (row.chainId === null || row.seq === null) {
    return [{ check: 'hash', state: 'problem', text: 'no hash chain: nothing proves this record was not altered or removed' }];
  }
  const seq = row.seq;
  const checks: IntegrityCheck[] = [];
  checks.push(
    row.hashOk
      ? { check: 'hash', state: 'ok', text: 'hash matches the content (SHA-256 of prevHash + canonical JSON)' }
      : { check: 'hash', state: 'problem', text: 'edited: the content no longer matches its hash' },
  );
  const linkText: Record<string, IntegrityCheck> = {
    ok: { check: 'link', state: 'ok', text: seq === 0 ? 'first record: starts from the genesis hash' : `links to seq ${seq - 1} (prevHash is its hash)` },
    pending: { check: 'link', state: 'pending', text: `the record at seq ${seq - 1} has not arrived: the link cannot be checked yet` },
    'broken-link': {
      check: 'link',
      state: 'problem',
      text: seq === 0 ? 'broken link: seq 0 does not start from the genesis hash' : `broken link: prevHash is not the hash of seq ${seq - 1}`,
    },
    reordered: { check: 'link', state: 'problem', text: 'reordered: prevHash is the hash of a record at another position' },
  };
  checks.push(linkText[row.link ?? 'pending'] ?? { check: 'link', state: 'problem', text: `link state ${row.link}` });
  if (row.duplicate) checks.push({ check: 'seq', state: 'problem', text: `duplicate: another record with other content holds seq ${seq}` });
  if (row.checkpointState !== null) {
    const words: Record<string, IntegrityCheck['state']> = { ok: 'ok', pending: 'pending', 'bad-checkpoint': 'problem' };
    const state = words[row.checkpointState] ?? 'problem';
    const text =
      state === 'ok'
        ? 'this checkpoint matches the records it covers (hash and Merkle root)'
        : state === 'pending'
          ? 'this checkpoint covers records that have not all arrived'
          : 'bad checkpoint: its hash, range or Merkle root disagrees with the records it covers';
    checks.push({ check: 'checkpoint', state, text });
  }
  checks.push(
    row.signed
      ? { check: 'signature', state: 'note', text: 'signed (Ed25519; check it with vaxelia-otel verify --public-key)' }
      : { check: 'signature', state: 'note', text: 'unsigned' },
  );
  if (cp && cp.id !== row.id) {
    const state = cp.checkpointState === 'ok' ? 'ok' : cp.checkpointState === 'pending' ? 'pending' : 'problem';
    checks.push({ check: 'checkpoint', state, text: `covered by the checkpoint at seq ${cp.seq} (${cp.checkpointState ?? 'unknown'})` });
  } else if (row.checkpointState === null) {
    checks.push({ check: 'checkpoint', state: 'note', text: 'not yet covered by a checkpoint' });
  }
  if (chain?.lastFinalAt !== undefined && seq > chain.lastFinalAt) {
    checks.push({ check: 'seal', state: 'note', text: `written after seal: the chain's final checkpoint is at seq ${chain.lastFinalAt}` });
  } else if (chain?.lastFinalAt !== undefined && seq <= chain.lastFinalAt) {
    checks.push({ check: 'seal', state: 'ok', text: `sealed by the final checkpoint at seq ${chain.lastFinalAt}` });
  }
  return checks;
}

/** The JSON body of `GET /v1/decisions/{decisionId}`; the record is spliced in verbatim. */
export function detailJson(detail: DecisionDetail): string {
  const d = detail;
  const cp = d.coveringCheckpoint;
  const meta = {
    integrity: { verdict: d.verdict, checks: d.checks },
    chain: d.chain ? { chainId: d.chain.chainId, seq: d.row.seq, status: d.chain.status, ok: d.chain.ok } : null,
    coveringCheckpoint: cp ? { decisionId: cp.decisionId, seq: cp.seq, state: cp.checkpointState } : null,
    reviewedBy: d.reviews.map((r) => r.decisionId),
    reviews: d.row.relatedDecisionId,
    trace: d.row.traceId === null ? null : { traceId: d.row.traceId, decisionIds: d.trace.map((r) => r.decisionId) },
  };
  return `{"decision":${d.row.body},${JSON.stringify(meta).slice(1)}`;
}
