import { join } from 'node:path';
import { tryAcquireChainLock } from './chain-lock.js';
import { CHAIN_ID } from './chain-writer.js';
import { readHeadSync, writeHeadAtomic } from './head-store.js';
import { createMerkleFrontier } from '../format/merkle.js';

/**
 * Advances the head file of a chain nobody is writing to a record found in the durable queue.
 *
 * A process that crashed between a group's fsync and its head write leaves records in its queue
 * segments that are newer than its chain's head file. Another process adopts and delivers those
 * segments, then deletes them; without this, whoever later continues that chain would start from
 * the stale head and reuse the seqs of records the endpoint already holds (a fork). A chain whose
 * lock is held is left alone: its live writer recovered it itself.
 */
export async function advanceIdleChainHead(bufferDir: string, chainId: string, seq: number, hash: string): Promise<void> {
  if (!CHAIN_ID.test(chainId) || !Number.isSafeInteger(seq) || seq < 0) return;
  const chainsDir = join(bufferDir, 'chains');
  const lock = tryAcquireChainLock(join(chainsDir, `${chainId}.lock`));
  if ('heldBy' in lock) return;
  try {
    const path = join(chainsDir, `${chainId}.json`);
    let current: ReturnType<typeof readHeadSync>;
    try {
      current = readHeadSync(path);
    } catch {
      return; // an unreadable head file: nobody continues that chain (see openChain), leave it alone
    }
    if (current && current.seq >= seq) return;
    // Records between the stale head and this one are unknown here: the next checkpoint range
    // starts at this record, as `observeRecovered` does for a live writer.
    const frontier = createMerkleFrontier();
    frontier.add(hash);
    await writeHeadAtomic(path, {
      version: 1,
      chainId,
      seq,
      hash,
      checkpoint: { firstSeq: seq, frontier: frontier.toJSON(), pending: 1, lastAtMs: current?.checkpoint.lastAtMs ?? Date.now(), sealed: false },
    });
  } finally {
    lock.release();
  }
}
