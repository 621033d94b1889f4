import type { KeyObject } from 'node:crypto';
import type { ChainCheckpoint } from './checkpoint.js';
import { isCheckpointRecord } from './checkpoint.js';
import { createMerkleFrontier } from './merkle.js';
import { computeRecordHash, GENESIS_HASH, isHashHex, sha256Hex } from './record-hash.js';
import { parsePublicKey, verifyDigest } from './signing-keys.js';

/**
 * What `verifyChain` can find wrong.
 * - `malformed`: not a chained record (no `chainId`, no integer `seq`, `hash`/`prevHash` not hex), or
 *   content that cannot be canonicalised.
 * - `edited`: `hash` does not match the record's content.
 * - `broken-link`: `prevHash` is not the `hash` of the record at `seq - 1` (or not genesis at seq 0).
 * - `reordered`: `prevHash` is the hash of a record at another position of the same chain: records were
 *   re-sequenced. Arrival order is never a problem — stores legitimately receive retried records late.
 * - `gap`: seqs missing between 0 and the last seq seen (one problem per missing range).
 * - `duplicate`: one seq held by records with different content (identical copies are merged).
 * - `bad-signature` / `missing-signature`: only when a public key is given.
 * - `bad-checkpoint`: a checkpoint whose hash, range or Merkle root disagrees with the records it covers.
 * - `truncated`: the chain ends before a head it is known to have reached (`expectedHeads`, e.g. the
 *   heads an evidence pack or a persisted head file recorded), or, with `requireSealed`, it does not
 *   end with a writer's final checkpoint. Without such outside knowledge a cut-off tail is unprovable:
 *   a hash chain only links backwards.
 * - `head-mismatch`: the record at an expected head's seq has another hash (a fork or a rewrite).
 */
export type ChainProblemKind =
  | 'malformed'
  | 'edited'
  | 'broken-link'
  | 'reordered'
  | 'gap'
  | 'duplicate'
  | 'bad-signature'
  | 'missing-signature'
  | 'bad-checkpoint'
  | 'truncated'
  | 'head-mismatch';

export interface ChainProblem {
  /** `""` when a record has no usable `chainId`. */
  chainId: string;
  /** `-1` when a record has no usable `seq`. */
  seq: number;
  kind: ChainProblemKind;
  detail?: string;
}

export interface ChainHead {
  chainId: string;
  seq: number;
  hash: string;
}

export interface ChainSummary {
  chainId: string;
  /** Distinct records seen. */
  count: number;
  firstSeq: number;
  lastSeq: number;
  /** `hash` of the record at `lastSeq`. */
  head: string;
  /** The checkpoint with the highest seq, and the seq of the checkpoint record itself. */
  lastCheckpoint?: ChainCheckpoint & { at: number };
  /** Records after the last checkpoint record: not yet committed to by any checkpoint. */
  uncheckpointed: number;
  /** The chain ends with a writer's final checkpoint. */
  sealed: boolean;
  /** Earliest and latest `decidedAt` of the chain's records. */
  period?: { from: string; to: string };
}

export interface VerifyChainResult {
  ok: boolean;
  /** Distinct records seen, all chains. */
  count: number;
  chains: ChainSummary[];
  problems: ChainProblem[];
}

export interface VerifyChainOptions {
  /** Ed25519 public key (SPKI PEM, base64 raw 32 bytes, or a KeyObject). Without it signatures are not checked. */
  publicKey?: string | KeyObject;
  /**
   * `all` checks every record's signature. `checkpoints` checks only checkpoint records and the
   * records after the last one: because each hash commits to the previous one, a valid signature on
   * a checkpoint authenticates everything before it, provided no link or content problem is found.
   * @defaultValue `'all'`
   */
  signatures?: 'all' | 'checkpoints';
  /** Heads the chains are known to have reached; a chain that ends before one is `truncated`. */
  expectedHeads?: readonly ChainHead[];
  /** Report a chain that does not end with a final checkpoint as `truncated`. @defaultValue false */
  requireSealed?: boolean;
}

/** An incremental verifier: feed records one at a time (any order, chains mixed), then ask for the result. */
export interface ChainVerifier {
  /**
   * `where` (e.g. `line 12`) is added to problems about a record that has no usable seq. `json`, the
   * record's own JSON text when it was read from one line, enables a fast path: a line the writer
   * produced is its canonical form plus `hash`/`signature` at the end, so its hash can be checked
   * without re-serialising (any other line falls back to full canonicalisation; a match is sound
   * because only the exact canonical text hashes to the stored hash).
   */
  add(record: unknown, where?: string, json?: string): void;
  /** A problem found outside the verifier (e.g. a line that is not JSON). */
  addProblem(problem: ChainProblem): void;
  /** More heads to hold the chains to (e.g. from an evidence pack header read mid-stream). */
  expectHeads(heads: readonly ChainHead[]): void;
  result(): VerifyChainResult;
}

