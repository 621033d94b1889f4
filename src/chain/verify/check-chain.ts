import type { KeyObject } from 'node:crypto';
import { type ChainEntries, SIGNATURE_BAD, SIGNATURE_OK, SIGNATURE_UNCHECKED } from './chain-entries.js';
import type { ChainCheckpoint } from '../format/checkpoint.js';
import { GENESIS_HASH } from '../format/record-hash.js';
import { verifyDigest } from '../format/signing-keys.js';
import type { ChainHead, ChainProblem, ChainProblemKind, ChainSummary } from './verify-chain.js';

type Report = (seq: number, kind: ChainProblemKind, detail?: string) => void;

/**
 * The records of one chain in seq order as groups of one seq each, identical copies merged (a store
 * that received a retried record twice). `members[start[g]..start[g + 1]]` are the entries of group g.
 */
interface SeqGroups {
  count: number;
  seqs: Float64Array;
  start: Uint32Array;
  members: Uint32Array;
  /** Per group, the entry the chain goes on from: the one checkpoints and heads are held to. */
  chosen: Uint32Array;
}

/** Checks one chain's links, content, signatures and checkpoints; adds its problems to `problems`. */
export function checkChain(
  chainId: string,
  chain: ChainEntries,
  problems: ChainProblem[],
  publicKey: KeyObject | undefined,
  signAll: boolean,
): ChainSummary {
  const report: Report = (seq, kind, detail) =>
    problems.push(detail === undefined ? { chainId, seq, kind } : { chainId, seq, kind, detail });
  const groups = groupBySeq(chain);
  const count = checkLinks(chain, groups, report);
  const { lastCheckpoint, lastCheckpointAt } = checkCheckpoints(chain, groups, report);

  // `signatures: 'checkpoints'`: records after the last checkpoint are not authenticated by one.
  if (publicKey && !signAll) {
    for (let g = 0; g < groups.count; g++) {
      if (groups.seqs[g]! <= lastCheckpointAt) continue;
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
  if (lastCheckpoint) summary.lastCheckpoint = lastCheckpoint;
  if (chain.from !== undefined && chain.to !== undefined) summary.period = { from: chain.from, to: chain.to };
  return summary;
}

function groupBySeq(chain: ChainEntries): SeqGroups {
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

/** Gaps, duplicates, edits, links, reordering and signatures checked at `add`; returns the distinct records. */
function checkLinks(chain: ChainEntries, groups: SeqGroups, report: Report): number {
  const { seqs, start, members, chosen } = groups;
  let seqOfHash: Map<string, number> | undefined;
  const seqOf = (hex: string): number | undefined => {
    if (!seqOfHash) {
      seqOfHash = new Map();
      for (let g = 0; g < groups.count; g++) {
        for (let k = start[g]!; k < start[g + 1]!; k++) seqOfHash.set(chain.hashHex(members[k]!), seqs[g]!);
      }
    }
    return seqOfHash.get(hex);
  };

  let count = 0;
  let expected = 0;
  for (let g = 0; g < groups.count; g++) {
    const seq = seqs[g]!;
    const from = start[g]!;
    const to = start[g + 1]!;
    count += to - from;
    if (seq > expected) {
      report(expected, 'gap', seq - 1 === expected ? `seq ${expected} missing` : `seqs ${expected}..${seq - 1} missing`);
    }
    if (to - from > 1) report(seq, 'duplicate', `${to - from} different records share seq ${seq}`);
    const linked = g > 0 && seqs[g - 1] === seq - 1;
    const prevFrom = linked ? start[g - 1]! : 0;
    if (linked && from - prevFrom > 1) {
      // Of several records at seq - 1, the one the chain continues from is the one checkpoints cover.
      search: for (let p = prevFrom; p < from; p++) {
        for (let k = from; k < to; k++) {
          if (chain.linksTo(members[k]!, members[p]!)) {
            chosen[g - 1] = members[p]!;
            break search;
          }
        }
      }
    }
    for (let k = from; k < to; k++) {
      const e = members[k]!;
      if (!chain.isIntact(e) && chain.mismatches.get(e) !== '') report(seq, 'edited', 'hash does not match the content');
      if (seq === 0) {
        if (!chain.prevHashIs(e, GENESIS_HASH)) report(seq, 'broken-link', 'seq 0 does not start from the genesis hash');
      } else if (linked && !linksToAny(chain, e, members, prevFrom, from)) {
        const other = seqOf(chain.prevHashHex(e));
        if (other !== undefined && other !== seq - 1) report(seq, 'reordered', `prevHash is the hash of seq ${other}`);
        else report(seq, 'broken-link', `prevHash is not the hash of seq ${seq - 1}`);
      }
      if (chain.signatureState[e] === SIGNATURE_BAD) {
        report(seq, chain.signature(e) === undefined ? 'missing-signature' : 'bad-signature');
      }
    }
    let pick = members[from]!;
    for (let k = from; k < to; k++) {
      if (chain.isIntact(members[k]!)) {
        pick = members[k]!;
        break;
      }
    }
    chosen[g] = pick;
    expected = seq + 1;
  }
  return count;
}

function linksToAny(chain: ChainEntries, e: number, members: Uint32Array, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (chain.linksTo(e, members[p]!)) return true;
  return false;
}

function checkCheckpoints(
  chain: ChainEntries,
  groups: SeqGroups,
  report: Report,
): { lastCheckpoint: (ChainCheckpoint & { at: number }) | undefined; lastCheckpointAt: number } {
  let lastCheckpoint: (ChainCheckpoint & { at: number }) | undefined;
  let lastCheckpointAt = -1;
  if (chain.checkpoints.size === 0) return { lastCheckpoint, lastCheckpointAt };
  for (let g = 0; g < groups.count; g++) {
    const seq = groups.seqs[g]!;
    for (let k = groups.start[g]!; k < groups.start[g + 1]!; k++) {
      const checkpoint = chain.checkpoints.get(groups.members[k]!);
      if (!checkpoint) continue;
      checkCheckpoint(seq, checkpoint, chain, groups, report);
      if (seq > lastCheckpointAt) {
        lastCheckpointAt = seq;
        lastCheckpoint = { ...checkpoint, at: seq };
      }
    }
  }
  return { lastCheckpoint, lastCheckpointAt };
}

function checkCheckpoint(at: number, cp: ChainCheckpoint, chain: ChainEntries, groups: SeqGroups, report: Report): void {
  const { seq, firstSeq, count, hash, merkleRoot } = cp as Partial<ChainCheckpoint>;
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
    return;
  }
  const last = groupOf(groups, seq!);
  if (last < 0) return; // the covered record is missing: reported as a gap
  if (chain.hashHex(groups.chosen[last]!) !== hash) {
    report(at, 'bad-checkpoint', `checkpoint claims another hash for seq ${seq}`);
    return;
  }
  // Seqs firstSeq..seq are consecutive groups ending at `last`, unless one is missing (a gap, reported).
  const first = last - (seq! - firstSeq!);
  if (first < 0 || groups.seqs[first] !== firstSeq) return;
  if (chain.merkleRoot(groups.chosen, first, last) !== merkleRoot) {
    report(at, 'bad-checkpoint', `Merkle root over seqs ${firstSeq}..${seq} does not match`);
  }
}

/** The group holding `seq`, or -1: a binary search over the sorted group seqs. */
function groupOf(groups: SeqGroups, seq: number): number {
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

/**
 * Entries in seq order, stable. Seqs are dense integers, so a counting pass beats a comparison sort
 * (and its cache misses) for logs that arrive shuffled; sparse seqs fall back to sorting.
 */
function orderBySeq(chain: ChainEntries): Uint32Array {
  const n = chain.size;
  const seqs = chain.seqs;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < n; e++) {
    const s = seqs[e]!;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const order = new Uint32Array(n);
  const span = max - min + 1;
  if (span > 4 * n + 1024) {
    for (let e = 0; e < n; e++) order[e] = e;
    // TypedArray sort is not guaranteed stable; the index tie-break makes it so.
    return order.sort((a, b) => seqs[a]! - seqs[b]! || a - b);
  }
  const offsets = new Uint32Array(span + 1);
  for (let e = 0; e < n; e++) offsets[seqs[e]! - min + 1]!++;
  for (let i = 1; i <= span; i++) offsets[i]! += offsets[i - 1]!;
  for (let e = 0; e < n; e++) order[offsets[seqs[e]! - min]!++] = e;
  return order;
}

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
