import { join } from 'node:path';
import { DecisionNotRecordedError, type InvalidBufferKeyError } from '../errors.js';
import { safeLogger } from '../core/logger.js';
import { AckBook } from './acks.js';
import { resolveBufferKey, resolvePreviousKeys } from './buffer-key.js';
import { readDeadLetters, removeDeadLetter, writeDeadLetter } from './dead-letters.js';
import { keyIdOf } from './entry-cipher.js';
import { GroupCommit } from './group-commit.js';
import { OwnerAdoption } from './owner-adoption.js';
import { createOwnerDir, newOwnerId, releaseOwnerDir } from './owner-lock.js';
import { pendingEntries } from './pending-entries.js';
import { Quarantine } from './quarantine.js';
import type { QueueContext } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';
import { ACKS_DIR, DEAD_LETTER_DIR, DEFAULT_RETENTION_MS, QUARANTINE_DIR, resolveBufferDir, SEGMENTS_DIR } from './queue-layout.js';
import { queueStatus } from './queue-status.js';
import type { AppendResult, DeadLetter, EncryptedQueue, EncryptedQueueOptions, EntryRef, QueuedEntry, QueueStatus, RecoveredState } from './queue-types.js';
import { recoverFromSegments } from './recovery.js';
import { purgeOlderThan } from './retention.js';
import { SegmentReclaimer } from './segment-reclaim.js';
import { ensurePrivateDir } from './secure-fs.js';
import { SegmentWriter } from './segment-writer.js';

export type { AppendResult, DeadLetter, EncryptedQueue, EncryptedQueueOptions, EntryRef, QueuedEntry, QueueStatus, RecoveredState };
export { AppendFailedError, recordsMayRemain } from './segment-writer.js';
export { DEAD_LETTER_DIR, DEFAULT_RETENTION_MS, QUARANTINE_DIR, resolveBufferDir };

/** Creates the encrypted durable queue of DESIGN.md §7. Throws on a missing or malformed key. */
export function createEncryptedQueue(options: EncryptedQueueOptions = {}): EncryptedQueue {
  return new FileQueue(options);
}

/**
 * The queue's facade: each rule lives in the file named for it — group-commit.ts (appends, fsync,
 * afterCommit), segment-writer.ts (a failed append is cut back to the last good frame),
 * segment-reader.ts (a good frame after a bad one is never discarded), acks.ts, segment-reclaim.ts
 * (delivered segments are deleted, even on a full disk), owner-adoption.ts, quarantine.ts,
 * retention.ts, pending-entries.ts (what the drain reads), recovery.ts, queue-status.ts,
 * dead-letters.ts.
 */
class FileQueue implements EncryptedQueue {
  readonly bufferDir: string;
  private readonly ctx: QueueContext;
  private readonly acks: AckBook;
  private readonly reclaimer: SegmentReclaimer;
  private readonly writer: SegmentWriter;
  private readonly commits: GroupCommit;
  private readonly adoption: OwnerAdoption;
  private readonly quarantine: Quarantine;
  private opening: Promise<void> | undefined;
  private closed = false;
  private reportedUnwritable = false;

  constructor(options: EncryptedQueueOptions) {
    const env = options.env ?? process.env;
    const key = resolveBufferKey(options.bufferKey, env);
    const readKeys = [key, ...resolvePreviousKeys(options.previousKeys, env)];
    this.bufferDir = resolveBufferDir(options.bufferDir, env);
    this.ctx = {
      bufferDir: this.bufferDir,
      key,
      readKeys,
      keyIds: readKeys.map(keyIdOf),
      log: safeLogger(options.logger),
      now: options.now ?? Date.now,
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      ownerId: newOwnerId(),
      ownerDir: '',
      segments: new Map(),
      active: undefined,
      beforeSegmentDelete: options.beforeSegmentDelete,
      onQuarantine: undefined,
      foreignError: undefined,
      reportedForeign: new Set(),
    };
    this.reclaimer = new SegmentReclaimer(this.ctx, (state) => this.writer.retireIfIdle(state));
    this.acks = new AckBook(this.ctx, (id) => void this.reclaimer.reclaim(id));
    this.writer = new SegmentWriter(this.ctx, options.segmentMaxBytes ?? 8 * 1024 * 1024, (id) => void this.reclaimer.reclaim(id), () => this.reopen());
    this.commits = new GroupCommit(this.ctx, {
      maxGroupBytes: options.maxGroupBytes ?? 4 * 1024 * 1024,
      writer: this.writer,
      open: () => this.open(),
      reclaimSpace: () => this.reclaimer.reclaimAll(),
      afterCommit: options.afterCommit,
    });
    this.adoption = new OwnerAdoption(this.ctx);
    this.quarantine = new Quarantine(this.ctx, this.acks);
  }

