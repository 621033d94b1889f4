import type { ChainCheckpoint } from '../format/checkpoint.js';
import type { ChainEntries } from './chain-entries.js';
import type { ChainTree } from './chain-tree.js';
import type { Report } from './check-links.js';
import { groupOf, type SeqGroups } from './seq-groups.js';

export interface CheckpointAt {
  /** Seq of the checkpoint record. */
  at: number;
  checkpoint: ChainCheckpoint;
}

/** The checkpoint records of a chain in seq order (of each seq, every distinct copy). */
export function checkpointsOf(chain: ChainEntries, groups: SeqGroups): CheckpointAt[] {
  const out: CheckpointAt[] = [];
  if (chain.checkpoints.size === 0) return out;
  for (let g = 0; g < groups.count; g++) {
    for (let k = groups.start[g]!; k < groups.start[g + 1]!; k++) {
      const checkpoint = chain.checkpoints.get(groups.members[k]!);
      if (checkpoint) out.push({ at: groups.seqs[g]!, checkpoint });
    }
  }
  return out;
}

/** Each checkpoint's range, covered hash and range Merkle root against the records it covers. */
export function checkCheckpointRanges(checkpoints: readonly CheckpointAt[], chain: ChainEntries, groups: SeqGroups, tree: () => ChainTree, report: Report): void {
  for (const { at, checkpoint } of checkpoints) {
    const { seq, firstSeq, count, hash, merkleRoot } = checkpoint as Partial<ChainCheckpoint>;
    if (
      !Number.isSafeInteger(seq) ||
      !Number.isSafeInteger(firstSeq) ||
      !Number.isSafeInteger(count) ||
      typeof hash !== 'string' ||
      typeof merkleRoot !== 'string' ||
      firstSeq! < 0 ||
      firstSeq! > seq! ||
      seq! >= at ||
      count !== seq! - firstSeq! + 1
    ) {
      report(at, 'bad-checkpoint', 'checkpoint range is inconsistent');
      continue;
    }
    const last = groupOf(groups, seq!);
    if (last < 0) continue; // the covered record is missing: reported as a gap
    if (chain.hashHex(groups.chosen[last]!) !== hash) {
      report(at, 'bad-checkpoint', `checkpoint claims another hash for seq ${seq}`);
      continue;
    }
    // Seqs firstSeq..seq are consecutive groups ending at `last`, unless one is missing (a gap, reported).
    const first = last - (seq! - firstSeq!);
    if (first < 0 || groups.seqs[first] !== firstSeq) continue;
    if (tree().rangeHash(first, last + 1).toString('hex') !== merkleRoot) {
      report(at, 'bad-checkpoint', `Merkle root over seqs ${firstSeq}..${seq} does not match`);
    }
  }
}
