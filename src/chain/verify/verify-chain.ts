import type { KeyObject } from 'node:crypto';
import { parsePublicKey, verifyDigest } from '../format/signing-keys.js';
import { ChainEntries, SIGNATURE_BAD, SIGNATURE_OK } from './chain-entries.js';
import { checkChain } from './check-chain.js';
import { checkHeads } from './check-heads.js';
import { isRecordFacts, type RecordFacts, readRecord } from './record-facts.js';
import type {
  ChainHead,
  ChainNotice,
  ChainProblem,
  ChainProblemKind,
  ChainSummary,
  VerifyChainOptions,
  VerifyChainResult,
} from './verify-types.js';

export type {
  ChainHead,
  ChainNotice,
  ChainProblem,
  ChainProblemKind,
  ChainSummary,
  VerifyChainOptions,
  VerifyChainResult,
} from './verify-types.js';

/** An incremental verifier: feed records one at a time (any order, chains mixed), then ask for the result. */
export interface ChainVerifier {
  /** One parsed record. `where` (e.g. `line 12`) is added to problems about a record that has no usable seq. */
  add(record: unknown, where?: string): void;
  /** One record already read with `readRecord` (e.g. in a worker thread). */
  addFacts(facts: RecordFacts): void;
  /** A problem found outside the verifier (e.g. a line that is not JSON). */
  addProblem(problem: ChainProblem): void;
  /** More heads to hold the chains to (e.g. from an evidence pack header read mid-stream). */
  expectHeads(heads: readonly ChainHead[]): void;
  result(): VerifyChainResult;
}

const KIND_ORDER: Record<ChainProblemKind, number> = {
  malformed: 0,
  gap: 1,
  duplicate: 2,
  edited: 3,
  'broken-link': 4,
  reordered: 5,
  'missing-signature': 6,
  'bad-signature': 7,
  'bad-checkpoint': 8,
  'head-mismatch': 9,
  truncated: 10,
};

/** Checks records against DESIGN.md §5; see {@link ChainProblemKind} for what is reported. */
export function verifyChain(records: Iterable<unknown>, options: VerifyChainOptions = {}): VerifyChainResult {
  const verifier = createChainVerifier(options);
  for (const record of records) verifier.add(record);
  return verifier.result();
}

export function createChainVerifier(options: VerifyChainOptions = {}): ChainVerifier {
  const publicKey: KeyObject | undefined = typeof options.publicKey === 'string' ? parsePublicKey(options.publicKey) : options.publicKey;
  const signAll = (options.signatures ?? 'all') === 'all';
  const chains = new Map<string, ChainEntries>();
  const problems: ChainProblem[] = [];
  const expectedHeads: ChainHead[] = [...(options.expectedHeads ?? [])];

  function addFacts(facts: RecordFacts): void {
    if (facts.contentError !== undefined) problems.push({ chainId: facts.chainId, seq: facts.seq, kind: 'malformed', detail: facts.contentError });
    let chain = chains.get(facts.chainId);
    if (!chain) {
      chain = new ChainEntries();
      chains.set(facts.chainId, chain);
    }
    const e = chain.push(facts);
    // Every signature, or (mode `checkpoints`) those of checkpoint records; the tail after the last
    // checkpoint is checked in `result`, once it is known.
    if (publicKey && (signAll || facts.checkpoint)) {
      const valid = facts.signatureValid ?? (facts.signature !== undefined && verifyDigest(facts.hash, facts.signature, publicKey));
      chain.signatureState[e] = valid ? SIGNATURE_OK : SIGNATURE_BAD;
    }
  }

  function result(): VerifyChainResult {
    const all: ChainProblem[] = [...problems];
    const notices: ChainNotice[] = [];
    const summaries: ChainSummary[] = [];
    let count = 0;
    for (const [chainId, chain] of [...chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const summary = checkChain(chainId, chain, all, notices, publicKey, signAll);
      count += summary.count;
      summaries.push(summary);
    }
    checkHeads(summaries, chains, expectedHeads, options.requireSealed === true, all);
    all.sort(
      (a, b) =>
        (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0) || a.seq - b.seq || KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
    );
    return { ok: all.length === 0, count, chains: summaries, problems: all, notices };
  }

  return {
    add(record, where) {
      const read = readRecord(record, where);
      if (isRecordFacts(read)) addFacts(read);
      else problems.push(read);
    },
    addFacts,
    addProblem: (p) => problems.push(p),
    expectHeads: (heads) => expectedHeads.push(...heads),
    result,
  };
}