interface Entry {
  seq: number;
  prevHash: string;
  hash: string;
  computedHash: string;
  signature: string | undefined;
  checkpoint: ChainCheckpoint | undefined;
  /** Signature state when checked at `add`: undefined = not checked yet. */
  signatureOk: boolean | undefined;
}

interface ChainState {
  entries: Entry[];
  sorted: boolean;
  lastAddedSeq: number;
  from: string | undefined;
  to: string | undefined;
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
  const publicKey = typeof options.publicKey === 'string' ? parsePublicKey(options.publicKey) : options.publicKey;
  const signAll = (options.signatures ?? 'all') === 'all';
  const chains = new Map<string, ChainState>();
  const problems: ChainProblem[] = [];
  const expectedHeads: ChainHead[] = [...(options.expectedHeads ?? [])];

  function add(record: unknown, where?: string, json?: string): void {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      problems.push({ chainId: '', seq: -1, kind: 'malformed', detail: withWhere('not a JSON object', where) });
      return;
    }
    const r = record as Record<string, unknown>;
    const chainId = r.chainId;
    const seq = r.seq;
    if (typeof chainId !== 'string' || chainId === '') {
      problems.push({ chainId: '', seq: -1, kind: 'malformed', detail: withWhere('no chainId', where) });
      return;
    }
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      problems.push({ chainId, seq: -1, kind: 'malformed', detail: withWhere('no valid seq', where) });
      return;
    }
    const { hash, prevHash } = r;
    if (typeof hash !== 'string' || typeof prevHash !== 'string') {
      problems.push({ chainId, seq, kind: 'malformed', detail: 'hash or prevHash is missing' });
      return;
    }
    // A fast-path match proves both are what the writer hashed: SHA-256 hex. Otherwise check the form.
    let computedHash = json === undefined ? undefined : hashOfWriterLine(json, prevHash, hash, r.signature);
    if (computedHash === undefined && (!isHashHex(hash) || !isHashHex(prevHash))) {
      problems.push({ chainId, seq, kind: 'malformed', detail: 'hash or prevHash is not lowercase hex SHA-256' });
      return;
    }
    if (computedHash === undefined) {
      try {
        computedHash = computeRecordHash(r);
      } catch (error) {
        problems.push({ chainId, seq, kind: 'malformed', detail: (error as Error).message });
        computedHash = '';
      }
    }
    const signature = typeof r.signature === 'string' ? r.signature : undefined;
    const checkpoint = isCheckpointRecord(r) ? r.checkpoint : undefined;
    const entry: Entry = {
      seq,
      prevHash,
      hash,
      computedHash,
      signature,
      checkpoint,
      signatureOk: undefined,
    };
    if (publicKey && (signAll || checkpoint)) {
      entry.signatureOk = signature !== undefined && verifyDigest(entry.hash, signature, publicKey);
    }
    let chain = chains.get(chainId);
    if (!chain) {
      chain = { entries: [], sorted: true, lastAddedSeq: -1, from: undefined, to: undefined };
      chains.set(chainId, chain);
    }
    if (seq < chain.lastAddedSeq) chain.sorted = false;
    chain.lastAddedSeq = seq;
    chain.entries.push(entry);
    const decidedAt = r.decidedAt;
    if (typeof decidedAt === 'string') {
      if (chain.from === undefined || decidedAt < chain.from) chain.from = decidedAt;
      if (chain.to === undefined || decidedAt > chain.to) chain.to = decidedAt;
    }
  }

  function result(): VerifyChainResult {
    const all: ChainProblem[] = [...problems];
    const summaries: ChainSummary[] = [];
    let count = 0;
    for (const [chainId, chain] of [...chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const summary = checkChain(chainId, chain, all, publicKey, signAll);
      count += summary.count;
      summaries.push(summary);
    }
    checkHeads(summaries, chains, expectedHeads, options.requireSealed === true, all);
    all.sort(
      (a, b) =>
        (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0) || a.seq - b.seq || KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
    );
    return { ok: all.length === 0, count, chains: summaries, problems: all };
  }

  return {
    add,
    addProblem: (p) => problems.push(p),
    expectHeads: (heads) => expectedHeads.push(...heads),
    result,
  };
}

/**
 * The hash of a line shaped like `JSON.stringify` of a writer's record — canonical text with
 * `,"hash":"…"` (and `,"signature":"…"`) appended — if it matches `hash`; otherwise `undefined`.
 */
