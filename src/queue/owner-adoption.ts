import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAcks } from './acks.js';
import { newSegmentState, type QueueContext, segmentsRoot } from './queue-context.js';
import { errorSummary } from '../core/error-summary.js';
import { ownerState, removeGoneOwnerDir } from './owner-lock.js';
import { fsyncDir, isErrno } from './secure-fs.js';
import { summarizeSegment } from './segment-reader.js';

/**
 * Segments of a process that is gone (no lock, or a dead pid on this host) are adopted: renamed
 * into this process's owner directory — rename is atomic, so exactly one adopter wins each segment
 * and no entry is ever delivered by two processes at once. Renaming needs no new space, so a full
 * disk does not stop it. A process that could not create its own owner directory (a read-only or
 * full disk) delivers gone owners' segments where they are instead (see `inPlaceSegments`).
 */
export class OwnerAdoption {
  private running: Promise<void> | undefined;

  constructor(private readonly ctx: QueueContext) {}

  adoptGoneOwners(): Promise<void> {
    this.running ??= this.adopt().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async adopt(): Promise<void> {
    const root = segmentsRoot(this.ctx);
    for (const owner of await goneOwners(this.ctx)) {
      const dir = join(root, owner);
      const files = await readdir(dir).catch(() => [] as string[]);
      for (const file of files) {
        if (!file.endsWith('.seg')) continue;
        const id = file.slice(0, -4);
        let path = join(dir, file);
        if (this.ctx.ownerDir !== '') {
          const target = join(this.ctx.ownerDir, file);
          try {
            await rename(path, target);
            path = target;
          } catch (error) {
            if (isErrno(error, 'ENOENT')) continue; // another process adopted it
            this.ctx.log('warn', 'vaxelia: could not adopt a buffer segment; delivering it in place', { error: errorSummary(error) });
          }
        } else if (this.ctx.segments.has(id)) continue;
        const summary = await summarizeSegment(path).catch(() => undefined);
        this.ctx.segments.set(id, newSegmentState(id, path, { entries: summary?.badBytes === 0 ? summary.frames.length : undefined, removed: await loadAcks(this.ctx, id) }));
        this.ctx.log('debug', 'vaxelia: adopted buffer segment of a stopped process', { segment: id });
      }
      if (this.ctx.ownerDir === '') continue;
      await fsyncDir(this.ctx.ownerDir).catch(() => {});
      await removeGoneOwnerDir(dir);
    }
  }
}

async function goneOwners(ctx: QueueContext): Promise<string[]> {
  const owners = await readdir(segmentsRoot(ctx)).catch(() => [] as string[]);
  const gone: string[] = [];
  for (const owner of owners) {
    if (owner.startsWith('.') || owner === ctx.ownerId) continue;
    if ((await ownerState(join(segmentsRoot(ctx), owner))) === 'gone') gone.push(owner);
  }
  return gone;
}

/** Every segment file under `segments/`, of every owner. */
export async function allSegmentFiles(ctx: QueueContext): Promise<{ owner: string; id: string; path: string }[]> {
  const result: { owner: string; id: string; path: string }[] = [];
  const owners = await readdir(segmentsRoot(ctx)).catch(() => [] as string[]);
  for (const owner of owners) {
    if (owner.startsWith('.')) continue;
    const files = await readdir(join(segmentsRoot(ctx), owner)).catch(() => [] as string[]);
    for (const file of files) {
      if (file.endsWith('.seg')) result.push({ owner, id: file.slice(0, -4), path: join(segmentsRoot(ctx), owner, file) });
    }
  }
  return result;
}
