import type { KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, readEnv } from '../../config/env.js';
import { ConfigError } from '../../errors.js';
import type { AIDecision } from '../../decision.js';
import type { ChainLock } from './chain-lock.js';
import { CHAIN_ID, openChain, removeLeftoverTempFiles } from './open-chain.js';
import { buildCheckpointBody, type ChainCheckpoint, type ChainedDecision, DEFAULT_CHECKPOINT_AI_SYSTEM_ID } from '../format/checkpoint.js';
import { type PersistedHead, writeHeadAtomic } from './head-store.js';
import { createMerkleFrontier, type MerkleFrontier } from '../format/merkle.js';
import { canonicalizeWithCopy } from '../format/canonical-json.js';
import { buildSkipBody, type ChainSkip, chainSkipOf } from '../format/chain-skip.js';
import { linkedHash } from '../format/record-hash.js';
import { parseSigningKey, signDigest } from '../format/signing-keys.js';
import { rememberRecordText } from '../../core/record-text.js';
import { isValidKeyName, signNote } from '../format/signed-note.js';
import { defaultCheckpointOrigin, formatCheckpointText } from '../format/tlog-checkpoint.js';

export interface ChainWriterOptions {
  /** The buffer directory; the writer owns `<dir>/chains/` (mode 0700, files 0600). */
  dir: string;
  /**
   * The chain to write. Without it the writer continues a chain in `<dir>/chains/` whose lock is free
   * (a restarted process continues its chain), else starts a new one with a random id (two live
   * processes never share a chain). An explicit chain held by a live process throws `ChainLockedError`.
   */
  chainId?: string;
  /**
   * Ed25519 private key: PKCS#8 PEM or base64 of the raw 32-byte seed. Without one, records carry no
   * `signature`. Env: VAXELIA_SIGNING_KEY (read at construction).
   */
  signingKey?: string;
  /** A checkpoint record follows every N appended records. @defaultValue 1000 */
  checkpointEvery?: number;
  /**
   * `append` also emits a checkpoint when this long has passed since the last one; call
   * `checkpoint()` on a timer of the same period to cover idle tails. @defaultValue 60000
   */
  checkpointIntervalMs?: number;
  /** `aiSystemId` of checkpoint records. Env: VAXELIA_AI_SYSTEM_ID. @defaultValue `"vaxelia-chain"` */
  aiSystemId?: string;
  /**
   * The origin line of the checkpoint notes (C2SP tlog-checkpoint), which is also their key name:
   * names this log. Non-empty, no spaces, no `+`. Env: VAXELIA_CHECKPOINT_ORIGIN.
   * @defaultValue `vaxelia-otel/<aiSystemId>/<chainId>` (see `defaultCheckpointOrigin`)
   */
  checkpointOrigin?: string;
  /** Clock for `decidedAt` of checkpoints and the interval. @defaultValue `Date.now` */
  now?: () => number;
}

/**
 * Links decisions into one hash chain (DESIGN.md §5). Single-threaded and synchronous on purpose: the
 * pipeline calls `append` from one sequential place, after redaction.
 *
 * Durability contract for the caller: persist the head before a chained record leaves the process
 * (delivered or queued), so that a restart never reuses a seq that someone has already seen — and
 * never ahead of the durable records, or a restarted writer would skip the lost seqs (a gap): while
 * later records still wait for their fsync, take a `snapshot()` after each batch and persist the
 * snapshot of the newest durable batch. After a crash, report the records found in the durable queue
 * with `observeRecovered` (in seq order, so the next checkpoint can cover them).
 */
