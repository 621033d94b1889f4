import { randomBytes } from 'node:crypto';
import { readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DIR_MODE, ensurePrivateDir, FILE_MODE, fsyncDir, isErrno } from './secure-fs.js';

/**
 * Each process writes into its own owner directory `segments/<ownerId>/`, holding `owner.lock`
 * (pid + host). The directory is created under a `.tmp-` name and renamed once the lock is inside,
 * so no other process ever sees an owner directory without its lock while the owner lives.
 * A directory whose owner is gone (no lock, or a dead pid on this host) may be adopted: its segment
 * files are renamed into the adopter's directory — rename is atomic, so exactly one process wins
 * each segment and no entry is ever delivered concurrently by two processes.
 */
export const OWNER_LOCK = 'owner.lock';

export function newOwnerId(): string {
  return `${process.pid}x${randomBytes(4).toString('hex')}`;
}

export async function createOwnerDir(segmentsRoot: string, ownerId: string): Promise<string> {
  const temp = join(segmentsRoot, `.tmp-${ownerId}`);
  await ensurePrivateDir(temp);
  // The temporary directory is this process's alone, so the lock is simply (re)written: a first try
  // on a full disk can leave an empty lock file behind, and an exclusive create ('wx') then failed
  // every later try with EEXIST — the queue never opened once space came back.
  await writeFile(join(temp, OWNER_LOCK), `${process.pid}\n${hostname()}\n`, { mode: FILE_MODE });
  const dir = join(segmentsRoot, ownerId);
  await rename(temp, dir);
  await fsyncDir(segmentsRoot);
  return dir;
}

export async function releaseOwnerDir(dir: string): Promise<void> {
  await unlink(join(dir, OWNER_LOCK)).catch(() => {});
  await rmdir(dir).catch(() => {}); // stays when segments remain: adoptable by the next process
}

export type OwnerState = 'alive' | 'gone' | 'unknown';

export async function ownerState(dir: string): Promise<OwnerState> {
  let text: string;
  try {
    text = await readFile(join(dir, OWNER_LOCK), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    return 'unknown';
  }
  const [pidText, host] = text.split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return 'gone';
  if (host !== hostname()) return 'unknown'; // never judge a process of another machine
  return isPidAlive(pid) ? 'alive' : 'gone';
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/** Removes a gone owner's directory once it is empty (best effort; another adopter may race). */
export async function removeGoneOwnerDir(dir: string): Promise<void> {
  try {
    await stat(dir);
  } catch {
    return;
  }
  await unlink(join(dir, OWNER_LOCK)).catch(() => {});
  await rmdir(dir).catch(() => {});
}

export { DIR_MODE };
