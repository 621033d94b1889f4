import { readEvidenceLine } from '../chain/evidence-pack.js';
import type { ChainVerifier } from '../chain/verify-chain.js';
import type { CliIO } from './cli-io.js';
import type { LineSource } from './read-lines.js';

const PROGRESS_EVERY = 50_000;

/**
 * Feeds JSON Lines into a verifier: plain decision logs and evidence packs alike (a pack's header
 * heads become expected heads, so a cut pack is `truncated`). Lines that are not JSON are problems,
 * not errors. Shows progress on stderr when it is a terminal.
 */
export async function feedLines(source: LineSource, verifier: ChainVerifier, io: CliIO): Promise<{ lines: number }> {
  const progress = io.stderr.isTTY === true;
  let lineNo = 0;
  let bytes = 0;
  for await (const batch of source.batches) {
    for (const line of batch) {
      lineNo++;
      if (progress) bytes += line.length + 1;
      feedLine(line, lineNo, verifier);
      if (progress && lineNo % PROGRESS_EVERY === 0) {
        const pct = source.size ? ` (${Math.min(100, Math.round((bytes / source.size) * 100))}%)` : '';
        io.stderr.write(`\rverifying… ${lineNo.toLocaleString('en-US')} lines${pct}`);
      }
    }
  }
  if (progress && lineNo >= PROGRESS_EVERY) io.stderr.write('\r\x1b[K');
  return { lines: lineNo };
}

function feedLine(line: string, lineNo: number, verifier: ChainVerifier): void {
  if (isBlank(line)) return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    verifier.addProblem({ chainId: '', seq: -1, kind: 'malformed', detail: `line ${lineNo}: not JSON` });
    return;
  }
  const entry = readEvidenceLine(value);
  if (entry.type === 'header') {
    const chains = Array.isArray(entry.header.chains) ? entry.header.chains : [];
    verifier.expectHeads(chains.map((c) => ({ chainId: c.chainId, seq: c.lastSeq, hash: c.head })));
  } else if (entry.type === 'plain') {
    verifier.add(entry.record, `line ${lineNo}`, line);
  } else {
    verifier.add(entry.record, `line ${lineNo}`);
  }
}

/** Blank or whitespace only, without allocating a trimmed copy of every line. */
export function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  return first <= 32 && line.trim() === '';
}