export interface ChainWriter {
  readonly chainId: string;
  /**
   * A new object with `chainId`, `seq`, `prevHash`, `hash` (and `signature`) set — any chain fields on
   * the input are replaced — followed by a checkpoint record when one is due (by count or interval).
   * Throws `CanonicalizationError` for a decision that has no canonical JSON form; the chain is unchanged.
   */
  append(decision: AIDecision): ChainedDecision[];
  /**
   * A checkpoint record now, if records were appended since the last one; with `final` (shutdown)
   * also when only a non-final checkpoint ended the chain.
   */
  checkpoint(options?: { final?: boolean }): ChainedDecision | undefined;
  head(): { chainId: string; seq: number; hash: string } | undefined;
  /** The writer's state now (head and checkpoint range), to persist once the records so far are durable. */
  snapshot(): ChainSnapshot;
  /**
   * Atomically writes the given snapshot, or the current state (tmp + fsync + rename + dir fsync).
   * Concurrent calls coalesce: a write queued behind the one in flight writes the newest request.
   */
  persistHead(snapshot?: ChainSnapshot): Promise<void>;
  /** Advances the head to a record found in the durable queue after a crash; older seqs are ignored. */
  observeRecovered(seq: number, hash: string): void;
  /**
   * Rolls the writer back to `snapshot`: the records chained since were never durable and never left
   * the process (their write failed and was cut back), so their seqs go to the next records.
   */
  restore(snapshot: ChainSnapshot): void;
  /**
   * Owes a `chain_skip` record (DESIGN.md §5.2) for seqs that were handed out but cannot be given
   * again (a failed write may have left them on disk). Call after `restore` to the state before
   * `fromSeq`: the skip record (seq `toSeq + 1`) links to the record before `fromSeq` and is emitted
   * ahead of the next record `append` or `checkpoint` produces. Owed skips merge into one range.
   */
  skip(skipped: ChainSkip): void;
  /** Persists the head and releases the chain lock. Idempotent. */
  close(): Promise<void>;
}

/** The persisted form of a writer's state at one point of its chain (opaque to callers). */
export type ChainSnapshot = PersistedHead;

export { CHAIN_ID } from './open-chain.js';

export function createChainWriter(options: ChainWriterOptions): ChainWriter {
  const checkpointEvery = positive(options.checkpointEvery, 'checkpointEvery', 1000);
  const checkpointIntervalMs = positive(options.checkpointIntervalMs, 'checkpointIntervalMs', 60_000);
  const now = options.now ?? Date.now;
  const aiSystemId = options.aiSystemId ?? readEnv(ENV.aiSystemId) ?? DEFAULT_CHECKPOINT_AI_SYSTEM_ID;
  const signingKeyText = options.signingKey ?? readEnv(ENV.signingKey);
  const signingKey: KeyObject | undefined = signingKeyText === undefined ? undefined : parseSigningKey(signingKeyText);
  const checkpointOrigin = options.checkpointOrigin ?? readEnv(ENV.checkpointOrigin);
  if (checkpointOrigin !== undefined && !isValidKeyName(checkpointOrigin)) {
    throw new ConfigError('Option `checkpointOrigin` (VAXELIA_CHECKPOINT_ORIGIN) must be non-empty, without spaces or `+`.');
  }
  if (options.chainId !== undefined && !CHAIN_ID.test(options.chainId)) {
    throw new ConfigError('Option `chainId` must be 1-128 characters of [A-Za-z0-9._-], starting alphanumeric.');
  }

  const chainsDir = join(options.dir, 'chains');
  mkdirSync(chainsDir, { recursive: true, mode: 0o700 });
  chmodSync(chainsDir, 0o700);

  const { chainId, lock, state } = openChain(chainsDir, options.chainId, now);
  removeLeftoverTempFiles(chainsDir, chainId);
  return new ChainWriterImpl(chainId, lock, state, join(chainsDir, `${chainId}.json`), {
    checkpointEvery,
    checkpointIntervalMs,
    now,
    aiSystemId,
    signingKey,
    origin: checkpointOrigin ?? defaultCheckpointOrigin(aiSystemId, chainId),
  });
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`Option \`${name}\` must be a positive number.`);
  return value;
}

interface WriterSettings {
  checkpointEvery: number;
  checkpointIntervalMs: number;
  now: () => number;
  aiSystemId: string;
  signingKey: KeyObject | undefined;
  /** Origin line and key name of the checkpoint notes. */
  origin: string;
}

const CHAIN_FIELDS = new Set(['chainId', 'seq', 'prevHash', 'hash', 'signature']);

class ChainWriterImpl implements ChainWriter {
  private seq: number;
  private hash: string;
  private firstSeq: number;
  private frontier: MerkleFrontier;
  /** The whole chain's tree from seq 0, which the notes sign; undefined once a record hash is unknown. */
  private tree: MerkleFrontier | undefined;
  private pending: number;
  private lastAtMs: number;
  private sealed: boolean;
  private closed = false;
  private writing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** What the queued write writes: the newest snapshot asked for, or the current state. */
  private requested: ChainSnapshot | undefined;

