import { GENESIS_HASH } from '../format/record-hash.js';
import { type ChainEntries, SIGNATURE_BAD } from './chain-entries.js';
import type { SeqGroups } from './seq-groups.js';
import type { ChainNotice, ChainProblemKind } from './verify-types.js';

export type Report = (seq: number, kind: ChainProblemKind, detail?: string) => void;

/**
 * Gaps, skips, duplicates, edits, links, reordering and the signatures checked on the way in, in one
 * pass over the seq groups; picks each group's `chosen` entry. Returns the distinct records.
 *
 * Missing seqs that a chain_skip record of this chain explains are `skipped` notices, and the record
 * after them must link to the record before them (the skipped numbers never held a hash).
 */
export function checkLinks(chain: ChainEntries, groups: SeqGroups, report: Report, notice: (n: Omit<ChainNotice, 'chainId'>) => void): number {
  const { seqs, start, members, chosen } = groups;
  const skips = explainedSkips(chain);
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
    // Linked: the previous group is the seq before, or only explained skips lie between them.
    let linked = g > 0 && seqs[g - 1] === seq - 1;
    let fromGenesis = seq === 0;
    if (seq > expected) {
      const explained = reportMissing(expected, seq - 1, skips, report, notice);
      if (g === 0) fromGenesis = explained;
      else linked = explained;
    }
    if (to - from > 1) report(seq, 'duplicate', `${to - from} different records share seq ${seq}`);
    const prevFrom = linked ? start[g - 1]! : 0;
    const prevSeq = linked ? seqs[g - 1]! : -1;
    if (linked && from - prevFrom > 1) {
      // Of several records before this seq, the one the chain continues from is the one checkpoints cover.
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
      if (fromGenesis) {
        if (chain.prevHashHex(e) !== GENESIS_HASH) report(seq, 'broken-link', `seq ${seq} does not start from the genesis hash`);
      } else if (linked && !linksToAny(chain, e, members, prevFrom, from)) {
        const other = seqOf(chain.prevHashHex(e));
        if (other !== undefined && other !== prevSeq) report(seq, 'reordered', `prevHash is the hash of seq ${other}`);
        else report(seq, 'broken-link', `prevHash is not the hash of seq ${prevSeq}`);
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

interface ExplainedSkip {
  fromSeq: number;
  toSeq: number;
  reason: string;
  at: number;
}

/** Skips stated by intact chain_skip records, each only for seqs before the record's own. */
function explainedSkips(chain: ChainEntries): ExplainedSkip[] {
  const out: ExplainedSkip[] = [];
  for (const [e, skip] of chain.skips) {
    const at = chain.seqs[e]!;
    if (chain.isIntact(e) && skip.toSeq < at) out.push({ ...skip, at });
  }
  return out.sort((a, b) => a.fromSeq - b.fromSeq);
}

/**
 * Seqs `from..to` hold no record: `skipped` notices for the parts a skip explains, `gap` problems for
 * the rest. Returns whether all of them are explained.
 */
function reportMissing(
  from: number,
  to: number,
  skips: readonly ExplainedSkip[],
  report: Report,
  notice: (n: Omit<ChainNotice, 'chainId'>) => void,
): boolean {
  let next = from;
  let all = true;
  const gap = (a: number, b: number) => {
    all = false;
    report(a, 'gap', a === b ? `seq ${a} missing` : `seqs ${a}..${b} missing`);
  };
  for (const s of skips) {
    if (s.toSeq < next || s.fromSeq > to) continue;
    if (s.fromSeq > next) gap(next, s.fromSeq - 1);
    const a = Math.max(next, s.fromSeq);
    const b = Math.min(to, s.toSeq);
    const range = a === b ? `seq ${a}` : `seqs ${a}..${b}`;
    notice({ seq: a, toSeq: b, kind: 'skipped', explainedBy: s.at, detail: `${range} skipped: ${s.reason || '(no reason given)'}` });
    next = b + 1;
  }
  if (next <= to) gap(next, to);
  return all;
}

function linksToAny(chain: ChainEntries, e: number, members: Uint32Array, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (chain.linksTo(e, members[p]!)) return true;
  return false;
}
