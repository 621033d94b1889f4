import { appendFile, type FileHandle, open, readdir, readFile, rename, stat, truncate, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, readEnv } from '../config/env.js';
import { DecisionNotRecordedError, InvalidBufferKeyError } from '../errors.js';
import { errorSummary } from '../core/error-summary.js';
import { type Logger, safeLogger } from '../core/logger.js';
import { resolveBufferKey, resolvePreviousKeys } from './buffer-key.js';
import { decryptEntry, encryptEntry, encryptEntryInto, entryBytes, keyIdOf } from './entry-cipher.js';
import { FrameStager, type StagedSlice } from './frame-stager.js';
import { createOwnerDir, newOwnerId, ownerState, releaseOwnerDir, removeGoneOwnerDir } from './owner-lock.js';
import { encodeFrameHeader, encodeSegmentHeader, FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES, writeFrameHeader } from './segment-format.js';
import { readSegmentFrames, readSegmentHeader, summarizeSegment } from './segment-reader.js';
import { ensurePrivateDir, FILE_MODE, fsyncDir, isErrno, writeFileDurably } from './secure-fs.js';

export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface EncryptedQueueOptions {
  /** Buffer directory. Env `VAXELIA_BUFFER_DIR`. @defaultValue `<os.tmpdir()>/vaxelia-ai-buffer` */
  bufferDir?: string;
  /** Base64 32-byte AES-256-GCM key. Env `VAXELIA_BUFFER_KEY`. Required. */
  bufferKey?: string | Uint8Array;
  /** Keys accepted for reading only, after a rotation. Env `VAXELIA_BUFFER_PREVIOUS_KEYS` (comma-separated). */
  previousKeys?: readonly (string | Uint8Array)[];
  /** Entries older than this are purged with a WARN. @defaultValue 7 days */
  retentionMs?: number;
  /** A segment file is sealed and a new one started beyond this size. @defaultValue 8 MiB */
  segmentMaxBytes?: number;
  /** Upper bound of one group commit (one write + one fdatasync). @defaultValue 4 MiB */
  maxGroupBytes?: number;
  /**
   * Awaited after each group's fsync, before its entries become visible to `entries()` and before
   * `append` resolves. The pipeline persists the chain head here, so the head is on disk before any
   * record of the group can leave the process. When it throws, the entries stay durably queued but
   * are held back (`dispatchable: false`) until a later hook succeeds. It receives the `mark` of the
   * newest append committed so far (the chain head after that append's records), so what it
   * persists never runs ahead of what is on disk while later appends still wait for their fsync.
   */
  afterCommit?: (mark: unknown) => Promise<void>;
  /**
   * Awaited before a fully delivered segment is deleted; when it throws, the file is kept. The
   * runtime waits here for its crash recovery to have persisted the chain heads the segment may be
   * the only trace of, and the gateway syncs its journal of recorded decision ids.
   */
  beforeSegmentDelete?: () => Promise<void>;
  /** @defaultValue OpenTelemetry `diag` */
  logger?: Logger;
  /** Clock, for tests. @defaultValue `Date.now` */
  now?: () => number;
  /** Environment to read (the CLI passes its own). @defaultValue `process.env` */
  env?: NodeJS.ProcessEnv;
}

export interface RecoveredState {
  heads: Map<string, { seq: number; hash: string }>;
  decisionIds: Set<string>;
}

/** The address of one queued entry: stable across processes and restarts. */
export interface EntryRef {
  segmentId: string;
  offset: number;
}

export interface QueuedEntry {
  ref: EntryRef;
  /** The exact JSON body to POST. */
  body: string;
  enqueuedAt: number;
}

export interface AppendResult {
  refs: EntryRef[];
  /** False when `afterCommit` failed: the entries are durable but must not be sent yet. */
  dispatchable: boolean;
}

export interface QueueStatus {
  bufferDir: string;
  pending: number;
  pendingBytes: number;
  oldestPendingAgeMs: number | undefined;
  segments: number;
  /** Segments held by another live process (counted above, not drainable here). */
  liveOwnerSegments: number;
  /** Segments written with a key that is neither `bufferKey` nor one of `previousKeys`. */
  foreignKeySegments: number;
  deadLettered: number;
  deadLetterBytes: number;
  quarantined: number;
  quarantineBytes: number;
}