  constructor(
    readonly chainId: string,
    private readonly lock: ChainLock,
    state: PersistedHead,
    private readonly headPath: string,
    private readonly settings: WriterSettings,
  ) {
    this.seq = state.seq;
    this.hash = state.hash;
    this.firstSeq = state.checkpoint.firstSeq;
    this.frontier = createMerkleFrontier(state.checkpoint.frontier);
    this.tree = state.tree === undefined ? undefined : createMerkleFrontier(state.tree);
    this.pending = state.checkpoint.pending;
    this.lastAtMs = state.checkpoint.lastAtMs;
    this.sealed = state.checkpoint.sealed;
  }

  append(decision: AIDecision): ChainedDecision[] {
    this.assertOpen();
    const beforeSkip = this.owedSkip ? this.snapshot() : undefined;
    const out = this.emitOwedSkip();
    let record: ChainedDecision;
    try {
      record = this.link(decision);
    } catch (error) {
      // The decision has no canonical form: nothing changes, the skip stays owed.
      if (beforeSkip) {
        this.skip(chainSkipOf(out[0])!);
        this.restore(beforeSkip);
      }
      throw error;
    }
    this.pending++;
    out.push(record);
    const { checkpointEvery, checkpointIntervalMs, now } = this.settings;
    if (this.pending >= checkpointEvery || now() - this.lastAtMs >= checkpointIntervalMs) {
      out.push(this.emitCheckpoint(false));
    }
    return out;
  }

  checkpoint(options?: { final?: boolean }): ChainedDecision | undefined {
    this.assertOpen();
    // An owed skip record goes first; the checkpoint follows on the next call.
    if (this.owedSkip) return this.emitOwedSkip()[0];
    const final = options?.final === true;
    if (this.pending > 0) return this.emitCheckpoint(final);
    if (final && this.seq >= 0 && !this.sealed && this.frontier.size > 0) return this.emitCheckpoint(true);
    return undefined;
  }

  head(): { chainId: string; seq: number; hash: string } | undefined {
    return this.seq < 0 ? undefined : { chainId: this.chainId, seq: this.seq, hash: this.hash };
  }

  observeRecovered(seq: number, hash: string): void {
    this.assertOpen();
    if (!Number.isSafeInteger(seq) || seq <= this.seq) return;
    if (seq !== this.seq + 1) {
      // Records in between are unknown here: the next checkpoint range restarts at this record.
      this.frontier = createMerkleFrontier();
      this.firstSeq = seq;
      this.tree = undefined;
    }
    this.seq = seq;
    this.hash = hash;
    this.frontier.add(hash);
    this.tree?.add(hash);
    this.pending++;
    this.sealed = false;
  }

  restore(snapshot: ChainSnapshot): void {
    this.assertOpen();
    if (snapshot.chainId !== this.chainId) throw new Error('snapshot of another chain');
    this.seq = snapshot.seq;
    this.hash = snapshot.hash;
    this.firstSeq = snapshot.checkpoint.firstSeq;
    this.frontier = createMerkleFrontier(snapshot.checkpoint.frontier);
    this.tree = snapshot.tree === undefined ? undefined : createMerkleFrontier(snapshot.tree);
    this.pending = snapshot.checkpoint.pending;
    this.lastAtMs = snapshot.checkpoint.lastAtMs;
    this.sealed = snapshot.checkpoint.sealed;
  }

  skip(skipped: ChainSkip): void {
    this.assertOpen();
    const owed = this.owedSkip;
    this.owedSkip = owed
      ? { fromSeq: Math.min(owed.fromSeq, skipped.fromSeq), toSeq: Math.max(owed.toSeq, skipped.toSeq), reason: skipped.reason }
      : { ...skipped };
  }

  /** The owed skip record, linked now (seq `toSeq + 1`, prevHash the record before `fromSeq`), or nothing. */
  private emitOwedSkip(): ChainedDecision[] {
    const owed = this.owedSkip;
    if (!owed) return [];
    this.owedSkip = undefined;
    const decidedAt = new Date(this.settings.now()).toISOString();
    this.seq = Math.max(this.seq, owed.toSeq);
    const record = this.link(buildSkipBody(this.chainId, this.seq + 1, owed, decidedAt, this.settings.aiSystemId));
    this.pending++;
    return [record];
  }

