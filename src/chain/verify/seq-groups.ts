import type { ChainEntries } from './chain-entries.js';

/**
 * The records of one chain in seq order as groups of one seq each, identical copies merged (a store
 * that received a retried record twice). `members[start[g]..start[g + 1]]` are the entries of group g.
 */
export interface SeqGroups {
  count: number;
  seqs: Float64Array;
  start: Uint32Array;
  members: Uint32Array;
  /** Per group, the entry the chain goes on from: the one checkpoints and heads are held to. */
  chosen: Uint32Array;
}

export function groupBySeq(chain: ChainEntries): SeqGroups {
  const n = chain.size;
  const order = chain.sorted ? undefined : orderBySeq(chain);
  const seqs = new Float64Array(n);
  const start = new Uint32Array(n + 1);
  const members = new Uint32Array(n);
  let count = 0;
  let m = 0;
  for (let k = 0; k < n; k++) {
    const e = order === undefined ? k : order[k]!;
    const seq = chain.seqs[e]!;
    if (count > 0 && seqs[count - 1] === seq) {
      let copy = false;
      for (let j = start[count - 1]!; j < m && !copy; j++) copy = chain.sameEntry(members[j]!, e);
      if (!copy) members[m++] = e;
    } else {
      seqs[count] = seq;
      start[count] = m;
      count++;
      members[m++] = e;
    }
  }
  start[count] = m;
  return { count, seqs, start, members, chosen: new Uint32Array(count) };
}

/** The group holding `seq`, or -1: a binary search over the sorted group seqs. */
export function groupOf(groups: SeqGroups, seq: number): number {
  let lo = 0;
  let hi = groups.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = groups.seqs[mid]!;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Entries in seq order, stable (a sort with the entry index as tie-break). */
function orderBySeq(chain: ChainEntries): Uint32Array {
  const order = new Uint32Array(chain.size);
  for (let e = 0; e < chain.size; e++) order[e] = e;
  const seqs = chain.seqs;
  // TypedArray sort is not guaranteed stable; the index tie-break makes it so.
  return order.sort((a, b) => seqs[a]! - seqs[b]! || a - b);
}