export interface EncryptedQueue {
  readonly bufferDir: string;
  /** Creates the directories and this process's owner lock; idempotent. */
  open(): Promise<void>;
  /** Encrypts and appends; resolves once the entries are fsynced (group commit). */
  append(bodies: readonly string[], mark?: unknown): Promise<AppendResult>;
  /**
   * Streams the pending entries this process may deliver (its own plus those of dead owners, which it
   * adopts first), decrypted, oldest segment first. Entries failing authentication are quarantined,
   * expired ones purged, segments of a foreign key skipped with an ERROR — the stream never stops on them.
   */
  entries(): AsyncIterable<QueuedEntry>;
  /** Removes an entry from the queue (delivered); persisted lazily (a redelivery after a crash is fine). */
  ack(ref: EntryRef): void;
  /** Moves an entry to the encrypted dead-letter folder with the HTTP status and a short reason. */
  deadLetter(entry: QueuedEntry, status: number, reason: string): Promise<void>;
  /** Counts, ages and sizes; never content. Reads every owner's segments. */
  status(): Promise<QueueStatus>;
  /** Removes pending entries older than `olderThanMs` from the segments this process may touch. */
  purge(olderThanMs: number): Promise<{ purged: number; oldestAgeMs: number | undefined }>;
  /** Newest queued record per chainId over every owner's segments, and the decision ids they hold. */
  recover(): Promise<RecoveredState>;
  /** Pending entries known to this process (own and adopted segments), without I/O. */
  depth(): number;
  /** The error describing segments this key cannot read, if any were seen. */
  keyError(): InvalidBufferKeyError | undefined;
  /** False once the entry was acked, dead-lettered, quarantined or purged. */
  isPending(ref: EntryRef): boolean;
  /** Called with the number of entries quarantined (for metrics). */
  onQuarantine: ((count: number) => void) | undefined;
  /** Writes buffered acks. */
  flushAcks(): Promise<void>;
  /** Waits for pending appends, persists acks, releases the owner lock. Idempotent. */
  close(): Promise<void>;
}

interface SegmentState {
  id: string;
  path: string;
  /** Number of frames, once known (always for segments this process wrote). */
  entries: number | undefined;
  removed: Set<number>;
  pendingAcks: number[];
  sealed: boolean;
  foreign: boolean;
}

interface ActiveSegment {
  state: SegmentState;
  handle: FileHandle;
  size: number;
  /** Bytes of the file whose group passed `afterCommit`: what `entries()` may read. */
  published: number;
}

interface PendingAppend {
  /** The append's frames (header ‖ nonce ‖ ciphertext ‖ tag each), back to back. */
  slice: StagedSlice;
  /** Byte length of each frame, in order: the entries' offsets once the group has a place. */
  frameBytes: number[];
  bytes: number;
  count: number;
  /** Handed to `afterCommit` once this append is durable. */
  mark: unknown;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

const SEGMENTS = 'segments';
const ACKS = 'acks';
export const DEAD_LETTER_DIR = 'dead-letter';
export const QUARANTINE_DIR = 'quarantine';

export function resolveBufferDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env === process.env ? readEnv(ENV.bufferDir) : env[ENV.bufferDir]?.trim() || undefined;
  return option ?? fromEnv ?? join(tmpdir(), 'vaxelia-ai-buffer');
}

/** Creates the encrypted durable queue of DESIGN.md §7. Throws on a missing or malformed key. */
export function createEncryptedQueue(options: EncryptedQueueOptions = {}): EncryptedQueue {
  return new FileQueue(options);
}

class FileQueue implements EncryptedQueue {
  readonly bufferDir: string;
  private readonly key: Buffer;
  private readonly readKeys: Buffer[];
  private readonly keyIds: Buffer[];
  private readonly retentionMs: number;
  private readonly segmentMaxBytes: number;
  private readonly maxGroupBytes: number;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly afterCommit: ((mark: unknown) => Promise<void>) | undefined;
  /** The mark of the newest durable append (what a retried `afterCommit` persists). */
  private committedMark: unknown;
  private readonly beforeSegmentDelete: (() => Promise<void>) | undefined;
  private readonly ownerId = newOwnerId();
  private ownerDir = '';
  private opening: Promise<void> | undefined;
  private closed = false;
  private readonly segments = new Map<string, SegmentState>();
  private active: ActiveSegment | undefined;
  private segmentCounter = 0;
  private pending: PendingAppend[] = [];
  private readonly stager = new FrameStager();
  private flushing: Promise<void> | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private ackFlush: Promise<void> = Promise.resolve();
  private headHeldBack = false;
  private readonly reportedForeign = new Set<string>();
  private foreignError: InvalidBufferKeyError | undefined;

