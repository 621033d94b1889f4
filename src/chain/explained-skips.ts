import { isChainSkipRecord } from './chain-skip.js';
import type { ChainProblem } from './verify-chain.js';

const MARKER = '"operation":"chain_skip"';
const MARKER_BYTES = Buffer.from(MARKER, 'latin1');

/**
 * The verifier's side of chain-skip.ts: collects the `chain_skip` records it is fed and turns each
 * `gap` they cover into a `skipped` problem — explained by the chain itself, reported, and not a
 * failure. Lines taken by the fast paths are searched for the marker text only (JCS writes it
 * exactly so), so the fast paths stay fast.
 */
export class ExplainedSkips {
  private readonly byChain = new Map<string, Map<number, { fromSeq: number; toSeq: number; reason: string }>>();

  note(record: unknown): void {
    if (!isChainSkipRecord(record)) return;
    const { chainId, seq } = record as { chainId?: unknown; seq?: unknown };
    if (typeof chainId !== 'string' || !Number.isSafeInteger(seq)) return;
    const skips = this.byChain.get(chainId) ?? new Map();
    this.byChain.set(chainId, skips);
    skips.set(seq as number, record.skipped);
  }

  noteLine(line: string, start = 0, end = line.length): void {
    const at = line.indexOf(MARKER, start);
    if (at < 0 || at >= end) return;
    this.parse(line.slice(start, end));
  }

  noteBytes(bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let at = buffer.indexOf(MARKER_BYTES); at >= 0; at = buffer.indexOf(MARKER_BYTES, at + 1)) {
      const start = buffer.lastIndexOf(10, at) + 1;
      const newline = buffer.indexOf(10, at);
      this.parse(buffer.toString('utf8', start, newline < 0 ? buffer.length : newline));
    }
  }

  /** `problems` with every gap a skip record covers reported as `skipped` instead. */
  explain(problems: ChainProblem[]): ChainProblem[] {
    if (this.byChain.size === 0) return problems;
    return problems.map((p) => {
      if (p.kind !== 'gap') return p;
      const range = /^seqs? (\d+)(?:\.\.(\d+))? missing$/.exec(p.detail ?? '');
      if (!range) return p;
      const from = Number(range[1]);
      const to = Number(range[2] ?? range[1]);
      for (const [seq, skip] of this.byChain.get(p.chainId) ?? []) {
        if (skip.fromSeq <= from && skip.toSeq >= to) {
          return { chainId: p.chainId, seq: p.seq, kind: 'skipped' as const, detail: `seqs ${from}..${to} skipped: ${skip.reason} (chain_skip record at seq ${seq})` };
        }
      }
      return p;
    });
  }

  private parse(text: string): void {
    try {
      this.note(JSON.parse(text));
    } catch {
      // not JSON: the verifier reports the line itself
    }
  }
}
