import type { ChainEntries } from './chain-entries.js';
import type { ChainHead, ChainProblem, ChainSummary } from './verify-types.js';

/** Truncation against expected heads and, with `requireSealed`, against a final checkpoint. */
export function checkHeads(
  summaries: ChainSummary[],
  chains: Map<string, ChainEntries>,
  expectedHeads: readonly ChainHead[],
  requireSealed: boolean,
  problems: ChainProblem[],
): void {
  for (const head of expectedHeads) {
    const summary = summaries.find((s) => s.chainId === head.chainId);
    if (!summary) {
      problems.push({ chainId: head.chainId, seq: 0, kind: 'truncated', detail: `no records, expected up to seq ${head.seq}` });
    } else if (summary.lastSeq < head.seq) {
      problems.push({
        chainId: head.chainId,
        seq: summary.lastSeq + 1,
        kind: 'truncated',
        detail: `chain ends at seq ${summary.lastSeq}, its head was seq ${head.seq}`,
      });
    } else {
      const chain = chains.get(head.chainId)!;
      let atHead = false;
      let matches = false;
      for (let e = 0; e < chain.size && !matches; e++) {
        if (chain.seqs[e] !== head.seq) continue;
        atHead = true;
        matches = chain.hashHex(e) === head.hash;
      }
      if (atHead && !matches) {
        problems.push({ chainId: head.chainId, seq: head.seq, kind: 'head-mismatch', detail: 'hash differs from the expected head' });
      }
    }
  }
  if (requireSealed) {
    for (const s of summaries) {
      if (!s.sealed) {
        problems.push({ chainId: s.chainId, seq: s.lastSeq + 1, kind: 'truncated', detail: 'chain does not end with a final checkpoint' });
      }
    }
  }
}
