import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 413 | 415; message: string };

/**
 * Reads a request body of at most `maxBodyBytes`, before and after decompression. An oversized
 * body is refused from its Content-Length, or as soon as the count passes the limit, without
 * buffering the rest; a gzip bomb stops at `maxBodyBytes` of output (zlib's `maxOutputLength`).
 */
export async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<BodyResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate' && encoding !== '') {
    return { ok: false, status: 415, message: `unsupported Content-Encoding '${encoding.slice(0, 40)}' (gzip or none)` };
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge(maxBodyBytes);
  const raw = await collect(req, maxBodyBytes);
  if (raw === undefined) return tooLarge(maxBodyBytes);
  if (encoding !== 'gzip' && encoding !== 'deflate') return { ok: true, body: raw };
  try {
    const body = await (encoding === 'gzip' ? gunzipAsync : inflateAsync)(raw, { maxOutputLength: maxBodyBytes });
    return { ok: true, body };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return tooLarge(maxBodyBytes);
    return { ok: false, status: 400, message: `body is not valid ${encoding} data` };
  }
}

function tooLarge(max: number): BodyResult {
  return { ok: false, status: 413, message: `request body exceeds ${max} bytes` };
}

/** The body, or `undefined` once it passes `max` bytes (reading stops there). */
function collect(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        cleanup();
        req.pause();
        resolve(undefined);
        return;
      }
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
