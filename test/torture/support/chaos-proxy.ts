import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { rng } from '../../support/prng.js';

/** What the proxy does with one request. */
export type ChaosMode =
  | 'pass'
  | 'status5xx'
  | 'status429'
  | 'resetMidRequestBody'
  | 'resetMidResponseBody'
  | 'stall'
  | 'stallAfterForward'
  | 'slowDrip'
  | 'redirect';

export const CHAOS_MODES: readonly ChaosMode[] = [
  'pass',
  'status5xx',
  'status429',
  'resetMidRequestBody',
  'resetMidResponseBody',
  'stall',
  'stallAfterForward',
  'slowDrip',
  'redirect',
];

/**
 * A chaos proxy on 127.0.0.1 in front of a real decision-log endpoint. While `chaos` is on, each
 * request gets a mode (each once, then random); otherwise it is forwarded untouched. `redirectTo` is the origin of
 * "another host" that 301/302 answers point at.
 */
export class ChaosProxy {
  chaos = true;
  readonly counts: Record<ChaosMode, number> = Object.fromEntries(CHAOS_MODES.map((m) => [m, 0])) as Record<ChaosMode, number>;
  /** Requests forwarded upstream (including ones whose answer the client never saw). */
  forwarded = 0;
  url = '';
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly random: () => number;
  private readonly target: URL;

  constructor(
    target: string,
    private readonly options: { seed?: number; redirectTo?: string; modes?: readonly ChaosMode[] } = {},
  ) {
    this.target = new URL(target);
    this.random = rng(options.seed ?? 1);
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }

  get faults(): number {
    return CHAOS_MODES.filter((m) => m !== 'pass').reduce((a, m) => a + this.counts[m], 0);
  }

  /**
   * Every mode once first, then at random. Each fault sends the client into backoff, so a run may see
   * only a dozen or so faults: drawn at random from the start, a mode was sometimes never drawn and
   * the assertions about it failed by chance (redirect: 0 of 15 faults, seed 409554).
   */
  private pick(): ChaosMode {
    if (!this.chaos) return 'pass';
    const modes = this.options.modes ?? CHAOS_MODES;
    const untried = modes.find((m) => this.counts[m] === 0);
    return untried ?? modes[Math.floor(this.random() * modes.length)]!;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const mode = this.pick();
    this.counts[mode]++;
    req.on('error', () => {});
    res.on('error', () => {});
    if (mode === 'resetMidRequestBody') {
      // Drop the connection as soon as the first body bytes arrive (or at once for an empty body).
      req.once('data', () => req.socket.destroy());
      req.once('end', () => req.socket.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      switch (mode) {
        case 'status5xx': {
          const status = [500, 502, 503, 504][Math.floor(this.random() * 4)]!;
          res.writeHead(status, this.random() < 0.5 ? { 'retry-after': '0' } : {});
          res.end('chaos');
          return;
        }
        case 'status429':
          res.writeHead(429, { 'retry-after': this.random() < 0.5 ? '0' : '1' });
          res.end('slow down');
          return;
        case 'stall':
          return; // never answers; the client's timeout must fire
        case 'redirect': {
          const to = this.options.redirectTo ?? 'http://127.0.0.1:9';
          res.writeHead(this.random() < 0.5 ? 301 : 302, { location: `${to}${req.url ?? '/'}` });
          res.end();
          return;
        }
        default:
          this.forward(req, body, res, mode);
      }
    });
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse, mode: ChaosMode): void {
    this.forwarded++;
    const headers = { ...req.headers, host: this.target.host, 'content-length': String(body.length) };
    const up = request(
      { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers },
      (upRes) => {
        const parts: Buffer[] = [];
        upRes.on('data', (c: Buffer) => parts.push(c));
        upRes.on('end', () => {
          const payload = Buffer.concat(parts);
          const outHeaders = { ...upRes.headers, 'content-length': String(payload.length) };
          delete outHeaders['transfer-encoding'];
          if (mode === 'stallAfterForward') return; // stored upstream, the client never hears
          if (mode === 'resetMidResponseBody') {
            res.writeHead(upRes.statusCode ?? 502, outHeaders);
            res.write(payload.subarray(0, Math.max(1, payload.length >> 1)));
            setTimeout(() => res.socket?.destroy(), 5);
            return;
          }
          if (mode === 'slowDrip') {
            res.writeHead(upRes.statusCode ?? 502, outHeaders);
            const delay = 5 + Math.floor(this.random() * 60);
            let i = 0;
            const drip = () => {
              if (res.destroyed) return;
              if (i >= payload.length) return void res.end();
              res.write(payload.subarray(i, i + 1));
              i++;
              setTimeout(drip, delay);
            };
            drip();
            return;
          }
          res.writeHead(upRes.statusCode ?? 502, outHeaders);
          res.end(payload);
        });
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    up.end(body);
  }
}

/** "Another host": records every request it gets, with its headers. */
export class RecordingHost {
  readonly requests: { url: string; headers: IncomingMessage['headers'] }[] = [];
  url = '';
  private server: Server | undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push({ url: req.url ?? '', headers: req.headers });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