function hashOfWriterLine(line: string, prevHash: string, hash: string, signature: unknown): string | undefined {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) <= 32) end--;
  let suffix = `,"hash":"${hash}"`;
  if (signature !== undefined) {
    if (typeof signature !== 'string') return undefined;
    suffix += `,"signature":"${signature}"`;
  }
  suffix += '}';
  if (!line.endsWith(suffix, end)) return undefined;
  // Returning `hash` itself (not the equal new string) halves what the verifier keeps per record.
  return sha256Hex(`${prevHash}${line.slice(0, end - suffix.length)}}`) === hash ? hash : undefined;
}

function withWhere(detail: string, where: string | undefined): string {
  return where ? `${where}: ${detail}` : detail;
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.hash === b.hash && a.computedHash === b.computedHash && a.signature === b.signature;
}

function checkChain(
  chainId: string,
  chain: ChainState,
  problems: ChainProblem[],
  publicKey: KeyObject | undefined,
  signAll: boolean,
): ChainSummary {
  const entries = chain.sorted ? chain.entries : orderBySeq(chain.entries);

  // Group by seq, merging identical copies (a store that received a retried record twice).
  const groups: Entry[][] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.seq === e.seq) {
      if (!last.some((x) => sameEntry(x, e))) last.push(e);
    } else {
      groups.push([e]);
    }
  }

  const hashAt = new Map<number, string>();
  let hashIndex: Map<string, number> | undefined;
  const seqOfHash = (h: string): number | undefined => {
    if (!hashIndex) {
      hashIndex = new Map();
      for (const g of groups) for (const e of g) hashIndex.set(e.hash, e.seq);
    }
    return hashIndex.get(h);
  };

  let count = 0;
  let expected = 0;
  let prev: Entry[] | undefined;
  let lastCheckpoint: (ChainCheckpoint & { at: number }) | undefined;
  let lastCheckpointAt = -1;
  const report = (seq: number, kind: ChainProblemKind, detail?: string) =>
    problems.push(detail === undefined ? { chainId, seq, kind } : { chainId, seq, kind, detail });

  for (const group of groups) {
    const seq = group[0]!.seq;
    count += group.length;
    if (seq > expected) {
      report(expected, 'gap', seq - 1 === expected ? `seq ${expected} missing` : `seqs ${expected}..${seq - 1} missing`);
    }
    if (group.length > 1) report(seq, 'duplicate', `${group.length} different records share seq ${seq}`);
    const linkedPrev = prev && prev[0]!.seq === seq - 1 ? prev : undefined;
    if (linkedPrev && linkedPrev.length > 1) {
      // Of several records at seq - 1, the one the chain continues from is the one checkpoints cover.
      const chosen = linkedPrev.find((p) => group.some((e) => e.prevHash === p.hash));
      if (chosen) hashAt.set(seq - 1, chosen.hash);
    }
    for (const e of group) {
      if (e.computedHash !== '' && e.computedHash !== e.hash) report(seq, 'edited', 'hash does not match the content');
      if (seq === 0) {
        if (e.prevHash !== GENESIS_HASH) report(seq, 'broken-link', 'seq 0 does not start from the genesis hash');
      } else if (linkedPrev && !linkedPrev.some((p) => p.hash === e.prevHash)) {
        const other = seqOfHash(e.prevHash);
        if (other !== undefined && other !== seq - 1) report(seq, 'reordered', `prevHash is the hash of seq ${other}`);
        else report(seq, 'broken-link', `prevHash is not the hash of seq ${seq - 1}`);
      }
      if (e.signatureOk === false) {
        report(seq, e.signature === undefined ? 'missing-signature' : 'bad-signature');
      }
    }
    const first = group[0]!;
    hashAt.set(seq, first.computedHash === first.hash ? first.hash : (group.find((e) => e.computedHash === e.hash) ?? first).hash);
    for (const e of group) {
      if (!e.checkpoint) continue;
      checkCheckpoint(e, hashAt, report);
      if (seq > lastCheckpointAt) {
        lastCheckpointAt = seq;
        lastCheckpoint = { ...e.checkpoint, at: seq };
      }
    }
    expected = seq + 1;
    prev = group;
  }

  // `signatures: 'checkpoints'`: records after the last checkpoint are not authenticated by one.
  if (publicKey && !signAll) {
    for (const group of groups) {
      if (group[0]!.seq <= lastCheckpointAt) continue;
      for (const e of group) {
        if (e.signatureOk !== undefined) continue;
        e.signatureOk = e.signature !== undefined && verifyDigest(e.hash, e.signature, publicKey);
        if (!e.signatureOk) report(e.seq, e.signature === undefined ? 'missing-signature' : 'bad-signature');
      }
    }
  }

  const firstSeq = groups[0]![0]!.seq;
  const lastGroup = groups[groups.length - 1]!;
  const lastSeq = lastGroup[0]!.seq;
  const summary: ChainSummary = {
    chainId,
    count,
    firstSeq,
    lastSeq,
    head: hashAt.get(lastSeq)!,
    uncheckpointed: lastCheckpointAt < 0 ? count : lastSeq - lastCheckpointAt,
    sealed: lastGroup.some((e) => e.checkpoint?.final === true),
  };
  if (lastCheckpoint) summary.lastCheckpoint = lastCheckpoint;
  if (chain.from !== undefined && chain.to !== undefined) summary.period = { from: chain.from, to: chain.to };
  return summary;
}

