import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CliIO } from './cli-io.js';

export interface LineSource {
  /** The file's size in bytes, when known (not for stdin). */
  size: number | undefined;
  lines: AsyncIterable<string>;
}

/**
 * Streams a JSON Lines file (or stdin for `-`) line by line, so a verifier never holds the file.
 * Throws on a missing or unreadable file before any line is read.
 */
export async function openLines(path: string, io: CliIO): Promise<LineSource> {
  if (path === '-') return { size: undefined, lines: createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY }) };
  const full = resolve(io.cwd, path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'I/O error')}`);
  }
  if (!info.isFile()) throw new Error(`cannot read ${path}: not a file`);
  const input = createReadStream(full, { highWaterMark: 1 << 20 });
  return { size: info.size, lines: createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }) };
}
