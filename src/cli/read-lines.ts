import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from './cli-io.js';

export interface LineSource {
  /** The file's size in bytes, when known (not for stdin). */
  size: number | undefined;
  /** The lines, in batches (one per read chunk): no promise per line, which dominated `readline`. */
  batches: AsyncIterable<string[]>;
}

export interface ByteChunkSource {
  /** The file's size in bytes, when known (not for stdin). */
  size: number | undefined;
  /**
   * Whole lines as raw bytes (each ended by a newline but maybe the last line of the file), valid
   * until the next chunk is asked for: they may be a view of a reused read buffer.
   */
  chunks: AsyncIterable<Buffer>;
}

/**
 * Streams a JSON Lines file (or stdin for `-`) in batches of lines, so a verifier never holds the
 * file. Throws on a missing or unreadable file before any line is read.
 */
export async function openLines(path: string, io: CliIO): Promise<LineSource> {
  const input = await openInput(path, io);
  return { size: input.size, batches: splitLines(input.stream) };
}

/**
 * Like {@link openLines}, for the chain verifier's fast path: whole lines as raw bytes, one chunk
 * per read (no string to allocate and collect per line, no decoding). A UTF-8 byte order mark at the
 * start is dropped, as decoding drops it.
 */
export async function openByteChunks(path: string, io: CliIO): Promise<ByteChunkSource> {
  const input = await openInput(path, io);
  return { size: input.size, chunks: splitByteChunks(input.stream) };
}

type Input = AsyncIterable<Buffer | string>;

async function openInput(path: string, io: CliIO): Promise<{ size: number | undefined; stream: Input }> {
  if (path === '-') return { size: undefined, stream: io.stdin };
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
  return { size, stream: readFile(full) };
}

/**
 * The file in chunks read into two reused buffers (every consumer copies what it keeps, before it
 * asks for the next chunk): a stream would allocate, and the kernel zero, a fresh 4 MiB buffer per
 * read. The next read runs while the consumer works on the current chunk (it waited for every read).
 */
async function* readFile(path: string): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
  let current = 0;
  let next: Promise<{ bytesRead: number }> | undefined = file.read(buffers[0]!, 0, READ_SIZE, null);
  try {
    for (;;) {
      const { bytesRead } = await next!;
      next = undefined;
      if (bytesRead === 0) return;
      const chunk = buffers[current]!.subarray(0, bytesRead);
      current ^= 1;
      // Safe to fill: the consumer finished with this buffer when it asked for the chunk just read.
      next = file.read(buffers[current]!, 0, READ_SIZE, null);
      yield chunk;
    }
  } finally {
    await next?.catch(() => undefined);
    await file.close();
  }
}

const READ_SIZE = 1 << 19;

async function* splitLines(input: Input): AsyncGenerator<string[]> {
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

async function* splitByteChunks(input: Input): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  let first = true;
  for await (const data of input) {
    let chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Buffer);
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      rest = rest === undefined ? Buffer.from(chunk) : Buffer.concat([rest, chunk]);
      continue;
    }
    let start = 0;
    if (rest !== undefined) {
      // The line begun in an earlier buffer, on its own: copying it is cheaper than the whole buffer.
      const newline = chunk.indexOf(NEWLINE);
      yield Buffer.concat([rest, chunk.subarray(0, newline + 1)]);
      start = newline + 1;
    }
    if (start <= lastNewline) yield chunk.subarray(start, lastNewline + 1);
    rest = lastNewline + 1 < chunk.length ? Buffer.from(chunk.subarray(lastNewline + 1)) : undefined;
  }
  if (rest !== undefined) yield rest;
}

const NEWLINE = 0x0a;