/**
 * Records in seq order, stable. Seqs are dense integers, so a bucket pass beats a comparison sort
 * (and its cache misses) for logs that arrive shuffled; sparse seqs fall back to sorting.
 */
function orderBySeq(entries: Entry[]): Entry[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    if (e.seq < min) min = e.seq;
    if (e.seq > max) max = e.seq;
  }
  const span = max - min + 1;
  if (span > 4 * entries.length + 1024) return entries.sort((a, b) => a.seq - b.seq);
  const buckets: (Entry | Entry[] | undefined)[] = new Array(span);
  for (const e of entries) {
    const i = e.seq - min;
    const b = buckets[i];
    if (b === undefined) buckets[i] = e;
    else if (Array.isArray(b)) b.push(e);
    else buckets[i] = [b, e];
  }
  const out: Entry[] = [];
  for (const b of buckets) {
    if (b === undefined) continue;
    if (Array.isArray(b)) out.push(...b);
    else out.push(b);
  }
  return out;
}

function checkCheckpoint(
  e: Entry,
  hashAt: Map<number, string>,
  report: (seq: number, kind: ChainProblemKind, detail?: string) => void,
): void {
  const cp = e.checkpoint!;
  const { seq, firstSeq, count, hash, merkleRoot } = cp as Partial<ChainCheckpoint>;
  if (
    !Number.isSafeInteger(seq) ||
    !Number.isSafeInteger(firstSeq) ||
    !Number.isSafeInteger(count) ||
    typeof hash !== 'string' ||
    typeof merkleRoot !== 'string' ||
    firstSeq! < 0 ||
    firstSeq! > seq! ||
    seq! >= e.seq ||
    count !== seq! - firstSeq! + 1
  ) {
    report(e.seq, 'bad-checkpoint', 'checkpoint range is inconsistent');
    return;
  }
  const claimed = hashAt.get(seq!);
  if (claimed === undefined) return; // the covered record is missing: reported as a gap
  if (claimed !== hash) {
    report(e.seq, 'bad-checkpoint', `checkpoint claims another hash for seq ${seq}`);
    return;
  }
  const frontier = createMerkleFrontier();
  for (let s = firstSeq!; s <= seq!; s++) {
    const h = hashAt.get(s);
    if (h === undefined) return; // gap, reported already
    frontier.add(h);
  }
  if (frontier.root() !== merkleRoot) {
    report(e.seq, 'bad-checkpoint', `Merkle root over seqs ${firstSeq}..${seq} does not match`);
  }
}

function checkHeads(
  summaries: ChainSummary[],
  chains: Map<string, ChainState>,
  expectedHeads: readonly ChainHead[],
  requireSealed: boolean,
  problems: ChainProblem[],
): void {
  for (const head of expectedHeads) {
    const summary = summaries.find((s) => s.chainId === head.chainId);
    if (!summary) {
      problems.push({ chainId: head.chainId, seq: 0, kind: 'truncated', detail: `no records, expected up to seq ${head.seq}` });
    } else if (summary.lastSeq < head.seq) {
      problems.push({
        chainId: head.chainId,
        seq: summary.lastSeq + 1,
        kind: 'truncated',
        detail: `chain ends at seq ${summary.lastSeq}, its head was seq ${head.seq}`,
      });
    } else {
      const entries = chains.get(head.chainId)!.entries;
      const atHead = entries.filter((e) => e.seq === head.seq);
      if (atHead.length > 0 && !atHead.some((e) => e.hash === head.hash)) {
        problems.push({ chainId: head.chainId, seq: head.seq, kind: 'head-mismatch', detail: 'hash differs from the expected head' });
      }
    }
  }
  if (requireSealed) {
    for (const s of summaries) {
      if (!s.sealed) {
        problems.push({ chainId: s.chainId, seq: s.lastSeq + 1, kind: 'truncated', detail: 'chain does not end with a final checkpoint' });
      }
    }
  }
}
