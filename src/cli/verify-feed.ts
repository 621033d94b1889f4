import { existsSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChainVerifier } from '../chain/verify/verify-chain.js';
import type { CliIO } from './cli-io.js';
import type { ByteChunkSource } from './read-lines.js';
import { applyLineResults, type LineResult, type LineSignatureCheck, readLines } from './verify-lines.js';

const PROGRESS_EVERY = 50_000;

export interface FeedOptions {
  /** Signatures to check while reading the lines. */
  signatures?: LineSignatureCheck;
  /**
   * Worker threads reading lines in parallel; 0 reads on the main thread. Workers start only for an
   * input of more than one chunk, and only where their script, verify-worker.js, sits beside the
   * running CLI (the built package); results are the same either way.
   * @defaultValue `min(os.availableParallelism(), 4)`
   */
  workers?: number;
}

/**
 * Feeds JSON Lines into a verifier — decision logs and evidence packs alike (a pack's header heads
 * become expected heads, so a cut pack is `truncated`) — reading the lines of each chunk in worker
 * threads when there are several chunks, and handing the results to the verifier in line order.
 * Shows progress on stderr when it is a terminal.
 */
export async function feedByteChunks(source: ByteChunkSource, verifier: ChainVerifier, io: CliIO, options: FeedOptions = {}): Promise<{ lines: number }> {
  const progress = createProgress(source.size, io);
  const wanted = options.workers ?? Math.min(availableParallelism(), 4);
  let pool: LineWorkers | undefined;
  const inFlight: Promise<LineResult[]>[] = [];
  let lineNo = 0;
  let chunks = 0;
  try {
    for await (const chunk of source.chunks) {
      const firstLineNo = lineNo + 1;
      lineNo += countLines(chunk);
      chunks++;
      if (chunks === 2 && wanted > 0) pool = startLineWorkers(wanted, options.signatures);
      if (pool) {
        // Copied: the chunk is a view of a read buffer that the next read refills.
        inFlight.push(pool.read(new Uint8Array(chunk), firstLineNo));
        if (inFlight.length >= 2 * pool.size) applyLineResults(await inFlight.shift()!, verifier);
      } else {
        applyLineResults(readLines(chunk.toString('utf8'), firstLineNo, options.signatures), verifier);
      }
      progress?.lines(lineNo, chunk.length);
    }
    while (inFlight.length > 0) applyLineResults(await inFlight.shift()!, verifier);
  } finally {
    await pool?.close();
  }
  progress?.done();
  return { lines: lineNo };
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  return chunk.length > 0 && chunk[chunk.length - 1] !== NEWLINE ? n + 1 : n;
}

const NEWLINE = 0x0a;

interface LineWorkers {
  size: number;
  read(bytes: Uint8Array, firstLineNo: number): Promise<LineResult[]>;
  close(): Promise<void>;
}

/** The worker script beside the running CLI (dist/verify-worker.js), if there is one. */
function workerScript(): string | undefined {
  const cli = process.argv[1];
  if (cli === undefined) return undefined;
  try {
    const script = join(dirname(realpathSync(cli)), 'verify-worker.js');
    return existsSync(script) ? script : undefined;
  } catch {
    return undefined;
  }
}

/** `count` workers, chunks handed out in turn; each worker answers its chunks in order. */
function startLineWorkers(count: number, signatures: LineSignatureCheck | undefined): LineWorkers | undefined {
  const script = workerScript();
  if (script === undefined) return undefined;
  const workerData = {
    signAll: signatures?.all ?? false,
    ...(signatures ? { publicKeyDer: signatures.publicKey.export({ format: 'der', type: 'spki' }) } : {}),
  };
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(script, { workerData });
    const waiting: { resolve(r: LineResult[]): void; reject(e: unknown): void }[] = [];
    worker.on('message', (results: LineResult[]) => waiting.shift()?.resolve(results));
    worker.on('error', (error) => {
      for (const w of waiting.splice(0)) w.reject(error);
    });
    return { worker, waiting };
  });
  let next = 0;
  return {
    size: count,
    read(bytes, firstLineNo) {
      const w = workers[next++ % count]!;
      return new Promise((resolve, reject) => {
        w.waiting.push({ resolve, reject });
        w.worker.postMessage({ bytes, firstLineNo }, [bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
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
