import { hash, type KeyObject } from 'node:crypto';
import { ChainEntries, PREV_IS_LAST, SIGNATURE_BAD, SIGNATURE_OK } from './chain-entries.js';
import { checkChain, checkHeads } from './check-chain.js';
import { ExplainedSkips } from './explained-skips.js';
import type { ChainCheckpoint } from './checkpoint.js';
import { isCheckpointRecord } from './checkpoint.js';
import { computeRecordHash, hashCanonicalLine, isHashHex } from './record-hash.js';
import { parsePublicKey, verifyDigest } from './signing-keys.js';
import {
  type ChainKernels,
  chainKernels,
  FOUND_CHAIN_ID,
  FOUND_CHAIN_ID_END,
  FOUND_CHECKPOINT,
  FOUND_CHECKPOINT_END,
  FOUND_DECIDED_AT,
  FOUND_DECIDED_AT_END,
  FOUND_HASH,
  FOUND_PREV_HASH,
  FOUND_SIGNATURE,
  FOUND_SIGNATURE_END,
} from './wasm/chain-kernels.js';
import { type LineEncoding, scanWriterLine } from './writer-line.js';

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
  | 'head-mismatch'
  /** Seqs a `chain_skip` record in the chain explains (chain-skip.ts): reported, not a failure. */
  | 'skipped';

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
   * record's own JSON text when it was read from one line, enables the fast path of {@link addLine};
   * a line not in the writer's form falls back to canonicalising `record`, which must be its parse.
   */
  add(record: unknown, where?: string, json?: string): void;
  /**
   * One JSON line, `line.slice(start, end)`, when it is exactly in the writer's form (canonical text,
   * then `hash` and `signature`; see `scanWriterLine`): its hash is checked on the text as it is,
   * without parsing or re-serialising. Returns `false`, having added nothing, for any other line (not
   * canonical, odd chain fields, an evidence pack line, not JSON): the caller then parses it and
   * calls {@link add}, which reports what is wrong.
   */
  addLine(line: string, encoding: LineEncoding, start?: number, end?: number): boolean;
  /**
   * Whole JSON lines as raw UTF-8 bytes, e.g. a read buffer (the last line needs no newline). Lines
   * in the writer's form are checked in place — scanned in WebAssembly and hashed from its memory,
   * no string made of them — and the rest through {@link addLine}; `declined(line, index)` gets each
   * line neither takes, as text, with its 0-based number in `bytes`, for the caller to parse and
   * {@link add}. Returns the number of lines.
   */
  addLines(bytes: Uint8Array, declined: (line: string, index: number) => void): number;
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
  skipped: 11,
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
  const chains = new Map<string, ChainEntries>();
  const problems: ChainProblem[] = [];
  const skips = new ExplainedSkips();
  const expectedHeads: ChainHead[] = [...(options.expectedHeads ?? [])];

  function add(record: unknown, where?: string, json?: string): void {
    if (json !== undefined && addLine(json, 'text')) return;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      problems.push({ chainId: '', seq: -1, kind: 'malformed', detail: withWhere('not a JSON object', where) });
      return;
    }
    const r = record as Record<string, unknown>;
    skips.note(r);
    if (!isChained(r.chainId, r.seq, r.hash, r.prevHash, where)) return;
    const chainId = r.chainId as string;
    const seq = r.seq as number;
    let computedHash: string;
    try {
      computedHash = computeRecordHash(r);
    } catch (error) {
      problems.push({ chainId, seq, kind: 'malformed', detail: (error as Error).message });
      computedHash = '';
    }
    const signature = typeof r.signature === 'string' ? r.signature : undefined;
    const checkpoint = isCheckpointRecord(r) ? r.checkpoint : undefined;
    const chain = chainFor(chainId);
    const mismatch = computedHash === r.hash ? undefined : computedHash;
    const e = chain.push(seq, r.hash as string, r.prevHash as string, mismatch, signature, checkpoint);
    afterPush(chain, e, checkpoint, r.decidedAt);
  }

  function addLine(line: string, encoding: LineEncoding, start = 0, end = line.length): boolean {
    skips.noteLine(line, start, end);
    const w = scanWriterLine(line, encoding, start, end);
    if (w === undefined) return false;
    return addWriterLine(
      w.chainId,
      w.seq,
      line.slice(w.prevHashAt, w.prevHashAt + 64),
      line.slice(w.hashAt, w.hashAt + 64),
      hashCanonicalLine(line, start, w.prevHashAt, w.bodyEnd, encoding !== 'text'),
      w.signature === undefined ? undefined : flatCopy(w.signature),
      w.decidedAt,
      isCheckpointRecord(w) ? w.checkpoint : undefined,
    );
  }

  function addLines(bytes: Uint8Array, declined: (line: string, index: number) => void): number {
    const kernels = chainKernels();
    skips.noteBytes(bytes);
    kernels.loadLines(bytes);
    let text: string | undefined; // for writer-line.ts, made only when a line needs it
    let index = 0;
    for (let start = 0; start < bytes.length; index++) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end < 0) end = bytes.length;
      let last = end;
      while (last > start && isTrailingSpace(bytes[last - 1]!)) last--;
      // A line the WebAssembly scanner accepts, writer-line.ts would accept too, with the same
      // fields: when its hashes are not hex, only parsing tells what is wrong.
      let taken: boolean;
      if (kernels.scanLine(start, last)) {
        taken = addScannedLine(kernels, start);
      } else {
        text ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
        taken = addLine(text, 'utf8-bytes', start, end);
      }
      if (!taken) declined(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'), index);
      start = end + 1;
    }
    return index;
  }

  /** The line at `start` that the WebAssembly scanner has just accepted. */
  function addScannedLine(kernels: ChainKernels, start: number): boolean {
    const prevHashAt = kernels.found(FOUND_PREV_HASH);
    const hashAt = kernels.found(FOUND_HASH);
    const signatureAt = kernels.found(FOUND_SIGNATURE);
    const decidedAtAt = kernels.found(FOUND_DECIDED_AT);
    let checkpoint: ChainCheckpoint | undefined;
    if (kernels.foundCheckpointOperation() && kernels.found(FOUND_CHECKPOINT) >= 0) {
      const value: unknown = JSON.parse(kernels.text(kernels.found(FOUND_CHECKPOINT), kernels.found(FOUND_CHECKPOINT_END), 'utf8'));
      if (typeof value === 'object' && value !== null) checkpoint = value as ChainCheckpoint;
    }
    // The fields the scanner found are ASCII: latin1 is their text.
    return addWriterLine(
      kernels.text(kernels.found(FOUND_CHAIN_ID), kernels.found(FOUND_CHAIN_ID_END), 'latin1'),
      kernels.foundSeq(),
      kernels.text(prevHashAt, prevHashAt + 64, 'latin1'),
      kernels.text(hashAt, hashAt + 64, 'latin1'),
      hash('sha256', kernels.hashInput(start), 'hex'),
      signatureAt < 0 ? undefined : kernels.text(signatureAt, kernels.found(FOUND_SIGNATURE_END), 'latin1'),
      decidedAtAt < 0 ? undefined : kernels.text(decidedAtAt, kernels.found(FOUND_DECIDED_AT_END), 'latin1'),
      checkpoint,
    );
  }

  /**
   * A line in the writer's form, its fields found and its record hash computed. `false`, having
   * added nothing, when `prevHash` or the stored `hash` is not hex: the full path reports that.
   */
  function addWriterLine(
    chainId: string,
    seq: number,
    prevHash: string,
    storedHash: string,
    computedHash: string,
    signature: string | undefined,
    decidedAt: unknown,
    checkpoint: ChainCheckpoint | undefined,
  ): boolean {
    // Records mostly arrive in chain order: a prevHash that is the stored hash of the chain's last
    // record is hex, and its bytes are that record's (no hex check, no decoding).
    const last = chains.get(chainId)?.lastHash;
    const followsLast = last !== undefined && prevHash === last;
    if (!followsLast && !isHashHex(prevHash)) return false;
    const intact = storedHash === computedHash;
    if (!intact && !isHashHex(storedHash)) return false;
    const chain = chainFor(chainId);
    const e = chain.push(
      seq,
      intact ? computedHash : storedHash,
      followsLast ? PREV_IS_LAST : prevHash,
      intact ? undefined : computedHash,
      signature,
      checkpoint,
    );
    afterPush(chain, e, checkpoint, decidedAt);
    return true;
  }

  /** Whether the fields place a record in a chain (hex hashes, a seq); reports it as malformed if not. */
  function isChained(chainId: unknown, seq: unknown, hash: unknown, prevHash: unknown, where: string | undefined): boolean {
    if (typeof chainId !== 'string' || chainId === '') {
      problems.push({ chainId: '', seq: -1, kind: 'malformed', detail: withWhere('no chainId', where) });
      return false;
    }
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      problems.push({ chainId, seq: -1, kind: 'malformed', detail: withWhere('no valid seq', where) });
      return false;
    }
    if (typeof hash !== 'string' || typeof prevHash !== 'string') {
      problems.push({ chainId, seq, kind: 'malformed', detail: 'hash or prevHash is missing' });
      return false;
    }
    if (!isHashHex(hash) || !isHashHex(prevHash)) {
      problems.push({ chainId, seq, kind: 'malformed', detail: 'hash or prevHash is not lowercase hex SHA-256' });
      return false;
    }
    return true;
  }

  function chainFor(chainId: string): ChainEntries {
    let chain = chains.get(chainId);
    if (!chain) {
      chain = new ChainEntries();
      chains.set(flatCopy(chainId), chain);
    }
    return chain;
  }

  /** Signature check and period, once entry `e` is stored. */
  function afterPush(chain: ChainEntries, e: number, checkpoint: ChainCheckpoint | undefined, decidedAt: unknown): void {
    if (publicKey && (signAll || checkpoint)) {
      const signature = chain.signature(e);
      chain.signatureState[e] = signature !== undefined && verifyDigest(chain.hashHex(e), signature, publicKey) ? SIGNATURE_OK : SIGNATURE_BAD;
    }
    if (typeof decidedAt === 'string') {
      // Not copied: a slice keeps the text it was read from alive, but at most two texts per chain.
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
    const explained = skips.explain(all);
    return { ok: explained.every((p) => p.kind === 'skipped'), count, chains: summaries, problems: explained };
  }

  return {
    add,
    addLine,
    addLines,
    addProblem: (p) => problems.push(p),
    expectHeads: (heads) => expectedHeads.push(...heads),
    result,
  };
}

const NEWLINE = 0x0a;

/** Space, tab or CR: JSON whitespace a line may end with. */
function isTrailingSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

function withWhere(detail: string, where: string | undefined): string {
  return where ? `${where}: ${detail}` : detail;
}

/**
 * A string the verifier keeps, copied flat: a value scanned out of a line is a slice of it, and V8
 * keeps the whole line alive for as long as a slice of 13 or more characters is held.
 */
function flatCopy(value: string): string {
  return value.length < 13 ? value : JSON.parse(JSON.stringify(value));
}
