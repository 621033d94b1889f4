import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionNotRecordedError, InvalidBufferKeyError, MissingBufferKeyError } from '../../src/errors.js';
import { AppendFailedError, createEncryptedQueue, type EncryptedQueue, type QueuedEntry, recordsMayRemain } from '../../src/queue/encrypted-queue.js';
import { makeDecision, OTHER_KEY, TEST_KEY } from '../delivery/support/decision-endpoint.js';

const dirs: string[] = [];
const queues: EncryptedQueue[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vx-queue-'));
  dirs.push(dir);
  return join(dir, 'buffer');
}
function queue(options: Parameters<typeof createEncryptedQueue>[0]): EncryptedQueue {
  const q = createEncryptedQueue({ bufferKey: TEST_KEY, logger: () => {}, ...options });
  queues.push(q);
  return q;
}
async function collect(q: EncryptedQueue): Promise<QueuedEntry[]> {
  const out: QueuedEntry[] = [];
  for await (const e of q.entries()) out.push(e);
  return out;
}
function walk(dir: string): string[] {
  const out: string[] = [dir];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}
/** A pid that certainly belongs to no live process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close().catch(() => {});
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('encrypted queue', () => {
  it('fails closed on a missing or malformed key, naming the option and variable, never the value', () => {
    const env = {};
    expect(() => createEncryptedQueue({ env })).toThrow(MissingBufferKeyError);
    const short = Buffer.alloc(16, 1).toString('base64');
    try {
      createEncryptedQueue({ bufferKey: short, env });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidBufferKeyError);
      expect(String((error as Error).message)).toContain('VAXELIA_BUFFER_KEY');
      expect(String((error as Error).stack)).not.toContain(short);
    }
    expect(() => createEncryptedQueue({ bufferKey: 'not base64 !!', env })).toThrow(InvalidBufferKeyError);
    expect(() => createEncryptedQueue({ env: { VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: tempDir() } })).not.toThrow();
  });

  it('round-trips entries, encrypted, with private modes and no plaintext on disk', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    const bodies = Array.from({ length: 50 }, (_, i) => JSON.stringify(makeDecision(i)));
    const results = await Promise.all(bodies.map((b) => q.append([b])));
    expect(results.every((r) => r.dispatchable)).toBe(true);
    const entries = await collect(q);
    expect(entries.map((e) => e.body)).toEqual(bodies);
    expect(q.depth()).toBe(50);
    await q.close();
    for (const path of walk(dir)) {
      const mode = statSync(path).mode & 0o777;
      expect([path, mode.toString(8)]).toEqual([path, statSync(path).isDirectory() ? '700' : '600']);
      if (statSync(path).isFile()) {
        const bytes = readFileSync(path);
        for (const needle of ['PROMPT-CANARY', 'jane.doe', 'example.com', 'gpt-test', 'dec-1']) {
          expect(bytes.includes(Buffer.from(needle))).toBe(false);
        }
      }
    }
  });

  it('round-trips bodies whose UTF-8 size differs from their length (multi-byte, lone surrogates), in batches and alone', async () => {
    const q = queue({ bufferDir: tempDir() });
    const bodies = ['{"a":"héllo wörld ✓ 日本語 😀"}', '{"lone":"\ud800 and \udfff"}', '', 'x'.repeat(70_000)];
    await Promise.all([q.append(bodies), ...bodies.map((b) => q.append([b]))]);
    const expected = bodies.map((b) => Buffer.from(b, 'utf8').toString('utf8'));
    expect((await collect(q)).map((e) => e.body)).toEqual([...expected, ...expected]);
  });

  it('groups concurrent appends into few fsyncs (one afterCommit per group)', async () => {
    let groups = 0;
    const q = queue({
      bufferDir: tempDir(),
      afterCommit: async () => {
        groups++;
      },
    });
    await Promise.all(Array.from({ length: 2000 }, (_, i) => q.append([JSON.stringify(makeDecision(i))])));
    expect(groups).toBeGreaterThan(0);
    expect(groups).toBeLessThan(100);
    expect(q.depth()).toBe(2000);
  });

  it('hands afterCommit the mark of the newest durable append, in commit order', async () => {
    const seen: unknown[] = [];
    const q = queue({
      bufferDir: tempDir(),
      afterCommit: async (mark) => {
        seen.push(mark);
      },
    });
    // Appends issued in one tick share a group: its hook sees the last of their marks.
    await Promise.all([q.append(['"a"'], 1), q.append(['"b"'], 2), q.append(['"c"'])]);
    await q.append(['"d"'], 3);
    // An append without a mark keeps the newest one known.
    await q.append(['"e"']);
    expect(seen).toEqual([2, 3, 3]);
  });

  it('persists acks: a new process does not see acked entries', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    await q.append([1, 2, 3, 4].map((n) => JSON.stringify(makeDecision(n))));
    const first = await collect(q);
    q.ack(first[0]!.ref);
    q.ack(first[2]!.ref);
    await q.close();
    const next = queue({ bufferDir: dir });
    const rest = await collect(next);
    expect(rest.map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-2', 'dec-4']);
    for (const e of rest) next.ack(e.ref);
    await next.close();
    const status = await queue({ bufferDir: dir }).status();
    expect(status.pending).toBe(0);
    expect(status.segments).toBe(0);
  });

  it('quarantines an entry with a flipped byte and keeps draining the others', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    await q.append([1, 2, 3].map((n) => JSON.stringify(makeDecision(n))));
    await q.close();
    const ownerDir = join(dir, 'segments', readdirSync(join(dir, 'segments'))[0]!);
    const seg = join(ownerDir, readdirSync(ownerDir).find((f) => f.endsWith('.seg'))!);
    const bytes = readFileSync(seg);
    // Flip one ciphertext byte of the middle entry (header 24 + frame 1; +16 frame header +20 into the entry).
    const firstLen = bytes.readUInt32BE(24);
    const second = 24 + 16 + firstLen;
    bytes[second + 16 + 20]! ^= 0x01;
    writeFileSync(seg, bytes);
    const logs: string[] = [];
    const next = queue({ bufferDir: dir, logger: (level, msg) => logs.push(`${level} ${msg}`) });
    let quarantined = 0;
    next.onQuarantine = (n) => {
      quarantined += n;
    };
    const got = await collect(next);
    expect(got.map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1', 'dec-3']);
    expect(quarantined).toBe(1);
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1);
    expect(logs.some((l) => l.startsWith('error') && l.includes('quarantined'))).toBe(true);
    expect((await next.status()).quarantined).toBe(1);
  });

  it('passes over entries the caller holds without opening them (a flipped byte in a held entry goes unnoticed until it is not held)', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    await q.append([1, 2, 3].map((n) => JSON.stringify(makeDecision(n))));
    const refs = (await collect(q)).map((e) => e.ref);
    await q.close();
    const ownerDir = join(dir, 'segments', readdirSync(join(dir, 'segments'))[0]!);
    const seg = join(ownerDir, readdirSync(ownerDir).find((f) => f.endsWith('.seg'))!);
    const bytes = readFileSync(seg);
    bytes[refs[1]!.offset + 16 + 20]! ^= 0x01;
    writeFileSync(seg, bytes);
    const next = queue({ bufferDir: dir });
    let quarantined = 0;
    next.onQuarantine = (n) => {
      quarantined += n;
    };
    const held = (ref: { offset: number }) => ref.offset === refs[1]!.offset;
    const passed: QueuedEntry[] = [];
    for await (const e of next.entries({ held })) passed.push(e);
    // Had the held entry been decrypted, it would have failed authentication and been quarantined.
    expect(passed.map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1', 'dec-3']);
    expect(quarantined).toBe(0);
    expect((await collect(next)).map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1', 'dec-3']);
    expect(quarantined).toBe(1);
  });

  it('a wrong key yields a clear error naming VAXELIA_BUFFER_KEY and deletes nothing', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    await q.append([JSON.stringify(makeDecision(1))]);
    await q.close();
    const before = walk(dir).filter((p) => statSync(p).isFile()).map((p) => [p.split('/').pop(), readFileSync(p).toString('hex')]);
    const logs: string[] = [];
    const wrong = queue({ bufferDir: dir, bufferKey: OTHER_KEY, logger: (level, msg) => logs.push(`${level} ${msg}`) });
    expect(await collect(wrong)).toEqual([]);
    const error = wrong.keyError();
    expect(error).toBeInstanceOf(InvalidBufferKeyError);
    expect(error!.message).toContain('VAXELIA_BUFFER_KEY');
    expect(logs.join('\n')).toContain('VAXELIA_BUFFER_KEY');
    expect(logs.join('\n')).not.toContain(OTHER_KEY);
    expect((await wrong.status()).foreignKeySegments).toBe(1);
    await wrong.close();
    const after = walk(dir).filter((p) => statSync(p).isFile()).map((p) => [p.split('/').pop(), readFileSync(p).toString('hex')]);
    expect(after.map((a) => a[1])).toEqual(expect.arrayContaining(before.map((b) => b[1])));
    // After a rotation the old key is accepted for reading.
    const rotated = queue({ bufferDir: dir, bufferKey: OTHER_KEY, previousKeys: [TEST_KEY] });
    expect((await collect(rotated)).map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1']);
  });

  it('purges entries older than the retention with a WARN (count, oldest age)', async () => {
    let now = Date.now();
    const dir = tempDir();
    const q = queue({ bufferDir: dir, now: () => now });
    await q.append([JSON.stringify(makeDecision(1)), JSON.stringify(makeDecision(2))]);
    now += 60_000;
    await q.append([JSON.stringify(makeDecision(3))]);
    await q.close();
    now += 1000;
    const warnings: Record<string, unknown>[] = [];
    const next = queue({
      bufferDir: dir,
      now: () => now,
      retentionMs: 30_000,
      logger: (level, _msg, fields) => {
        if (level === 'warn') warnings.push(fields ?? {});
      },
    });
    expect((await collect(next)).map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-3']);
    expect(warnings).toEqual([expect.objectContaining({ count: 2, oldestAgeMs: 61_000 })]);
    // Explicit purge (the CLI's `buffer purge --older-than`).
    now += 10_000;
    expect(await next.purge(5_000)).toEqual({ purged: 1, oldestAgeMs: 11_000 });
    expect((await next.status()).pending).toBe(0);
  });

  it('adopts the segments of a dead process, drops a torn tail into quarantine, and leaves live owners alone', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    await q.append([1, 2].map((n) => JSON.stringify(makeDecision(n))));
    await q.close();
    // Pretend the writer died mid-append: a lock with a dead pid and a torn frame at the end.
    const [owner] = readdirSync(join(dir, 'segments'));
    const ownerDir = join(dir, 'segments', owner!);
    await writeFile(join(ownerDir, 'owner.lock'), `${deadPid()}\n${hostname()}\n`, { mode: 0o600 });
    const seg = join(ownerDir, readdirSync(ownerDir).find((f) => f.endsWith('.seg'))!);
    const bytes = readFileSync(seg);
    const firstFrame = bytes.subarray(24, 24 + 16 + bytes.readUInt32BE(24));
    writeFileSync(seg, Buffer.concat([bytes, firstFrame.subarray(0, 30)]));
    // A live owner (this very process) with a segment: never adopted.
    const live = queue({ bufferDir: dir });
    await live.append([JSON.stringify(makeDecision(99))]);

    const adopter = queue({ bufferDir: dir });
    const got = await collect(adopter);
    expect(got.map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1', 'dec-2']);
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1);
    expect(readdirSync(join(dir, 'segments'))).not.toContain(owner);
    const status = await adopter.status();
    expect(status.pending).toBe(3);
    expect(status.liveOwnerSegments).toBe(1);
  });

  it('recovers the newest queued record per chain from every owner', async () => {
    const dir = tempDir();
    const q = queue({ bufferDir: dir });
    await q.append([0, 1, 2].map((n) => JSON.stringify(makeDecision(n, { hash: `a${n}` }))));
    await q.append([0, 1].map((n) => JSON.stringify(makeDecision(n, { chainId: 'chain-b', hash: `b${n}` }))));
    await q.close();
    const heads = (await queue({ bufferDir: dir }).recover()).heads;
    expect(heads).toEqual(
      new Map([
        ['chain-a', { seq: 2, hash: 'a2' }],
        ['chain-b', { seq: 1, hash: 'b1' }],
      ]),
    );
  });

  it('holds entries back when afterCommit fails, and releases them after a later success', async () => {
    let fail = true;
    const q = queue({
      bufferDir: tempDir(),
      afterCommit: async () => {
        if (fail) throw new Error('head write failed');
      },
    });
    const first = await q.append([JSON.stringify(makeDecision(1))]);
    expect(first.dispatchable).toBe(false);
    expect(await collect(q)).toEqual([]);
    fail = false;
    // A drain retries the hook first, then releases what was held back.
    expect((await collect(q)).map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1']);
    const second = await q.append([JSON.stringify(makeDecision(2))]);
    expect(second.dispatchable).toBe(true);
    expect((await collect(q)).map((e) => JSON.parse(e.body).decisionId)).toEqual(['dec-1', 'dec-2']);
  });

  // The queue does not log the failure itself: the caller decides "not recorded" once (pipeline/not-recorded.ts).
  it('rejects with an AppendFailedError (nothing left on disk) when the directory cannot be written', async () => {
    const base = tempDir();
    await mkdir(join(base, '..'), { recursive: true });
    const file = join(base, '..', 'not-a-dir');
    await writeFile(file, 'x');
    const logs: string[] = [];
    const q = queue({ bufferDir: join(file, 'buffer'), logger: (level, msg) => logs.push(`${level} ${msg}`) });
    const error = await q.append([JSON.stringify(makeDecision(1))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionNotRecordedError);
    expect(error).toBeInstanceOf(AppendFailedError);
    expect(recordsMayRemain(error)).toBe(false);
    expect(logs).toEqual([]);
  });

  it('rejects with DecisionNotRecordedError when the disk is full (tiny tmpfs), then recovers', async (ctx) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'vx-tmpfs-'));
    dirs.push(mountPoint);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=700', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) ctx.skip();
    try {
      const logs: string[] = [];
      const q = queue({ bufferDir: join(mountPoint, 'buffer'), logger: (level, msg) => logs.push(`${level} ${msg}`) });
      const big = 'x'.repeat(20_000);
      let failures = 0;
      let successes = 0;
      for (let i = 0; i < 40; i++) {
        try {
          await q.append([JSON.stringify(makeDecision(i, { pad: big }))]);
          successes++;
        } catch (error) {
          expect(error).toBeInstanceOf(DecisionNotRecordedError);
          expect(recordsMayRemain(error)).toBe(false); // cut back: no part of it stays in the segment
          failures++;
        }
      }
      expect(successes).toBeGreaterThan(0);
      expect(failures).toBeGreaterThan(0);
      // Everything that was acknowledged is readable; nothing torn is served.
      const got = await collect(q);
      expect(got).toHaveLength(successes);
      await q.close();
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});

