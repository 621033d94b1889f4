import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Bytes of the request body actually written before the answer (streamed bodies). */
  written: number;
}

/**
 * A plain node:http client for bodies no OTLP exporter would send. `body` may be a generator of
 * chunks (streamed, chunked transfer): writing stops as soon as the server answers.
 */
export function post(url: string, body: Buffer | (() => Generator<Buffer>), headers: Record<string, string> = {}, method = 'POST'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(url, { method, headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), written }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      // The server may close the connection after answering a refused body.
      if (!answered) reject(error);
    });
    if (Buffer.isBuffer(body)) {
      written = body.length;
      req.end(body);
      return;
    }
    const chunks = body();
    const pump = (): void => {
      while (!answered) {
        const next = chunks.next();
        if (next.done) {
          req.end();
          return;
        }
        written += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

export async function get(url: string): Promise<RawResponse> {
  return post(url, Buffer.alloc(0), {}, 'GET');
}
