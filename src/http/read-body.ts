import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import type { ByteBudget } from './byte-budget.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export type BodyResult =
  | { ok: true; body: Buffer; /** Bytes reserved from the budget: release them once answered. */ reserved: number }
  | { ok: false; status: 400 | 413 | 415 | 429; message: string; reserved: number };

export interface ReadBodyOptions {
  /** Largest body, before and after decompression. */
  maxBytes: number;
  /** Accept `Content-Encoding: gzip | deflate` (decompressed up to `maxBytes`). @defaultValue false */
  decompress?: boolean;
  /** In-flight bytes shared by concurrent requests; reserved before reading (see byte-budget.ts). */
  budget?: ByteBudget;
}

/**
 * The one body reader of the server and the gateway. An oversized body is refused from its
 * Content-Length, or as soon as the count passes the limit, without buffering the rest; a gzip bomb
 * stops at `maxBytes` of output (zlib's `maxOutputLength`). With a budget, the declared length is
 * reserved before a byte is read, and streamed bytes as they come (429 when they do not fit).
 */
export async function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<BodyResult> {
  const { maxBytes, budget } = options;
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const compressed = encoding === 'gzip' || encoding === 'deflate';
  if (encoding !== 'identity' && encoding !== '' && !(compressed && options.decompress)) {
    return { ok: false, status: 415, message: `unsupported Content-Encoding '${encoding.slice(0, 40)}'${options.decompress ? ' (gzip or none)' : ''}`, reserved: 0 };
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes, 0);
  let reserved = 0;
  if (budget && Number.isFinite(declared) && declared > 0) {
    if (!budget.tryReserve(declared)) return busy(0);
    reserved = declared;
  }
  const raw = await collect(req, maxBytes, (size) => {
    if (!budget || size <= reserved) return true;
    if (!budget.tryReserve(size - reserved)) return false;
    reserved = size;
    return true;
  });
  if (raw === 'too-large') return tooLarge(maxBytes, reserved);
  if (raw === 'busy') return busy(reserved);
  if (!compressed) return { ok: true, body: raw, reserved };
  try {
    const body = await (encoding === 'gzip' ? gunzipAsync : inflateAsync)(raw, { maxOutputLength: maxBytes });
    if (budget && body.length > reserved) {
      if (!budget.tryReserve(body.length - reserved)) return busy(reserved);
      reserved = body.length;
    }
    return { ok: true, body, reserved };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return tooLarge(maxBytes, reserved);
    return { ok: false, status: 400, message: `body is not valid ${encoding} data`, reserved };
  }
}

function tooLarge(max: number, reserved: number): BodyResult {
  return { ok: false, status: 413, message: `request body exceeds ${max} bytes`, reserved };
}

function busy(reserved: number): BodyResult {
  return { ok: false, status: 429, message: 'too much data in flight; retry later', reserved };
}

/** The body; `too-large` once it passes `max` bytes, `busy` when `admit` refuses the count so far (reading stops there). */
function collect(req: IncomingMessage, max: number, admit: (size: number) => boolean): Promise<Buffer | 'too-large' | 'busy'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const stop = (why: 'too-large' | 'busy') => {
      cleanup();
      req.pause();
      resolve(why);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return stop('too-large');
      if (!admit(size)) return stop('busy');
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
