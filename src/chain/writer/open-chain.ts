import { randomUUID } from 'node:crypto';
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ChainLockedError } from '../format/chain-errors.js';
import { GENESIS_HASH } from '../format/record-hash.js';
import { type ChainLock, tryAcquireChainLock } from './chain-lock.js';
import { type PersistedHead, readHeadSync } from './head-store.js';

/** What a chain id may be: it names files in `<dir>/chains/`. */
export const CHAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The chain a new writer continues or starts, its lock held: the one asked for, else the most
 * recently written chain whose lock is free (a restarted process continues its chain), else a new
 * one with a random id (two live processes never share a chain).
 */
export function openChain(
  chainsDir: string,
  wanted: string | undefined,
  now: () => number,
): { chainId: string; lock: ChainLock; state: PersistedHead } {
  const lockPath = (id: string) => join(chainsDir, `${id}.lock`);
  const load = (id: string) => readHeadSync(join(chainsDir, `${id}.json`)) ?? emptyHead(id, now());
  if (wanted !== undefined) {
    const lock = tryAcquireChainLock(lockPath(wanted));
    if ('heldBy' in lock) throw new ChainLockedError(wanted, lock.heldBy);
    try {
      return { chainId: wanted, lock, state: load(wanted) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  // Continue the most recently written free chain: normally the one this process wrote before a restart.
  const existing = readdirSync(chainsDir)
    .filter((name) => name.endsWith('.json') && CHAIN_ID.test(name.slice(0, -5)))
    .map((name) => ({ id: name.slice(0, -5), mtime: mtimeOf(join(chainsDir, name)) }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { id } of existing) {
    const lock = tryAcquireChainLock(lockPath(id));
    if ('heldBy' in lock) continue;
    try {
      return { chainId: id, lock, state: load(id) };
    } catch {
      lock.release(); // an unreadable head file: leave that chain alone rather than fork it
    }
  }
  const id = randomUUID();
  const lock = tryAcquireChainLock(lockPath(id));
  if ('heldBy' in lock) throw new ChainLockedError(id, lock.heldBy);
  return { chainId: id, lock, state: emptyHead(id, now()) };
}

/** Temp files of head writes a crash interrupted; only for the chain we now hold. */
export function removeLeftoverTempFiles(chainsDir: string, chainId: string): void {
  for (const name of readdirSync(chainsDir)) {
    if (name.startsWith(`${chainId}.json.`) && name.endsWith('.tmp')) {
      try {
        unlinkSync(join(chainsDir, name));
      } catch {
        // another cleaner got it
      }
    }
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function emptyHead(chainId: string, nowMs: number): PersistedHead {
  return {
    version: 1,
    chainId,
    seq: -1,
    hash: GENESIS_HASH,
    tree: [],
    checkpoint: { firstSeq: 0, frontier: [], pending: 0, lastAtMs: nowMs, sealed: false },
  };
}
