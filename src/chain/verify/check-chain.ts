import type { KeyObject } from 'node:crypto';
import { verifyDigest } from '../format/signing-keys.js';
import { type ChainEntries, SIGNATURE_BAD, SIGNATURE_OK, SIGNATURE_UNCHECKED } from './chain-entries.js';
import { ChainTree } from './chain-tree.js';
import { checkCheckpointRanges, checkpointsOf } from './check-checkpoints.js';
import { checkLinks, type Report } from './check-links.js';
import { checkNotes } from './check-notes.js';
import { groupBySeq, type SeqGroups } from './seq-groups.js';
import type { ChainNotice, ChainProblem, ChainSummary } from './verify-types.js';

/** Checks one chain's links, content, signatures, checkpoints and notes; adds what it finds to `problems` and `notices`. */
export function checkChain(
  chainId: string,
  chain: ChainEntries,
  problems: ChainProblem[],
  notices: ChainNotice[],
  publicKey: KeyObject | undefined,
  signAll: boolean,
): ChainSummary {
  let firstGap = Number.POSITIVE_INFINITY;
  const report: Report = (seq, kind, detail) => {
    if (kind === 'gap') firstGap = Math.min(firstGap, seq);
    problems.push(detail === undefined ? { chainId, seq, kind } : { chainId, seq, kind, detail });
  };
  const groups = groupBySeq(chain);
  const count = checkLinks(chain, groups, report, (n) => notices.push({ chainId, ...n }));

  const checkpoints = checkpointsOf(chain, groups);
  let tree: ChainTree | undefined;
  const treeOf = () => {
    tree ??= new ChainTree(chain, groups);
    return tree;
  };
  checkCheckpointRanges(checkpoints, chain, groups, treeOf, report);
  const notes = checkNotes(checkpoints, groups, treeOf, firstGap, publicKey, report);
  const lastCheckpoint = checkpoints.at(-1);
  const lastCheckpointAt = lastCheckpoint?.at ?? -1;

  // `signatures: 'checkpoints'`: records after the last checkpoint are not authenticated by one.
  if (publicKey && !signAll) checkTailSignatures(chain, groups, lastCheckpointAt, publicKey, report);

  const last = groups.count - 1;
  const lastSeq = groups.seqs[last]!;
  let sealed = false;
  for (let k = groups.start[last]!; k < groups.start[last + 1]!; k++) {
    if (chain.checkpoints.get(groups.members[k]!)?.final === true) sealed = true;
  }
  const summary: ChainSummary = {
    chainId,
    count,
    firstSeq: groups.seqs[0]!,
    lastSeq,
    head: chain.hashHex(groups.chosen[last]!),
    uncheckpointed: lastCheckpointAt < 0 ? count : lastSeq - lastCheckpointAt,
    sealed,
  };
  if (lastCheckpoint) summary.lastCheckpoint = { ...lastCheckpoint.checkpoint, at: lastCheckpoint.at };
  if (notes > 0) summary.notes = notes;
  if (chain.from !== undefined && chain.to !== undefined) summary.period = { from: chain.from, to: chain.to };
  return summary;
}

function checkTailSignatures(chain: ChainEntries, groups: SeqGroups, after: number, publicKey: KeyObject, report: Report): void {
  for (let g = 0; g < groups.count; g++) {
    if (groups.seqs[g]! <= after) continue;
    for (let k = groups.start[g]!; k < groups.start[g + 1]!; k++) {
      const e = groups.members[k]!;
      if (chain.signatureState[e] !== SIGNATURE_UNCHECKED) continue;
      const signature = chain.signature(e);
      const ok = signature !== undefined && verifyDigest(chain.hashHex(e), signature, publicKey);
      chain.signatureState[e] = ok ? SIGNATURE_OK : SIGNATURE_BAD;
      if (!ok) report(chain.seqs[e]!, signature === undefined ? 'missing-signature' : 'bad-signature');
    }
  }
}
