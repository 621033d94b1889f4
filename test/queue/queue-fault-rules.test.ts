/**
 * The queue's fault rules, each with real files: a good frame after a bad one is never discarded
 * (resync), a failed append is cut back before anything else is written, a fully delivered segment
 * is deleted even while it is the one being appended to, status counts agree with the files.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEncryptedQueue, type EncryptedQueue, type QueuedEntry } from '../../src/queue/encrypted-queue.js';
import { makeDecision, TEST_KEY } from '../delivery/support/decision-endpoint.js';

const dirs: string[] = [];
const queues: EncryptedQueue[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vx-queue-rules-'));
  dirs.push(dir);
  return join(dir, 'buffer');
}
function queue(bufferDir: string, logs: string[] = []): EncryptedQueue {
  const q = createEncryptedQueue({ bufferKey: TEST_KEY, bufferDir, logger: (level, msg) => logs.push(`${level} ${msg}`) });
  queues.push(q);
  return q;
}
async function collect(q: EncryptedQueue): Promise<QueuedEntry[]> {
  const out: QueuedEntry[] = [];
  for await (const e of q.entries()) out.push(e);
  return out;
}
function segmentFiles(bufferDir: string): string[] {
  const root = join(bufferDir, 'segments');
  return readdirSync(root).flatMap((owner) =>
    readdirSync(join(root, owner))
      .filter((f) => f.endsWith('.seg'))
      .map((f) => join(root, owner, f)),
  );
}
const ids = (entries: QueuedEntry[]) => entries.map((e) => (JSON.parse(e.body) as { decisionId: string }).decisionId);

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close().catch(() => {});
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('queue fault rules', () => {
  it('recovery resynchronises after a bad spot in the middle: every good frame after it is delivered', async () => {
    const bufferDir = tempDir();
    const writer = queue(bufferDir);
    await writer.append([0, 1, 2].map((i) => JSON.stringify(makeDecision(i))));
    await writer.close();
    // What the full-disk bug left: a torn frame (a valid header, half an entry) in the middle...
    const [segment] = segmentFiles(bufferDir);
    const bytes = statSync(segment!).size;
    const torn = Buffer.alloc(700, 0x5a);
    appendFileSync(segment!, torn);
    // ...with good frames appended after it by a later process.
    const later = queue(bufferDir);
    await later.append([3, 4].map((i) => JSON.stringify(makeDecision(i))));
    await later.close();
    for (const file of segmentFiles(bufferDir)) if (file !== segment) appendFileSync(segment!, readSegmentBody(file));
    const logs: string[] = [];
    const reader = queue(bufferDir, logs);
    const got = ids(await collect(reader));
    // 0..2 from the first segment, 3,4 from the second file and again as the copies behind the bad spot.
    expect(new Set(got)).toEqual(new Set([0, 1, 2, 3, 4].map((i) => makeDecision(i).decisionId)));
    expect(got.filter((id) => id === makeDecision(3).decisionId).length).toBe(2);
    expect(logs.some((l) => l.includes('unreadable bytes') && l.includes('resumed'))).toBe(true);
    const quarantined = readdirSync(join(bufferDir, 'quarantine'));
    expect(quarantined.some((f) => f.endsWith(`-${bytes}.bad`))).toBe(true);
  });

  it('a fully delivered segment is deleted even while it is the one being appended to', async () => {
    const bufferDir = tempDir();
    const q = queue(bufferDir);
    const { refs } = await q.append([0, 1, 2].map((i) => JSON.stringify(makeDecision(i))));
    expect(segmentFiles(bufferDir)).toHaveLength(1);
    for (const ref of refs) q.ack(ref);
    await waitFor(() => segmentFiles(bufferDir).length === 0);
    const status = await q.status();
    expect(status).toMatchObject({ pending: 0, pendingBytes: 0, segments: 0, segmentBytes: 0 });
    // The next append starts a new segment.
    await q.append([JSON.stringify(makeDecision(3))]);
    expect(ids(await collect(q))).toEqual([makeDecision(3).decisionId]);
  });

  it('status: pendingBytes counts pending frames, segmentBytes the files', async () => {
    const bufferDir = tempDir();
    const q = queue(bufferDir);
    const { refs } = await q.append([0, 1, 2, 3].map((i) => JSON.stringify(makeDecision(i))));
    q.ack(refs[0]!);
    const status = await q.status();
    const fileBytes = segmentFiles(bufferDir).reduce((n, f) => n + statSync(f).size, 0);
    expect(status.pending).toBe(3);
    expect(status.segmentBytes).toBe(fileBytes);
    expect(status.pendingBytes).toBeLessThan(fileBytes);
    expect(status.pendingBytes).toBeGreaterThan(0);
  });

  it('a full disk: failed appends leave nothing behind, delivered segments give the space back, appends work again', async (ctx) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'vx-tmpfs-rules-'));
    dirs.push(mountPoint);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=700', 'tmpfs', mountPoint]).status !== 0) {
      // Not root: the same rule is covered by the torture suite's full-disk scenario, which requires root.
      ctx.skip();
    }
    try {
      const q = queue(join(mountPoint, 'buffer'));
      const pad = 'x'.repeat(20_000);
      const accepted: QueuedEntry['ref'][] = [];
      let failed = 0;
      for (let i = 0; i < 30; i++) {
        try {
          accepted.push(...(await q.append([JSON.stringify(makeDecision(i, { pad }))])).refs);
        } catch {
          failed++;
        }
      }
      expect(failed).toBeGreaterThan(0);
      const got = await collect(q);
      expect(got).toHaveLength(accepted.length);
      for (const entry of got) q.ack(entry.ref);
      // Every entry delivered: the (active) segment is deleted, and the next append fits again.
      await expect(q.append([JSON.stringify(makeDecision(99, { pad }))])).resolves.toMatchObject({ dispatchable: true });
      expect(ids(await collect(q))).toEqual([makeDecision(99).decisionId]);
    } finally {
      for (const q of queues.splice(0)) await q.close().catch(() => {});
      spawnSync('umount', [mountPoint]);
    }
  });
});

/** The frames of a segment file, without its 24-byte header. */
function readSegmentBody(file: string): Buffer {
  return readFileSync(file).subarray(24);
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
