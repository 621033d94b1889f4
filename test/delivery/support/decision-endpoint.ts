import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the endpoint does with one request; `undefined` = accept (200). */
export type Behaviour =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset' }
  | { kind: 'hang' };

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  body: string;
  idempotencyKey: string;
}

/**
 * A real decision-log endpoint on 127.0.0.1:0 that de-duplicates on Idempotency-Key, like the
 * tenant's. `plan` decides each response (a queue of behaviours, then `fallback`).
 */
export class DecisionEndpoint {
  readonly requests: ReceivedRequest[] = [];
  /** Unique accepted decisions by Idempotency-Key, with how many times each was accepted (2xx). */
  readonly accepted = new Map<string, number>();
  plan: Behaviour[] = [];
  fallback: Behaviour | undefined;
  onRequest: ((request: ReceivedRequest) => void) | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  url = '';
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}/v1/decisions`;
    return this;
  }

  /** Stops listening and drops every connection: the endpoint is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Unique decisions accepted, and whether any was accepted twice. */
  get uniqueAccepted(): number {
    return this.accepted.size;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
      };
      this.requests.push(request);
      this.onRequest?.(request);
      const behaviour = this.plan.length > 0 ? this.plan.shift() : this.fallback;
      if (!behaviour) {
        this.accepted.set(request.idempotencyKey, (this.accepted.get(request.idempotencyKey) ?? 0) + 1);
        res.writeHead(this.accepted.get(request.idempotencyKey)! > 1 ? 200 : 201, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      }
      if (behaviour.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (behaviour.kind === 'hang') return; // never answers; the socket is dropped at stop()
      res.writeHead(behaviour.status, behaviour.headers ?? {});
      res.end(behaviour.body ?? '');
    });
  }
}

export function makeDecision(n: number, extra: Record<string, unknown> = {}) {
  return {
    aiSystemId: 'sys-test',
    modelUsed: 'gpt-test',
    input: { messages: [{ role: 'user', parts: [{ type: 'text' as const, content: `PROMPT-CANARY-${n} jane.doe@example.com` }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text' as const, content: `answer ${n}` }] }] },
    status: 'completed' as const,
    decidedAt: new Date(0).toISOString(),
    decisionId: `dec-${n}`,
    chainId: 'chain-a',
    seq: n,
    prevHash: '0'.repeat(64),
    hash: `h${n}`,
    ...extra,
  };
}

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');
export const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');
