import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * One writer per chain, across processes sharing a buffer directory: `<chain>.lock` holds the owner's
 * pid and host. It is created atomically with its content (written to a temp file, then hard-linked
 * into place — `link` fails if the lock exists, like `open(…, 'wx')`, but a reader never sees an empty
 * lock). A lock whose pid is dead on this host is stale and may be taken over; a lock from another
 * host is always treated as live (its pid cannot be checked from here).
 */
export interface ChainLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  at: string;
}

/** How old a half-done takeover (its marker file) must be before another process may clear it. */
const TAKEOVER_STALE_MS = 10_000;

/** The lock, or a description of its live holder. */
export function tryAcquireChainLock(lockPath: string): ChainLock | { heldBy: string } {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(lockPath)) return lockHandle(lockPath);
    const holder = readOwner(lockPath);
    if (holder === 'missing') continue; // released between our attempt and the read: try again
    if (holder === 'unreadable' || isAlive(holder)) {
      return { heldBy: holder === 'unreadable' ? 'unreadable lock' : `pid ${holder.pid} on ${holder.host}` };
    }
    if (!takeOverStale(lockPath, holder)) return { heldBy: 'another process taking over a stale lock' };
  }
  return { heldBy: 'lock contention' };
}

function lockHandle(path: string): ChainLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const owner = readOwner(path);
      // Never remove a lock someone else took over (e.g. after we were wrongly deemed dead).
      if (typeof owner === 'object' && owner.pid === process.pid && owner.host === hostname()) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}

function createExclusive(lockPath: string): boolean {
  const owner: LockOwner = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  const tmp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

function readOwner(lockPath: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host, at: String(parsed.at) };
    }
  } catch {
    // fall through
  }
  return 'unreadable';
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock under a takeover marker, so two processes that both saw the same dead owner
 * cannot each delete the lock the other has just created.
 */
function takeOverStale(lockPath: string, stale: LockOwner): boolean {
  const marker = `${lockPath}.takeover`;
  let fd: number;
  try {
    fd = openSync(marker, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      // A takeover that died half-way must not block the chain forever.
      if (Date.now() - statSync(marker).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(marker);
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    closeSync(fd);
    const current = readOwner(lockPath);
    if (typeof current === 'object' && current.pid === stale.pid && current.host === stale.host && current.at === stale.at) {
      unlinkSync(lockPath);
    }
    return true;
  } finally {
    unlinkSync(marker);
  }
}
