import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordedIdsJournal } from '../../src/gateway/recorded-ids-journal.js';
import { decisionIdFor } from '../../src/mapping/decision-id.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-ids-journal-'));
  dirs.push(dir);
  return join(dir, 'gateway');
}

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => decisionIdFor((from + i).toString(16).padStart(32, '0'), 'a'.repeat(16)));

async function open(dir: string, capacity = 100, alsoKnown: string[] = []) {
  const errors: unknown[] = [];
  const opened = await RecordedIdsJournal.open({ dir, chainId: 'chain-1', capacity, alsoKnown, onError: (e) => errors.push(e) });
  return { ...opened, errors };
}

describe('RecordedIdsJournal', () => {
  it('remembers appended ids across a reopen, plus the ids the queue still holds', async () => {
    const dir = tempDir();
    const first = await open(dir);
    expect(first.ids).toEqual([]);
    await first.journal.append(ids(0, 3));
    await first.journal.append(ids(3, 2));
    // No close: a kill -9 leaves the page cache, which a reopen reads.
    const second = await open(dir, 100, ids(100, 2));
    expect(second.ids).toEqual([...ids(0, 5), ...ids(100, 2)]);
    expect(second.errors).toEqual([]);
    await first.journal.close();
    await second.journal.close();
  });

  it('keeps at most two generations of `capacity` ids, dropping the oldest', async () => {
    const dir = tempDir();
    const { journal } = await open(dir, 4);
    for (let i = 0; i < 10; i++) await journal.append(ids(i, 1));
    await journal.close();
    const reopened = await open(dir, 4);
    // Two generations of ≤ 4 hold the newest ids; the reopen keeps the newest `capacity` of them.
    expect(reopened.ids).toEqual(ids(6, 4));
    const sizes = readdirSync(dir).map((f) => statSync(join(dir, f)).size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4 * 16);
    await reopened.journal.close();
  });

  it('drops a torn last id (a crash mid-write) and appends cleanly after it', async () => {
    const dir = tempDir();
    const { journal } = await open(dir);
    await journal.append(ids(0, 2));
    await journal.close();
    appendFileSync(join(dir, 'chain-1.ids'), Buffer.from([1, 2, 3, 4, 5]));
    const reopened = await open(dir);
    expect(reopened.ids).toEqual(ids(0, 2));
    await reopened.journal.append(ids(2, 1));
    await reopened.journal.close();
    expect((await open(dir)).ids).toEqual(ids(0, 3));
  });

  it('ignores ids that are not decision ids, and files are private', async () => {
    const dir = tempDir();
    const { journal } = await open(dir, 10, ['not-a-uuid']);
    await journal.append(['../../etc/passwd', ids(0, 1)[0]!]);
    await journal.close();
    expect((await open(dir)).ids).toEqual(ids(0, 1));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });

  it('reports a write failure once and never rejects', async () => {
    const dir = tempDir();
    const { journal, errors } = await open(dir, 1);
    await journal.append(ids(0, 1));
    await rm(dir, { recursive: true }); // the next append must rotate, and the rename fails
    await expect(journal.append(ids(1, 1))).resolves.toBeUndefined();
    await expect(journal.append(ids(2, 1))).resolves.toBeUndefined();
    await expect(journal.sync()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