  constructor(options: EncryptedQueueOptions) {
    const env = options.env ?? process.env;
    this.key = resolveBufferKey(options.bufferKey, env);
    this.readKeys = [this.key, ...resolvePreviousKeys(options.previousKeys, env)];
    this.keyIds = this.readKeys.map(keyIdOf);
    this.bufferDir = resolveBufferDir(options.bufferDir, env);
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.segmentMaxBytes = options.segmentMaxBytes ?? 8 * 1024 * 1024;
    this.maxGroupBytes = options.maxGroupBytes ?? 4 * 1024 * 1024;
    this.log = safeLogger(options.logger);
    this.now = options.now ?? Date.now;
    this.afterCommit = options.afterCommit;
    this.beforeSegmentDelete = options.beforeSegmentDelete;
  }

  private get segmentsRoot(): string {
    return join(this.bufferDir, SEGMENTS);
  }

  open(): Promise<void> {
    this.opening ??= (async () => {
      await ensurePrivateDir(this.bufferDir);
      for (const sub of [SEGMENTS, ACKS, DEAD_LETTER_DIR, QUARANTINE_DIR]) await ensurePrivateDir(join(this.bufferDir, sub));
      this.ownerDir = await createOwnerDir(this.segmentsRoot, this.ownerId);
    })();
    // A failed open (directory not writable yet) is retried by the next call.
    this.opening.catch(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  // ---- append: group commit -------------------------------------------------------------------

  append(bodies: readonly string[], mark?: unknown): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new DecisionNotRecordedError('The decision queue is closed.'));
    if (bodies.length === 0) return Promise.resolve({ refs: [], dispatchable: true });
    const enqueuedAt = this.now();
    const frameBytes = bodies.map((body) => FRAME_HEADER_BYTES + entryBytes(Buffer.byteLength(body, 'utf8')));
    const bytes = frameBytes.reduce((sum, n) => sum + n, 0);
    // Encrypted now, into the staging buffer: from here on only ciphertext waits for the fsync.
    const slice = this.stager.reserve(bytes);
    try {
      let offset = 0;
      for (let i = 0; i < bodies.length; i++) {
        const entryLength = frameBytes[i]! - FRAME_HEADER_BYTES;
        writeFrameHeader(slice.bytes, offset, entryLength, enqueuedAt);
        if (encryptEntryInto(this.key, bodies[i]!, slice.bytes, offset + FRAME_HEADER_BYTES) !== entryLength) throw new RangeError('entry size mismatch');
        offset += frameBytes[i]!;
      }
    } catch (error) {
      this.stager.release(slice);
      return Promise.reject(new DecisionNotRecordedError(`Could not encrypt ${bodies.length} decision(s) (${errorSummary(error)}).`, undefined, { cause: error }));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ slice, frameBytes, bytes, count: bodies.length, mark, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // Yield once so appends issued in the same tick join the group.
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.pending.length > 0) {
        const group: PendingAppend[] = [];
        let bytes = 0;
        while (this.pending.length > 0 && (group.length === 0 || bytes + this.pending[0]!.bytes <= this.maxGroupBytes)) {
          const next = this.pending.shift()!;
          group.push(next);
          bytes += next.bytes;
        }
        try {
          await this.commitGroup(group, bytes);
        } finally {
          for (const append of group) this.stager.release(append.slice);
        }
      }
    } finally {
      this.flushing = undefined;
      if (this.pending.length > 0) this.flushing = this.flushLoop();
    }
  }

  private async commitGroup(group: PendingAppend[], bytes: number): Promise<void> {
    let active: ActiveSegment;
    const refs: EntryRef[][] = [];
    try {
      await this.open();
      active = await this.activeSegmentFor(bytes);
      if ((await active.handle.stat()).nlink === 0) {
        // The segment was unlinked under us (the buffer directory was deleted): writing on would
        // "succeed" into a file no reader can reach. Recreate the directory and a new segment.
        this.log('error', 'vaxelia: the buffer directory was deleted while in use; recreating it', { bufferDir: this.bufferDir });
        this.active = undefined;
        this.segments.delete(active.state.id);
        await active.handle.close().catch(() => {});
        this.opening = undefined;
        await this.open();
        active = await this.activeSegmentFor(bytes);
      }
    } catch (error) {
      this.failGroup(group, error);
      return;
    }
    let offset = active.size;
    const buffers: Buffer[] = [];
    for (const append of group) {
      const own: EntryRef[] = [];
      for (const frameBytes of append.frameBytes) {
        own.push({ segmentId: active.state.id, offset });
        offset += frameBytes;
      }
      refs.push(own);
      pushCoalesced(buffers, append.slice.bytes);
    }
    try {
      const { bytesWritten } = await active.handle.writev(buffers);
      if (bytesWritten !== bytes) throw Object.assign(new Error(`short write (${bytesWritten} of ${bytes} bytes)`), { code: 'ENOSPC' });
      await active.handle.datasync();
    } catch (error) {
      // Cut the partial group off so the segment stays well framed; if even that fails, seal it
      // (a reader drops a torn tail) and start a new segment next time.
      try {
        await active.handle.truncate(active.size);
      } catch {
        await this.sealActive();
      }
      this.failGroup(group, error);
      return;
    }
    active.size = offset;
    active.state.entries = (active.state.entries ?? 0) + group.reduce((n, a) => n + a.count, 0);
    let dispatchable = true;
    for (const append of group) if (append.mark !== undefined) this.committedMark = append.mark;
    if (this.afterCommit) {
      try {
        await this.afterCommit(this.committedMark);
        this.headHeldBack = false;
      } catch (error) {
        dispatchable = false;
        this.headHeldBack = true;
        this.log('error', 'vaxelia: afterCommit hook failed; queued decisions are held back until it succeeds', {
          error: errorSummary(error),
        });
      }
    }
    if (!this.headHeldBack) active.published = active.size;
    group.forEach((append, i) => {
      append.resolve({ refs: refs[i]!, dispatchable });
    });
  }

  private failGroup(group: PendingAppend[], error: unknown): void {
    const count = group.reduce((n, a) => n + a.count, 0);
    this.log('error', 'vaxelia: could not write decisions to the encrypted buffer', {
      count,
      bufferDir: this.bufferDir,
      error: errorSummary(error),
    });
    for (const append of group) {
      append.reject(
        new DecisionNotRecordedError(
          `Could not write ${append.count} decision(s) to the buffer directory (${errorSummary(error)}).`,
          undefined,
          { cause: error },
        ),
      );
    }
  }

  private async activeSegmentFor(bytes: number): Promise<ActiveSegment> {
    if (this.active && this.active.size > SEGMENT_HEADER_BYTES && this.active.size + bytes > this.segmentMaxBytes) {
      await this.sealActive();
    }
    if (this.active) return this.active;
    const createdAt = this.now();
    const id = `${String(createdAt).padStart(14, '0')}-${this.ownerId}-${this.segmentCounter++}`;
    const path = join(this.ownerDir, `${id}.seg`);
    const handle = await open(path, 'wx', FILE_MODE);
    try {
      const header = encodeSegmentHeader(this.keyIds[0]!, createdAt);
      await handle.write(header, 0, header.length);
      await handle.datasync();
      await fsyncDir(this.ownerDir);
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(path).catch(() => {});
      throw error;
    }
    const state: SegmentState = { id, path, entries: 0, removed: new Set(), pendingAcks: [], sealed: false, foreign: false };
    this.segments.set(id, state);
    this.active = { state, handle, size: SEGMENT_HEADER_BYTES, published: SEGMENT_HEADER_BYTES };
    return this.active;
  }

  private async sealActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    active.state.sealed = true;
    await active.handle.close().catch(() => {});
    await this.maybeDelete(active.state);
  }

  // ---- reading ------------------------------------------------------------------------------

  async *entries(): AsyncGenerator<QueuedEntry> {
    await this.open();
    if (!(await this.releaseHeldBack())) return;
    await this.adoptGoneOwners();
    const cutoff = this.now() - this.retentionMs;
    let purged = 0;
    let oldestPurged: number | undefined;
    try {
      const ids = [...this.segments.keys()].sort();
      for (const id of ids) {
        const state = this.segments.get(id);
        if (!state || state.foreign) continue;
        if (!(await this.checkKey(state))) continue;
        const limit = this.active?.state === state ? this.active.published : undefined;
        let count = 0;
        let complete = true;
        for await (const item of readSegmentFrames(state.path, limit)) {
          if (item.kind === 'bad-tail') {
            await this.quarantineTail(state, item.offset, item.torn);
            break;
          }
          count++;
          if (state.removed.has(item.offset)) continue;
          const ref = { segmentId: id, offset: item.offset };
          if (item.enqueuedAt < cutoff) {
            purged++;
            oldestPurged = Math.min(oldestPurged ?? item.enqueuedAt, item.enqueuedAt);
            this.ack(ref);
            continue;
          }
          const plaintext = decryptEntry(this.readKeys, item.entry);
          if (!plaintext) {
            await this.quarantineEntry(state, item.offset, item.entry, item.enqueuedAt);
            continue;
          }
          yield { ref, body: plaintext.toString('utf8'), enqueuedAt: item.enqueuedAt };
          if (!this.segments.has(id)) {
            complete = false;
            break;
          }
        }
        if (complete && state.sealed && state.entries === undefined) {
          state.entries = count;
          await this.maybeDelete(state);
        }
      }
    } finally {
      if (purged > 0) this.warnPurged(purged, oldestPurged!);
    }
  }

  /**
   * While `afterCommit` keeps failing, nothing may be dispatched (a sealed segment could otherwise
   * expose held-back entries): retry the hook first.
   */
  private async releaseHeldBack(): Promise<boolean> {
    if (!this.headHeldBack || !this.afterCommit) return true;
    try {
      await this.afterCommit(this.committedMark);
    } catch {
      return false;
    }
    this.headHeldBack = false;
    if (this.active) this.active.published = this.active.size;
    return true;
  }

  private warnPurged(count: number, oldest: number): void {
    this.log('warn', 'vaxelia: purged buffered decisions older than the retention', {
      count,
      oldestAgeMs: this.now() - oldest,
      retentionMs: this.retentionMs,
    });
  }

  private async checkKey(state: SegmentState): Promise<boolean> {
    const header = await readSegmentHeader(state.path).catch(() => undefined);
    if (!header) {
      // Not even a segment header: keep the bytes, out of the way.
      await this.quarantineTail(state, 0, false);
      return false;
    }
    if (this.keyIds.some((id) => id.equals(header.keyId))) return true;
    state.foreign = true;
    this.reportForeign(state.path);
    return false;
  }

  private reportForeign(path: string): void {
    this.foreignError ??= new InvalidBufferKeyError(
      'queued decisions were written with a different key; set VAXELIA_BUFFER_KEY (or `previousKeys` / ' +
        'VAXELIA_BUFFER_PREVIOUS_KEYS) to the key that wrote them. Nothing was deleted.',
    );
    if (this.reportedForeign.has(path)) return;
    this.reportedForeign.add(path);
    this.log('error', `vaxelia: ${this.foreignError.message}`, { segment: path, code: this.foreignError.code });
  }

  keyError(): InvalidBufferKeyError | undefined {
    return this.foreignError;
  }

  private async quarantineEntry(state: SegmentState, offset: number, entry: Buffer, enqueuedAt: number): Promise<void> {
    const name = `${state.id}-${offset}.entry`;
    const frame = Buffer.concat([encodeFrameHeader(entry.length, enqueuedAt), entry]);
    await writeFileDurably(join(this.bufferDir, QUARANTINE_DIR, name), frame);
    this.ack({ segmentId: state.id, offset });
    this.log('error', 'vaxelia: a buffered decision failed authentication (tampered or foreign key); quarantined', {
      quarantineFile: name,
    });
    this.onQuarantine?.(1);
  }

  private async quarantineTail(state: SegmentState, offset: number, torn: boolean): Promise<void> {
    if (this.active?.state === state) return; // our own live segment: only its published part is read
    const data = await readFile(state.path);
    const tail = data.subarray(offset);
    if (tail.length > 0) {
      const name = `${state.id}-${offset}.tail`;
      await writeFileDurably(join(this.bufferDir, QUARANTINE_DIR, name), tail);
      this.log(torn ? 'warn' : 'error', 'vaxelia: unreadable bytes at the end of a buffer segment; quarantined', {
        quarantineFile: name,
        bytes: tail.length,
        torn,
      });
      this.onQuarantine?.(1);
    }
    if (offset <= SEGMENT_HEADER_BYTES) {
      // nothing readable was left: the whole file is now in quarantine
      await unlink(state.path).catch(() => {});
      this.segments.delete(state.id);
      return;
    }
    await truncate(state.path, offset);
  }

  /** Set by the delivery service for its metrics. */
  onQuarantine: ((count: number) => void) | undefined;

  // ---- acks -------------------------------------------------------------------------------

  ack(ref: EntryRef): void {
    const state = this.segments.get(ref.segmentId);
    if (!state || state.removed.has(ref.offset)) return;
    state.removed.add(ref.offset);
    state.pendingAcks.push(ref.offset);
    if (state.sealed && state.entries !== undefined && state.removed.size >= state.entries) {
      void this.maybeDelete(state);
      return;
    }
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = undefined;
      void this.flushAcks();
    }, 200).unref();
  }

  isPending(ref: EntryRef): boolean {
    const state = this.segments.get(ref.segmentId);
    return state !== undefined && !state.removed.has(ref.offset);
  }

  flushAcks(): Promise<void> {
    this.ackFlush = this.ackFlush.then(async () => {
      for (const state of this.segments.values()) {
        if (state.pendingAcks.length === 0) continue;
        const offsets = state.pendingAcks;
        state.pendingAcks = [];
        const bytes = Buffer.alloc(offsets.length * 4);
        offsets.forEach((o, i) => {
          bytes.writeUInt32BE(o, i * 4);
        });
        try {
          await appendFile(join(this.bufferDir, ACKS, `${state.id}.ack`), bytes, { mode: FILE_MODE });
        } catch (error) {
          // Lost acks only mean a redelivery, which the endpoint de-duplicates.
          this.log('warn', 'vaxelia: could not persist delivery acknowledgements', { error: errorSummary(error) });
        }
      }
    });
    return this.ackFlush;
  }

  private async maybeDelete(state: SegmentState): Promise<void> {
    if (!state.sealed || state.entries === undefined || state.removed.size < state.entries) return;
    if (!this.segments.has(state.id)) return;
    this.segments.delete(state.id);
    if (this.beforeSegmentDelete) {
      try {
        await this.beforeSegmentDelete();
      } catch (error) {
        // Keep the segment (its entries are all acked: a restart only re-reads it) rather than lose what it proves.
        this.log('warn', 'vaxelia: kept a delivered buffer segment (beforeSegmentDelete hook failed)', { error: errorSummary(error) });
        return;
      }
    }
    await unlink(state.path).catch(() => {});
    await unlink(join(this.bufferDir, ACKS, `${state.id}.ack`)).catch(() => {});
  }

  private async loadAcks(id: string): Promise<Set<number>> {
    try {
      const bytes = await readFile(join(this.bufferDir, ACKS, `${id}.ack`));
      const set = new Set<number>();
      for (let i = 0; i + 4 <= bytes.length; i += 4) set.add(bytes.readUInt32BE(i));
      return set;
    } catch {
      return new Set();
    }
  }

  // ---- adoption of segments whose owner is gone ---------------------------------------------

  private adopting: Promise<void> | undefined;

  private adoptGoneOwners(): Promise<void> {
    this.adopting ??= this.doAdopt().finally(() => {
      this.adopting = undefined;
    });
    return this.adopting;
  }

  private async doAdopt(): Promise<void> {
    let owners: string[];
    try {
      owners = await readdir(this.segmentsRoot);
    } catch {
      return;
    }
    for (const owner of owners) {
      if (owner.startsWith('.') || owner === this.ownerId) continue;
      const dir = join(this.segmentsRoot, owner);
      if ((await ownerState(dir)) !== 'gone') continue;
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        continue;
      }
      for (const file of files) {
        if (!file.endsWith('.seg')) continue;
        const id = file.slice(0, -4);
        const path = join(this.ownerDir, file);
        try {
          await rename(join(dir, file), path); // atomic: exactly one adopter wins
        } catch (error) {
          if (!isErrno(error, 'ENOENT')) this.log('warn', 'vaxelia: could not adopt a buffer segment', { error: errorSummary(error) });
          continue;
        }
        const removed = await this.loadAcks(id);
        const summary = await summarizeSegment(path).catch(() => undefined);
        const state: SegmentState = {
          id,
          path,
          entries: summary?.badTailAt === undefined ? summary?.frames.length : undefined,
          removed,
          pendingAcks: [],
          sealed: true,
          foreign: false,
        };
        this.segments.set(id, state);
        this.log('debug', 'vaxelia: adopted buffer segment of a stopped process', { segment: id });
      }
      await fsyncDir(this.ownerDir).catch(() => {});
      await removeGoneOwnerDir(dir);
    }
  }

  // ---- inspection ---------------------------------------------------------------------------

  depth(): number {
    let n = 0;
    for (const state of this.segments.values()) if (state.entries !== undefined && !state.foreign) n += state.entries - state.removed.size;
    return Math.max(0, n);
  }

  private async allSegmentFiles(): Promise<{ owner: string; id: string; path: string }[]> {
    const result: { owner: string; id: string; path: string }[] = [];
    let owners: string[] = [];
    try {
      owners = await readdir(this.segmentsRoot);
    } catch {
      return result;
    }
    for (const owner of owners) {
      if (owner.startsWith('.')) continue;
      const files = await readdir(join(this.segmentsRoot, owner)).catch(() => [] as string[]);
      for (const file of files) {
        if (file.endsWith('.seg')) result.push({ owner, id: file.slice(0, -4), path: join(this.segmentsRoot, owner, file) });
      }
    }
    return result;
  }

  async status(): Promise<QueueStatus> {
    const status: QueueStatus = {
      bufferDir: this.bufferDir,
      pending: 0,
      pendingBytes: 0,
      oldestPendingAgeMs: undefined,
      segments: 0,
      liveOwnerSegments: 0,
      foreignKeySegments: 0,
      deadLettered: 0,
      deadLetterBytes: 0,
      quarantined: 0,
      quarantineBytes: 0,
    };
    const now = this.now();
    const ownerStates = new Map<string, string>();
    for (const seg of await this.allSegmentFiles()) {
      const summary = await summarizeSegment(seg.path).catch(() => undefined);
      if (!summary) continue;
      status.segments++;
      status.pendingBytes += summary.bytes;
      if (summary.header && !this.keyIds.some((id) => id.equals(summary.header!.keyId))) status.foreignKeySegments++;
      if (seg.owner !== this.ownerId) {
        let state = ownerStates.get(seg.owner);
        if (state === undefined) {
          state = await ownerState(join(this.segmentsRoot, seg.owner));
          ownerStates.set(seg.owner, state);
        }
        if (state !== 'gone') status.liveOwnerSegments++;
      }
      const own = this.segments.get(seg.id);
      const removed = own ? own.removed : await this.loadAcks(seg.id);
      for (const frame of summary.frames) {
        if (removed.has(frame.offset)) continue;
        status.pending++;
        const age = now - frame.enqueuedAt;
        if (status.oldestPendingAgeMs === undefined || age > status.oldestPendingAgeMs) status.oldestPendingAgeMs = age;
      }
    }
    for (const [dir, count, bytes] of [
      [DEAD_LETTER_DIR, 'deadLettered', 'deadLetterBytes'],
      [QUARANTINE_DIR, 'quarantined', 'quarantineBytes'],
    ] as const) {
      const files = await readdir(join(this.bufferDir, dir)).catch(() => [] as string[]);
      for (const file of files) {
        if (file.startsWith('.')) continue;
        const info = await stat(join(this.bufferDir, dir, file)).catch(() => undefined);
        if (!info) continue;
        status[count]++;
        status[bytes] += info.size;
      }
    }
    return status;
  }

  async purge(olderThanMs: number): Promise<{ purged: number; oldestAgeMs: number | undefined }> {
    await this.open();
    await this.adoptGoneOwners();
    const now = this.now();
    const cutoff = now - olderThanMs;
    let purged = 0;
    let oldest: number | undefined;
    for (const state of [...this.segments.values()]) {
      const summary = await summarizeSegment(state.path).catch(() => undefined);
      if (!summary) continue;
      const limit = this.active?.state === state ? this.active.published : Number.POSITIVE_INFINITY;
      for (const frame of summary.frames) {
        if (frame.offset >= limit || state.removed.has(frame.offset) || frame.enqueuedAt >= cutoff) continue;
        purged++;
        oldest = Math.min(oldest ?? frame.enqueuedAt, frame.enqueuedAt);
        this.ack({ segmentId: state.id, offset: frame.offset });
      }
    }
    await this.flushAcks();
    if (purged > 0) this.warnPurged(purged, oldest!);
    return { purged, oldestAgeMs: oldest === undefined ? undefined : now - oldest };
  }

  /**
   * What the segments on disk say after a restart: the newest record per chain (a crash may have
   * lost the head write) and the decision ids still held in segments, queued or recently delivered
   * (so a gateway does not chain a Collector's retry of them a second time).
   */
  async recover(): Promise<RecoveredState> {
    // Adopt first, and scan again if a segment still moves under the scan (another process adopting
    // it): a segment skipped here would hide its chain head (the chain would reuse its seqs) and its
    // decision ids (a gateway would chain a Collector's retry of them twice). A buffer directory
    // that cannot be opened for writing can still be read.
    await this.open().then(
      () => this.adoptGoneOwners(),
      () => undefined,
    );
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.scanSegments();
      } catch (error) {
        if (!isErrno(error, 'ENOENT') || attempt >= 5) throw error;
      }
    }
  }

  private async scanSegments(): Promise<RecoveredState> {
    const heads = new Map<string, { seq: number; hash: string }>();
    const decisionIds = new Set<string>();
    for (const seg of await this.allSegmentFiles()) {
      const header = await readSegmentHeader(seg.path).catch((error: unknown) => {
        if (isErrno(error, 'ENOENT')) throw error;
        return undefined;
      });
      if (!header) continue;
      if (!this.keyIds.some((id) => id.equals(header.keyId))) {
        this.reportForeign(seg.path);
        continue;
      }
      const limit = this.active?.state.path === seg.path ? this.active.size : undefined;
      for await (const item of readSegmentFrames(seg.path, limit)) {
        if (item.kind !== 'frame') break;
        const plaintext = decryptEntry(this.readKeys, item.entry);
        if (!plaintext) continue;
        try {
          const record = JSON.parse(plaintext.toString('utf8')) as { chainId?: unknown; seq?: unknown; hash?: unknown; decisionId?: unknown };
          if (typeof record.decisionId === 'string') decisionIds.add(record.decisionId);
          if (typeof record.chainId !== 'string' || typeof record.seq !== 'number' || typeof record.hash !== 'string') continue;
          const known = heads.get(record.chainId);
          if (!known || record.seq > known.seq) heads.set(record.chainId, { seq: record.seq, hash: record.hash });
        } catch {
          // not a chained record
        }
      }
    }
    return { heads, decisionIds };
  }

  // ---- dead letters -------------------------------------------------------------------------

  async deadLetter(entry: QueuedEntry, status: number, reason: string): Promise<void> {
    const envelope = JSON.stringify({
      status,
      reason: reason.slice(0, 500),
      deadLetteredAt: new Date(this.now()).toISOString(),
      enqueuedAt: new Date(entry.enqueuedAt).toISOString(),
      body: entry.body,
    });
    const name = `${this.now()}-${status}-${entry.ref.segmentId}-${entry.ref.offset}.entry`;
    await writeFileDurably(join(this.bufferDir, DEAD_LETTER_DIR, name), encryptEntry(this.key, Buffer.from(envelope, 'utf8')));
    this.ack(entry.ref);
  }

  // ---- shutdown -----------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (!this.opening) return;
    try {
      await this.opening;
    } catch {
      return;
    }
    await this.sealActive();
    await this.flushAcks();
    await releaseOwnerDir(this.ownerDir);
  }
}

/** Appends `next` to `buffers`, merged with the last one when they are adjacent in one staging buffer. */
function pushCoalesced(buffers: Buffer[], next: Buffer): void {
  const last = buffers[buffers.length - 1];
  if (last && last.buffer === next.buffer && last.byteOffset + last.length === next.byteOffset) {
    buffers[buffers.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + next.length);
  } else {
    buffers.push(next);
  }
}

export { FRAME_HEADER_BYTES };
