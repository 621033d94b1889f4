import { readEvidenceLine } from '../chain/evidence-pack.js';
import type { ChainVerifier } from '../chain/verify/verify-chain.js';
import type { CliIO } from './cli-io.js';
import type { ByteChunkSource, LineSource } from './read-lines.js';

const PROGRESS_EVERY = 50_000;

/**
 * Feeds JSON Lines into a verifier: plain decision logs and evidence packs alike (a pack's header
 * heads become expected heads, so a cut pack is `truncated`). Lines that are not JSON are problems,
 * not errors. Shows progress on stderr when it is a terminal.
 */
export async function feedLines(source: LineSource, verifier: ChainVerifier, io: CliIO): Promise<{ lines: number }> {
  const progress = createProgress(source.size, io);
  let lineNo = 0;
  for await (const batch of source.batches) {
    for (const line of batch) {
      lineNo++;
      feedLine(line, lineNo, verifier);
      progress?.lines(lineNo, line.length + 1);
    }
  }
  progress?.done();
  return { lines: lineNo };
}

/** {@link feedLines} for raw byte chunks: each line is checked in place, parsed only if the verifier declines it. */
export async function feedByteChunks(source: ByteChunkSource, verifier: ChainVerifier, io: CliIO): Promise<{ lines: number }> {
  const progress = createProgress(source.size, io);
  let lineNo = 0;
  for await (const chunk of source.chunks) {
    const first = lineNo + 1;
    lineNo += verifier.addLines(chunk, (line, index) => parseLine(line, first + index, verifier));
    progress?.lines(lineNo, chunk.length);
  }
  progress?.done();
  return { lines: lineNo };
}

/** Progress on stderr when it is a terminal, about every {@link PROGRESS_EVERY} lines. */
function createProgress(size: number | undefined, io: CliIO): { lines(count: number, bytes: number): void; done(): void } | undefined {
  if (io.stderr.isTTY !== true) return undefined;
  let shown = 0;
  let seen = 0;
  return {
    lines(count, bytes) {
      seen += bytes;
      if (count - shown < PROGRESS_EVERY) return;
      shown = count;
      const pct = size ? ` (${Math.min(100, Math.round((seen / size) * 100))}%)` : '';
      io.stderr.write(`\rverifying… ${count.toLocaleString('en-US')} lines${pct}`);
    },
    done() {
      if (shown > 0) io.stderr.write('\r\x1b[K');
    },
  };
}

/** One line: a writer's line straight to the verifier, any other parsed. */
function feedLine(line: string, lineNo: number, verifier: ChainVerifier): void {
  if (!verifier.addLine(line, 'text')) parseLine(line, lineNo, verifier);
}

/** A line the verifier did not take as it is: parsed, an evidence pack's header or record, or not JSON. */
function parseLine(line: string, lineNo: number, verifier: ChainVerifier): void {
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
