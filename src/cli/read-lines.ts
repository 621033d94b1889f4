import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from './cli-io.js';

export interface LineSource {
  /** The file's size in bytes, when known (not for stdin). */
  size: number | undefined;
  /** The lines, in batches (one per read chunk): no promise per line, which dominated `readline`. */
  batches: AsyncIterable<string[]>;
}

/**
 * Streams a JSON Lines file (or stdin for `-`) in batches of lines, so a verifier never holds the
 * file. Throws on a missing or unreadable file before any line is read.
 */
export async function openLines(path: string, io: CliIO): Promise<LineSource> {
  if (path === '-') return { size: undefined, batches: splitLines(io.stdin) };
  const full = resolve(io.cwd, path);
  let size: number;
  try {
    const info = await stat(full);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'I/O error')}`);
  }
  return { size, batches: splitLines(createReadStream(full, { highWaterMark: 1 << 22 })) };
}

async function* splitLines(input: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
    const lines = text.split('\n');
    rest = lines.pop()!;
    if (lines.length > 0) yield lines;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [rest];
}
