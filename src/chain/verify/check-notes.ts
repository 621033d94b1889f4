import type { KeyObject } from 'node:crypto';
import { consistencyProof, verifyConsistency } from '../format/merkle.js';
import { parseNote, verifyNote } from '../format/signed-note.js';
import { parseCheckpointText, type TreeHead } from '../format/tlog-checkpoint.js';
import type { CheckpointAt } from './check-checkpoints.js';
import type { Report } from './check-links.js';
import type { ChainTree } from './chain-tree.js';
import { groupOf, type SeqGroups } from './seq-groups.js';

/**
 * The C2SP tlog-checkpoint notes of a chain's checkpoints (docs/DESIGN.md §5.1): each note's
 * tree size and root against the records up to the checkpoint's `seq` (the leaves are the record
 * hashes in seq order from 0), its Ed25519 signature under key name = origin when a key is given,
 * and each note against the one before it: same origin, a tree at least as large, and an RFC 6962
 * consistency proof — built from the records — that the older tree is a prefix of the newer.
 * `firstGap`: the lowest seq missing without explanation; notes past it cannot be recomputed (the
 * gap is reported). Returns the number of notes checked.
 */
export function checkNotes(
  checkpoints: readonly CheckpointAt[],
  groups: SeqGroups,
  tree: () => ChainTree,
  firstGap: number,
  publicKey: KeyObject | undefined,
  report: Report,
): number {
  let notes = 0;
  let previous: (TreeHead & { at: number }) | undefined;
  for (const { at, checkpoint } of checkpoints) {
    if (typeof checkpoint.note !== 'string') continue;
    notes++;
    const note = parseNote(checkpoint.note);
    const head = 'error' in note ? note : parseCheckpointText(note.text);
    if ('error' in head) {
      report(at, 'bad-checkpoint', `note: ${head.error}`);
      continue;
    }
    if (publicKey && !('error' in note) && !verifyNote(note, head.origin, publicKey)) {
      report(at, 'bad-signature', `checkpoint note has no valid signature by the given key under its origin ${head.origin}`);
    }
    const last = Number.isSafeInteger(checkpoint.seq) ? groupOf(groups, checkpoint.seq) : -1;
    // The records up to the checkpoint are all here (or explained): the note's tree can be rebuilt.
    const recomputable = last >= 0 && checkpoint.seq < firstGap;
    if (recomputable) {
      const size = last + 1;
      if (head.size !== size) {
        report(at, 'bad-checkpoint', `note states tree size ${head.size}, the records up to seq ${checkpoint.seq} give ${size}`);
      } else if (!tree().rangeHash(0, size).equals(head.root)) {
        report(at, 'bad-checkpoint', `note root does not match the records up to seq ${checkpoint.seq}`);
      }
    }
    if (previous) checkConsistent(previous, { ...head, at }, recomputable ? tree : undefined, report);
    previous = { ...head, at };
  }
  return notes;
}

/** `tree`: the records' tree, when it holds every leaf of the newer note's tree. */
function checkConsistent(older: TreeHead & { at: number }, newer: TreeHead & { at: number }, tree: (() => ChainTree) | undefined, report: Report): void {
  if (older.origin !== newer.origin) {
    report(newer.at, 'bad-checkpoint', `note origin ${newer.origin} differs from ${older.origin} of the note at seq ${older.at}`);
    return;
  }
  if (newer.size < older.size) {
    report(newer.at, 'bad-checkpoint', `note tree size ${newer.size} is smaller than ${older.size} of the note at seq ${older.at}`);
    return;
  }
  // The proof is built from the records of the newer tree: without them (a gap, reported) it cannot be.
  if (tree === undefined || newer.size > tree().size || older.size === 0) return;
  const proof = newer.size === older.size ? [] : consistencyProof(older.size, newer.size, (a, b) => tree().rangeHash(a, b));
  if (!verifyConsistency(older.size, newer.size, older.root, newer.root, proof)) {
    report(newer.at, 'bad-checkpoint', `note is not consistent with the note at seq ${older.at} (the older tree is not a prefix)`);
  }
}
