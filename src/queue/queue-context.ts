import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { InvalidBufferKeyError } from '../errors.js';
import type { Logger } from '../core/logger.js';
import { SEGMENTS_DIR } from './queue-layout.js';

/** What this process knows about one segment file it may deliver from (its own or adopted). */
export interface SegmentState {
  id: string;
  path: string;
  /** Number of frames, once known (always for segments this process wrote). */
  entries: number | undefined;
  /** Offsets of entries no longer pending (delivered, dead-lettered, quarantined, purged). */
  removed: Set<number>;
  /** Offsets acked since the last `flushAcks`. */
  pendingAcks: number[];
  /** No more appends: deleted once every entry is removed. */
  sealed: boolean;
  /** Written with a key this process cannot read. */
  foreign: boolean;
  /**
   * Where the last good frame ends, when a failed append could not be cut off the file: readers in
   * this process stop there (after a restart, recovery resynchronises past the failed bytes).
   */
  goodEnd?: number;
  /** Offsets of unreadable byte ranges already reported (each is logged and quarantined once). */
  reportedBad: Set<number>;
}

/** The segment this process appends to. */
export interface ActiveSegment {
  state: SegmentState;
  handle: FileHandle;
  /** Bytes of the file known to be good frames. */
  size: number;
  /** Bytes of the file whose group passed `afterCommit`: what `entries()` may read. */
  published: number;
}

/** The state the queue's parts share; each part (one file per rule) reads and updates it. */
export interface QueueContext {
  readonly bufferDir: string;
  readonly key: Buffer;
  /** The current key first, then the previous keys (read only). */
  readonly readKeys: readonly Buffer[];
  readonly keyIds: readonly Buffer[];
  readonly log: Logger;
  readonly now: () => number;
  readonly retentionMs: number;
  readonly ownerId: string;
  /** `segments/<ownerId>`, set once the owner lock exists ('' before). */
  ownerDir: string;
  readonly segments: Map<string, SegmentState>;
  active: ActiveSegment | undefined;
  beforeSegmentDelete: (() => Promise<void>) | undefined;
  onQuarantine: ((count: number) => void) | undefined;
  /** Set once a segment written with an unknown key was seen. */
  foreignError: InvalidBufferKeyError | undefined;
  readonly reportedForeign: Set<string>;
}

export function segmentsRoot(ctx: QueueContext): string {
  return join(ctx.bufferDir, SEGMENTS_DIR);
}

export function newSegmentState(id: string, path: string, fields: Partial<SegmentState> = {}): SegmentState {
  return { id, path, entries: undefined, removed: new Set(), pendingAcks: [], sealed: true, foreign: false, reportedBad: new Set(), ...fields };
}

/** How far readers of this process may read a segment: the published part of the active one, the good part of a failed one. */
export function readLimit(ctx: QueueContext, state: SegmentState): number | undefined {
  if (ctx.active?.state === state) return ctx.active.published;
  return state.goodEnd;
}

export function isKnownKey(ctx: QueueContext, keyId: Buffer): boolean {
  return ctx.keyIds.some((id) => id.equals(keyId));
}
