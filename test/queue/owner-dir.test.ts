import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOwnerDir, newOwnerId, OWNER_LOCK, ownerState } from '../../src/queue/owner-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('owner directory', () => {
  it('opens on a later try after a first try left an empty lock file behind (a full disk at start)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vx-owner-'));
    dirs.push(root);
    const ownerId = newOwnerId();
    // What ENOSPC during the first writeFile leaves: the temporary directory and an empty lock.
    mkdirSync(join(root, `.tmp-${ownerId}`), { mode: 0o700 });
    writeFileSync(join(root, `.tmp-${ownerId}`, OWNER_LOCK), '');
    const dir = await createOwnerDir(root, ownerId);
    expect(dir).toBe(join(root, ownerId));
    expect(readFileSync(join(dir, OWNER_LOCK), 'utf8')).toContain(`${process.pid}\n`);
    expect(await ownerState(dir)).toBe('alive');
  });
});
