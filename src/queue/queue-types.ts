import type { InvalidBufferKeyError } from '../errors.js';
import type { Logger } from '../core/logger.js';

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
  /** Entries not yet delivered, dead-lettered, quarantined or purged. */
  pending: number;
  /** Bytes of those pending entries (frames), not of the files that hold them. */
  pendingBytes: number;
  oldestPendingAgeMs: number | undefined;
  segments: number;
  /** Bytes of the segment files on disk (delivered entries included until their segment is deleted). */
  segmentBytes: number;
  /** Segments held by another live process (counted above, not drainable here). */
  liveOwnerSegments: number;
  /** Segments written with a key that is neither `bufferKey` nor one of `previousKeys`. */
  foreignKeySegments: number;
  deadLettered: number;
  deadLetterBytes: number;
  quarantined: number;
  quarantineBytes: number;
}

/** One dead-lettered decision, decrypted (for `buffer redrive`). */
export interface DeadLetter {
  /** File name inside `<bufferDir>/dead-letter/`: pass it to `removeDeadLetter`. */
  name: string;
  status: number;
  reason: string;
  deadLetteredAt: string;
  enqueuedAt: string;
  /** The exact JSON body that was rejected. */
  body: string;
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
   * Entries for which `held` returns true (the caller is sending them from memory) are passed over
   * without being decrypted.
   */
  entries(options?: { held?: (ref: EntryRef) => boolean }): AsyncIterable<QueuedEntry>;
  /** Removes an entry from the queue (delivered); persisted lazily (a redelivery after a crash is fine). */
  ack(ref: EntryRef): void;
  /** Moves an entry to the encrypted dead-letter folder with the HTTP status and a short reason. */
  deadLetter(entry: QueuedEntry, status: number, reason: string): Promise<void>;
  /** The dead letters in the folder, decrypted with the current or a previous key; unreadable ones are skipped. */
  deadLetters(): AsyncIterable<DeadLetter>;
  /** Deletes one dead letter (after `buffer redrive` queued it again). */
  removeDeadLetter(name: string): Promise<void>;
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
