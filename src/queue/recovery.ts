import { decryptEntry } from './entry-cipher.js';
import { allSegmentFiles } from './owner-adoption.js';
import { isKnownKey, type QueueContext } from './queue-context.js';
import type { RecoveredState } from './queue-types.js';
import { reportForeignKey } from './quarantine.js';
import { isErrno } from './secure-fs.js';
import { readSegmentFrames, readSegmentHeader } from './segment-reader.js';

/**
 * What the segments on disk say after a restart: the newest record per chain (a crash may have
 * lost the head write) and the decision ids still held in segments, queued or recently delivered
 * (so a gateway does not chain a Collector's retry of them a second time). Every owner's segments
 * are read, past any bad spot (segment-reader.ts resynchronises), so no good record is missed.
 * A segment that moves under the scan (another process adopting it) makes the scan start over.
 */
export async function recoverFromSegments(ctx: QueueContext): Promise<RecoveredState> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await scanSegments(ctx);
    } catch (error) {
      if (!isErrno(error, 'ENOENT') || attempt >= 5) throw error;
    }
  }
}

async function scanSegments(ctx: QueueContext): Promise<RecoveredState> {
  const heads = new Map<string, { seq: number; hash: string }>();
  const decisionIds = new Set<string>();
  for (const seg of await allSegmentFiles(ctx)) {
    const header = await readSegmentHeader(seg.path).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) throw error;
      return undefined;
    });
    if (!header) continue;
    if (!isKnownKey(ctx, header.keyId)) {
      reportForeignKey(ctx, seg.path);
      continue;
    }
    const limit = ctx.active?.state.path === seg.path ? ctx.active.size : undefined;
    for await (const item of readSegmentFrames(seg.path, { limit, open: (entry) => decryptEntry(ctx.readKeys, entry) })) {
      if (item.kind !== 'frame' || !item.plaintext) continue;
      try {
        const record = JSON.parse(item.plaintext.toString('utf8')) as { chainId?: unknown; seq?: unknown; hash?: unknown; decisionId?: unknown };
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
