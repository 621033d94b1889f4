import { type KeyObject, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, readEnv } from '../config/env.js';
import { ConfigError } from '../errors.js';
import type { AIDecision } from '../decision.js';
import { ChainLockedError } from './chain-errors.js';
import { buildSkipBody, type ChainSkip } from './chain-skip.js';
import { type ChainLock, tryAcquireChainLock } from './chain-lock.js';
import { buildCheckpointBody, type ChainCheckpoint, type ChainedDecision, DEFAULT_CHECKPOINT_AI_SYSTEM_ID } from './checkpoint.js';
import { type PersistedHead, readHeadSync, writeHeadAtomic } from './head-store.js';
import { createMerkleFrontier, type MerkleFrontier } from './merkle.js';
import { canonicalize } from './canonical-json.js';
import { GENESIS_HASH, sha256Hex } from './record-hash.js';
import { parseSigningKey, signDigest } from './signing-keys.js';

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
  /** A chained `chain_skip` record explaining seqs that were given out but cannot be used (chain-skip.ts). */
  appendSkip(skipped: ChainSkip): ChainedDecision;
  /** Persists the head and releases the chain lock. Idempotent. */
  close(): Promise<void>;
}

/** The persisted form of a writer's state at one point of its chain (opaque to callers). */
export type ChainSnapshot = PersistedHead;

/** What a chain id may be: it names files in `<dir>/chains/`. */
export const CHAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function createChainWriter(options: ChainWriterOptions): ChainWriter {
  const checkpointEvery = positive(options.checkpointEvery, 'checkpointEvery', 1000);
  const checkpointIntervalMs = positive(options.checkpointIntervalMs, 'checkpointIntervalMs', 60_000);
  const now = options.now ?? Date.now;
  const aiSystemId = options.aiSystemId ?? readEnv(ENV.aiSystemId) ?? DEFAULT_CHECKPOINT_AI_SYSTEM_ID;
  const signingKeyText = options.signingKey ?? readEnv(ENV.signingKey);
  const signingKey: KeyObject | undefined = signingKeyText === undefined ? undefined : parseSigningKey(signingKeyText);
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
  });
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`Option \`${name}\` must be a positive number.`);
  return value;
}

function openChain(
  chainsDir: string,
  wanted: string | undefined,
  now: () => number,
): { chainId: string; lock: ChainLock; state: PersistedHead } {
  const lockPath = (id: string) => join(chainsDir, `${id}.lock`);
  const load = (id: string) => readHeadSync(join(chainsDir, `${id}.json`)) ?? emptyHead(id, now());
  if (wanted !== undefined) {
    const lock = tryAcquireChainLock(lockPath(wanted));
    if ('heldBy' in lock) throw new ChainLockedError(wanted, lock.heldBy);
    try {
      return { chainId: wanted, lock, state: load(wanted) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  // Continue the most recently written free chain: normally the one this process wrote before a restart.
  const existing = readdirSync(chainsDir)
    .filter((name) => name.endsWith('.json') && CHAIN_ID.test(name.slice(0, -5)))
    .map((name) => ({ id: name.slice(0, -5), mtime: mtimeOf(join(chainsDir, name)) }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { id } of existing) {
    const lock = tryAcquireChainLock(lockPath(id));
    if ('heldBy' in lock) continue;
    try {
      return { chainId: id, lock, state: load(id) };
    } catch {
      lock.release(); // an unreadable head file: leave that chain alone rather than fork it
    }
  }
  const id = randomUUID();
  const lock = tryAcquireChainLock(lockPath(id));
  if ('heldBy' in lock) throw new ChainLockedError(id, lock.heldBy);
  return { chainId: id, lock, state: emptyHead(id, now()) };
}

/** Temp files of head writes a crash interrupted; only for the chain we now hold. */
function removeLeftoverTempFiles(chainsDir: string, chainId: string): void {
  for (const name of readdirSync(chainsDir)) {
    if (name.startsWith(`${chainId}.json.`) && name.endsWith('.tmp')) {
      try {
        unlinkSync(join(chainsDir, name));
      } catch {
        // another cleaner got it
      }
    }
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function emptyHead(chainId: string, nowMs: number): PersistedHead {
  return {
    version: 1,
    chainId,
    seq: -1,
    hash: GENESIS_HASH,
    checkpoint: { firstSeq: 0, frontier: [], pending: 0, lastAtMs: nowMs, sealed: false },
  };
}

interface WriterSettings {
  checkpointEvery: number;
  checkpointIntervalMs: number;
  now: () => number;
  aiSystemId: string;
  signingKey: KeyObject | undefined;
}

const CHAIN_FIELDS = new Set(['chainId', 'seq', 'prevHash', 'hash', 'signature']);

class ChainWriterImpl implements ChainWriter {
  private seq: number;
  private hash: string;
  private firstSeq: number;
  private frontier: MerkleFrontier;
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
    this.pending = state.checkpoint.pending;
    this.lastAtMs = state.checkpoint.lastAtMs;
    this.sealed = state.checkpoint.sealed;
  }

  append(decision: AIDecision): ChainedDecision[] {
    this.assertOpen();
    const record = this.link(decision);
    this.pending++;
    const out = [record];
    const { checkpointEvery, checkpointIntervalMs, now } = this.settings;
    if (this.pending >= checkpointEvery || now() - this.lastAtMs >= checkpointIntervalMs) {
      out.push(this.emitCheckpoint(false));
    }
    return out;
  }

  checkpoint(options?: { final?: boolean }): ChainedDecision | undefined {
    this.assertOpen();
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
    }
    this.seq = seq;
    this.hash = hash;
    this.frontier.add(hash);
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
    this.pending = snapshot.checkpoint.pending;
    this.lastAtMs = snapshot.checkpoint.lastAtMs;
    this.sealed = snapshot.checkpoint.sealed;
  }

  appendSkip(skipped: ChainSkip): ChainedDecision {
    this.assertOpen();
    const record = this.link(buildSkipBody(this.chainId, this.seq + 1, skipped, new Date(this.settings.now()).toISOString(), this.settings.aiSystemId));
    this.pending++;
    return record;
  }

  snapshot(): ChainSnapshot {
    return {
      version: 1,
      chainId: this.chainId,
      seq: this.seq,
      hash: this.hash,
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

  private link(decision: AIDecision): ChainedDecision {
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(decision)) {
      if (!CHAIN_FIELDS.has(key)) record[key] = (decision as unknown as Record<string, unknown>)[key];
    }
    const seq = this.seq + 1;
    record.chainId = this.chainId;
    record.seq = seq;
    record.prevHash = this.hash;
    const canonical = canonicalize(record); // throws before any state changes
    const hash = sha256Hex(this.hash + canonical);
    // The returned record is the canonical form parsed back: a deep copy the caller cannot mutate
    // under the chain, with its keys in canonical order, which lets verifiers take the fast path.
    const chained = JSON.parse(canonical) as Record<string, unknown>;
    chained.hash = hash;
    if (this.settings.signingKey) chained.signature = signDigest(hash, this.settings.signingKey);
    this.seq = seq;
    this.hash = hash;
    this.frontier.add(hash);
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

  private assertOpen(): void {
    if (this.closed) throw new Error(`Chain writer for ${this.chainId} is closed`);
  }
}