  get onQuarantine(): ((count: number) => void) | undefined {
    return this.ctx.onQuarantine;
  }

  set onQuarantine(callback: ((count: number) => void) | undefined) {
    this.ctx.onQuarantine = callback;
  }

  open(): Promise<void> {
    this.opening ??= (async () => {
      await ensurePrivateDir(this.bufferDir);
      for (const sub of [SEGMENTS_DIR, ACKS_DIR, DEAD_LETTER_DIR, QUARANTINE_DIR]) await ensurePrivateDir(join(this.bufferDir, sub));
      this.ctx.ownerDir = await createOwnerDir(join(this.bufferDir, SEGMENTS_DIR), this.ctx.ownerId);
    })();
    // A failed open (directory not writable yet, disk full) is retried by the next call.
    this.opening.catch(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** The buffer directory was deleted under us: create it again. */
  private reopen(): Promise<void> {
    this.opening = undefined;
    this.ctx.ownerDir = '';
    return this.open();
  }

  append(bodies: readonly string[], mark?: unknown): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new DecisionNotRecordedError('The decision queue is closed.'));
    if (bodies.length === 0) return Promise.resolve({ refs: [], dispatchable: true });
    return this.commits.append(bodies, mark);
  }

  async *entries(options: { held?: (ref: EntryRef) => boolean } = {}): AsyncGenerator<QueuedEntry> {
    await this.openForReading();
    if (!(await this.commits.releaseHeldBack())) return;
    await this.adoption.adoptGoneOwners();
    yield* pendingEntries(
      this.ctx,
      this.acks,
      this.quarantine,
      async (id) => {
        await this.reclaimer.reclaim(id);
      },
      options.held,
    );
  }

  /**
   * Delivering needs no new space: when the directory cannot be opened for writing (full, read-only)
   * the drain still reads and sends what is queued (gone owners' segments in place), with one ERROR.
   */
  private async openForReading(): Promise<void> {
    try {
      await this.open();
    } catch (error) {
      if (this.reportedUnwritable) return;
      this.reportedUnwritable = true;
      this.ctx.log('error', 'vaxelia: the buffer directory is not writable (full or read-only); delivering what is queued, but new decisions cannot be queued until it is', {
        bufferDir: this.bufferDir,
        error: errorSummary(error),
      });
    }
  }

  ack(ref: EntryRef): void {
    this.acks.ack(ref);
  }

  isPending(ref: EntryRef): boolean {
    return this.acks.isPending(ref);
  }

  flushAcks(): Promise<void> {
    return this.acks.flush();
  }

  async deadLetter(entry: QueuedEntry, status: number, reason: string): Promise<void> {
    await writeDeadLetter(this.ctx, entry, status, reason);
    this.acks.ack(entry.ref);
  }

  deadLetters(): AsyncIterable<DeadLetter> {
    return readDeadLetters(this.ctx);
  }

  removeDeadLetter(name: string): Promise<void> {
    return removeDeadLetter(this.ctx, name);
  }

  depth(): number {
    let n = 0;
    for (const state of this.ctx.segments.values()) if (state.entries !== undefined && !state.foreign) n += state.entries - state.removed.size;
    return Math.max(0, n);
  }

  keyError(): InvalidBufferKeyError | undefined {
    return this.ctx.foreignError;
  }

  status(): Promise<QueueStatus> {
    return queueStatus(this.ctx);
  }

  async purge(olderThanMs: number): Promise<{ purged: number; oldestAgeMs: number | undefined }> {
    await this.open();
    await this.adoption.adoptGoneOwners();
    return purgeOlderThan(this.ctx, this.acks, olderThanMs);
  }

  async recover(): Promise<RecoveredState> {
    // Adopt first: a segment skipped here would hide its chain head (the chain would reuse its
    // seqs) and its decision ids (a gateway would chain a Collector's retry of them twice). A buffer
    // directory that cannot be opened for writing can still be read.
    await this.openForReading();
    await this.adoption.adoptGoneOwners();
    return recoverFromSegments(this.ctx);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.settled();
    this.acks.stop();
    const opened = this.opening ? await this.opening.then(() => true, () => false) : false;
    await this.writer.seal();
    await this.acks.flush();
    if (opened) await releaseOwnerDir(this.ctx.ownerDir);
  }
}
