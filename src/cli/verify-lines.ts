import { readEvidenceLine } from '../chain/evidence-pack.js';
import type { ChainVerifier } from '../chain/verify-chain.js';
import type { LineEncoding } from '../chain/writer-line.js';
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
      feedLine(line, 'text', 0, line.length, lineNo, verifier);
      progress?.line(line.length + 1);
    }
  }
  progress?.done();
  return { lines: lineNo };
}

/** {@link feedLines} for raw byte chunks: each line is read in place from its chunk. */
export async function feedByteChunks(source: ByteChunkSource, verifier: ChainVerifier, io: CliIO): Promise<{ lines: number }> {
  const progress = createProgress(source.size, io);
  let lineNo = 0;
  for await (const { text, encoding } of source.chunks) {
    let start = 0;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      lineNo++;
      feedLine(text, encoding, start, end, lineNo, verifier);
      progress?.line(end + 1 - start);
      start = end + 1;
    }
  }
  progress?.done();
  return { lines: lineNo };
}

/** Progress on stderr when it is a terminal, every {@link PROGRESS_EVERY} lines. */
function createProgress(size: number | undefined, io: CliIO): { line(bytes: number): void; done(): void } | undefined {
  if (io.stderr.isTTY !== true) return undefined;
  let lines = 0;
  let seen = 0;
  return {
    line(bytes) {
      lines++;
      seen += bytes;
      if (lines % PROGRESS_EVERY !== 0) return;
      const pct = size ? ` (${Math.min(100, Math.round((seen / size) * 100))}%)` : '';
      io.stderr.write(`\rverifying… ${lines.toLocaleString('en-US')} lines${pct}`);
    },
    done() {
      if (lines >= PROGRESS_EVERY) io.stderr.write('\r\x1b[K');
    },
  };
}

/** One line, `text.slice(start, end)`: a writer's line straight to the verifier, any other parsed. */
function feedLine(text: string, encoding: LineEncoding, start: number, end: number, lineNo: number, verifier: ChainVerifier): void {
  if (verifier.addLine(text, encoding, start, end)) return;
  const line = start === 0 && end === text.length ? text : text.slice(start, end);
  if (isBlank(line)) return;
  let value: unknown;
  try {
    value = JSON.parse(encoding === 'text' ? line : Buffer.from(line, 'latin1').toString('utf8'));
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