  snapshot(): ChainSnapshot {
    return {
      version: 1,
      chainId: this.chainId,
      seq: this.seq,
      hash: this.hash,
      ...(this.tree === undefined ? {} : { tree: this.tree.toJSON() }),
      checkpoint: {
        firstSeq: this.firstSeq,
        frontier: this.frontier.toJSON(),
        pending: this.pending,
        lastAtMs: this.lastAtMs,
        sealed: this.sealed,
      },
    };
  }

  persistHead(snapshot?: ChainSnapshot): Promise<void> {
    this.requested = snapshot;
    // At most one write in flight and one queued behind it; the queued one writes the newest request.
    if (this.queued) return this.queued;
    if (!this.writing) {
      this.writing = this.writeNow().finally(() => {
        this.writing = undefined;
      });
      return this.writing;
    }
    const queued = this.writing
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.writing = this.writeNow().finally(() => {
          this.writing = undefined;
        });
        return this.writing;
      });
    this.queued = queued;
    return queued;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.persistHead();
    } finally {
      this.closed = true;
      this.lock.release();
    }
  }

  private writeNow(): Promise<void> {
    const snapshot = this.requested ?? this.snapshot();
    this.requested = undefined;
    return writeHeadAtomic(this.headPath, snapshot);
  }

  private owedSkip: ChainSkip | undefined;

  private link(decision: AIDecision): ChainedDecision {
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(decision)) {
      if (!CHAIN_FIELDS.has(key)) record[key] = (decision as unknown as Record<string, unknown>)[key];
    }
    const seq = this.seq + 1;
    record.chainId = this.chainId;
    record.seq = seq;
    record.prevHash = this.hash;
    // The returned record is a deep copy with its keys in canonical order: the caller cannot mutate
    // it under the chain, and verifiers take the fast path on it.
    const { text: canonical, copy: chained } = canonicalizeWithCopy(record); // throws before any state changes
    const hash = linkedHash(this.hash, canonical);
    chained.hash = hash;
    if (this.settings.signingKey) chained.signature = signDigest(hash, this.settings.signingKey);
    // The text delivery sends: the canonical form with `hash` (and `signature`) appended as the last
    // members (a record always has members, so the comma is valid JSON).
    const tail = chained.signature === undefined ? '' : `,"signature":${JSON.stringify(chained.signature)}`;
    rememberRecordText(chained, `${canonical.slice(0, -1)},"hash":"${hash}"${tail}}`);
    this.seq = seq;
    this.hash = hash;
    this.frontier.add(hash);
    this.tree?.add(hash);
    this.sealed = false;
    return chained as unknown as ChainedDecision;
  }

  private emitCheckpoint(final: boolean): ChainedDecision {
    const { now, aiSystemId } = this.settings;
    const nowMs = now();
    const cp: ChainCheckpoint = {
      seq: this.seq,
      hash: this.hash,
      firstSeq: this.firstSeq,
      count: this.frontier.size,
      merkleRoot: this.frontier.root(),
    };
    if (final) cp.final = true;
    const note = this.note();
    if (note !== undefined) cp.note = note;
    const record = this.link(buildCheckpointBody(this.chainId, this.seq + 1, cp, new Date(nowMs).toISOString(), aiSystemId));
    // The next range starts with this checkpoint record, so every record is covered by some checkpoint.
    this.frontier = createMerkleFrontier();
    this.frontier.add(record.hash);
    this.firstSeq = record.seq;
    this.pending = 0;
    this.lastAtMs = nowMs;
    this.sealed = final;
    return record;
  }

  /** The signed tlog-checkpoint note of the tree so far (the records before the checkpoint record). */
  private note(): string | undefined {
    const { signingKey, origin } = this.settings;
    if (signingKey === undefined || this.tree === undefined) return undefined;
    const text = formatCheckpointText({ origin, size: this.tree.size, root: Buffer.from(this.tree.root(), 'hex') });
    return signNote(text, origin, signingKey);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`Chain writer for ${this.chainId} is closed`);
  }
}
