import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAcks } from './acks.js';
import { decryptEntry } from './entry-cipher.js';
import { allSegmentFiles } from './owner-adoption.js';
import { ownerState } from './owner-lock.js';
import { isKnownKey, type QueueContext, segmentsRoot } from './queue-context.js';
import { DEAD_LETTER_DIR, QUARANTINE_DIR } from './queue-layout.js';
import type { QueueStatus } from './queue-types.js';
import { summarizeSegment } from './segment-reader.js';

/**
 * Counts, ages and sizes of what is on disk — never content. `pending` and `pendingBytes` count the
 * frames not yet acked; `segmentBytes` is what the segment files take (delivered frames stay in
 * their file until the whole segment is delivered and deleted), so the figures add up with `du`.
 */
export async function queueStatus(ctx: QueueContext): Promise<QueueStatus> {
  const status: QueueStatus = {
    bufferDir: ctx.bufferDir,
    pending: 0,
    pendingBytes: 0,
    oldestPendingAgeMs: undefined,
    segments: 0,
    segmentBytes: 0,
    liveOwnerSegments: 0,
    foreignKeySegments: 0,
    deadLettered: 0,
    deadLetterBytes: 0,
    quarantined: 0,
    quarantineBytes: 0,
  };
  const now = ctx.now();
  const ownerStates = new Map<string, string>();
  for (const seg of await allSegmentFiles(ctx)) {
    const summary = await summarizeSegment(seg.path, (entry) => decryptEntry(ctx.readKeys, entry)).catch(() => undefined);
    if (!summary) continue;
    status.segments++;
    status.segmentBytes += summary.bytes;
    if (summary.header && !isKnownKey(ctx, summary.header.keyId)) status.foreignKeySegments++;
    if (seg.owner !== ctx.ownerId) {
      let state = ownerStates.get(seg.owner);
      if (state === undefined) {
        state = await ownerState(join(segmentsRoot(ctx), seg.owner));
        ownerStates.set(seg.owner, state);
      }
      if (state !== 'gone') status.liveOwnerSegments++;
    }
    const removed = ctx.segments.get(seg.id)?.removed ?? (await loadAcks(ctx, seg.id));
    for (const frame of summary.frames) {
      if (removed.has(frame.offset)) continue;
      status.pending++;
      status.pendingBytes += frame.bytes;
      const age = now - frame.enqueuedAt;
      if (status.oldestPendingAgeMs === undefined || age > status.oldestPendingAgeMs) status.oldestPendingAgeMs = age;
    }
  }
  for (const [dir, count, bytes] of [
    [DEAD_LETTER_DIR, 'deadLettered', 'deadLetterBytes'],
    [QUARANTINE_DIR, 'quarantined', 'quarantineBytes'],
  ] as const) {
    const files = await readdir(join(ctx.bufferDir, dir)).catch(() => [] as string[]);
    for (const file of files) {
      if (file.startsWith('.')) continue;
      const info = await stat(join(ctx.bufferDir, dir, file)).catch(() => undefined);
      if (!info) continue;
      status[count]++;
      status[bytes] += info.size;
    }
  }
  return status;
}
