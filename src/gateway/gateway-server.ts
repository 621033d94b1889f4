import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ENV, resolveOption } from '../config/env.js';
import { type Logger, safeLogger } from '../core/logger.js';
import { DecisionRuntime } from '../pipeline/decision-runtime.js';
import { resolveBufferDir } from '../queue/encrypted-queue.js';
import { SpanMapper } from '../processor/span-mapper.js';
import { type AuthChecker, createAuthChecker } from '../http/bearer-auth.js';
import { ByteBudget } from '../http/byte-budget.js';
import { readBody } from '../http/read-body.js';
import type { Gateway, GatewayOptions, ResolvedGatewayOptions } from './gateway-options.js';
import { LogWaitWindow } from './log-wait-window.js';
import {
  contentTypeOf,
  decodeRequest,
  encodeExportResponse,
  encodeStatus,
  encodingOf,
  type OtlpEncoding,
  RequestTooLargeError,
  type Signal,
} from './otlp-codec.js';
import { MalformedRequestError } from './otlp-span.js';
import { RecentDecisionIds } from './recent-decision-ids.js';
import { GatewayLogStore } from './log-store.js';
import { RecordedIdsJournal } from './recorded-ids-journal.js';
import { resolveGatewayOptions } from './resolve-gateway-options.js';
import { type IngestOutcome, SpanIngest } from './span-ingest.js';

/** google.rpc.Code values for error bodies. */
const RPC = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNIMPLEMENTED: 12, NOT_FOUND: 5, INTERNAL: 13 } as const;

const SIGNAL_BY_PATH: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/logs': 'logs' };

/**
 * Starts the OTLP/HTTP receiver and resolves once it listens and the pipeline is ready (the chain
 * has recovered its head from the queue). Configuration errors reject here.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const resolved = resolveGatewayOptions(options);
  const logger = safeLogger(options.logger, options);
  const aiSystemId = resolveOption(options.aiSystemId, ENV.aiSystemId, String);
  let journal: RecordedIdsJournal | undefined;
  const runtime = new DecisionRuntime({ ...options, aiSystemId }, logger, {
    beforeSegmentDelete: () => journal?.sync() ?? Promise.resolve(),
  });
  const server = new GatewayServer(resolved, runtime, logger, options);
  // What a recording gateway keeps on disk beside the queue: the journal of recorded ids and the
  // log store. Opened at start, or once a gateway that started on a full disk records again.
  const openDurableState = async (chainId: string) => {
    const opened = await RecordedIdsJournal.open({
      dir: join(resolveBufferDir(options.bufferDir), 'gateway'),
      chainId,
      capacity: resolved.maxRecentDecisionIds,
      alsoKnown: runtime.recoveredDecisionIds,
      onError: (error) => logger('error', 'vaxelia gateway: could not journal recorded decision ids (retries after a restart may be chained twice)', { error: (error as Error)?.name }),
    });
    journal = opened.journal;
    server.rememberRecorded(opened.ids, journal);
    await server.openLogStore(new GatewayLogStore({ ...options, bufferDir: resolveBufferDir(options.bufferDir), keepMs: resolved.logKeepMs, logger }));
  };
  try {
    await runtime.submit([]);
    if (runtime.chain && runtime.delivery) {
      await openDurableState(runtime.chain.chainId);
    } else {
      server.rememberRecorded(runtime.recoveredDecisionIds);
      runtime.onRecordingResumed(() => {
        const chainId = runtime.chain?.chainId;
        if (!chainId || !runtime.delivery) return;
        openDurableState(chainId).catch((error: unknown) => {
          logger('error', 'vaxelia gateway: recording again, but the journal of recorded ids or the log store could not be opened', { error: (error as Error)?.name });
        });
      });
    }
    await server.listen();
  } catch (error) {
    await runtime.shutdown().catch(() => {});
    throw error;
  }
  return server;
}

class GatewayServer implements Gateway {
  url = '';
  port = 0;
  readonly host: string;
  private readonly server: Server;
  private readonly ingest: SpanIngest;
  private readonly checkAuth: AuthChecker;
  /** Request bytes held at once, reserved before a body is read. */
  private readonly bytes: ByteBudget;
  private readonly stopping = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  /** Export requests between admission and answer. */
  private exporting = 0;
  private closePromise: Promise<void> | undefined;
  private readonly recent: RecentDecisionIds;
  private journal: RecordedIdsJournal | undefined;
  private logStore: GatewayLogStore | undefined;
  private readonly mapper: SpanMapper;
  private readonly logWindow: LogWaitWindow;

  constructor(
    private readonly options: ResolvedGatewayOptions,
    private readonly runtime: DecisionRuntime,
    private readonly logger: Logger,
    pipelineOptions: GatewayOptions,
  ) {
    this.host = options.host;
    this.recent = new RecentDecisionIds(options.maxRecentDecisionIds);
    const mapper = new SpanMapper({
      filter: pipelineOptions.filter,
      aiSystemId: resolveOption(pipelineOptions.aiSystemId, ENV.aiSystemId, String),
      maxContentLength: pipelineOptions.maxContentLength,
      dedupeLogs: true,
      logger,
    });
    this.mapper = mapper;
    this.logWindow = new LogWaitWindow(options.logWaitMs, options.maxLogWaitingSpans, 20_000);
    this.ingest = new SpanIngest({
      mapper,
      runtime,
      window: this.logWindow,
      recent: this.recent,
      maxItemsPerRequest: options.maxItemsPerRequest,
      filterReadsWholeSpan: pipelineOptions.filter !== undefined,
      logger,
    });
    this.checkAuth = createAuthChecker(options.authToken, 'Option `authToken` (VAXELIA_GATEWAY_AUTH_TOKEN)');
    this.bytes = new ByteBudget(options.maxInflightBytes);
    this.server = createServer((req, res) => this.handle(req, res));
    // Slow or stalled clients cannot hold a request slot for long.
    this.server.requestTimeout = 60_000;
    this.server.headersTimeout = 20_000;
    this.server.keepAliveTimeout = 30_000;
  }

  /**
   * After a restart: decisions the previous process recorded (still in the queue's segments, or in
   * the journal once their segment was delivered and deleted) count as recorded, so a Collector
   * retrying the request whose acknowledgement the crash swallowed does not chain them a second time.
   */
  rememberRecorded(decisionIds: Iterable<string>, journal?: RecordedIdsJournal): void {
    for (const id of decisionIds) this.recent.add(id);
    if (journal) {
      this.recent.persistTo(journal);
      this.journal = journal;
    }
  }

  /** Reloads the log records earlier processes stored (content for spans not yet received). */
  async openLogStore(store: GatewayLogStore): Promise<void> {
    this.logStore = store;
    for (const record of await store.reload()) {
      this.mapper.addLog(record);
      this.logWindow.noteLog(record);
    }
    this.ingest.logStore = store;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        this.server.on('error', (error) => this.logger('error', 'vaxelia gateway: server error', { error: error.name }));
        const address = this.server.address() as AddressInfo;
        this.port = address.port;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.url = `http://${host}:${this.port}`;
        this.logger('info', 'vaxelia gateway listening', { url: this.url });
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closePromise ??= (async () => {
      this.stopping.abort();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeIdleConnections();
      await Promise.allSettled([...this.inflight]);
      await this.runtime.shutdown();
      await this.journal?.close();
      await this.logStore?.close();
      this.server.closeAllConnections();
      await closed;
    })();
    return this.closePromise;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const task = this.route(req, res).catch((error: unknown) => {
      this.logger('error', 'vaxelia gateway: request failed', { error: (error as Error)?.name });
      if (!res.headersSent) this.sendStatus(res, 500, 'json', RPC.INTERNAL, 'internal error');
      else res.destroy();
    });
    this.inflight.add(task);
    void task.finally(() => this.inflight.delete(task));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    if (path === '/healthz' || path === '/readyz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return this.sendPlain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      if (path === '/healthz') return this.sendPlain(res, 200, 'ok');
      const reason = this.notReadyReason();
      return reason ? this.sendPlain(res, 503, reason) : this.sendPlain(res, 200, 'ready');
    }
    const signal = SIGNAL_BY_PATH[path];
    if (!signal) return this.sendPlain(res, 404, 'not found');
    if (req.method !== 'POST') return this.sendPlain(res, 405, 'method not allowed', { allow: 'POST' });
    const encoding = encodingOf(req.headers['content-type']);
    if (this.checkAuth(req.headers.authorization) !== 'ok') {
      return this.sendStatus(res, 401, encoding ?? 'json', RPC.UNAUTHENTICATED, 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });
    }
    if (!encoding) {
      return this.sendPlain(res, 415, 'unsupported Content-Type (application/x-protobuf or application/json)', { accept: 'application/x-protobuf, application/json' });
    }
    if (this.stopping.signal.aborted) return this.sendStatus(res, 503, encoding, RPC.UNAVAILABLE, 'gateway is shutting down', this.retryAfter());
    if (this.exporting >= this.options.maxInflightRequests) {
      return this.sendStatus(res, 429, encoding, RPC.RESOURCE_EXHAUSTED, 'too many concurrent requests', this.retryAfter());
    }
    if (signal === 'traces' && this.queueDepth() >= this.options.maxQueueDepth) {
      return this.sendStatus(res, 503, encoding, RPC.UNAVAILABLE, 'decision queue at its limit (endpoint unreachable?)', this.retryAfter());
    }
    this.exporting++;
    try {
      await this.export(req, res, signal, encoding);
    } finally {
      this.exporting--;
    }
  }

  private async export(req: IncomingMessage, res: ServerResponse, signal: Signal, encoding: OtlpEncoding): Promise<void> {
    // Bounded before the body is read: its Content-Length is reserved first (streamed bytes as they
    // come without one), so concurrent large requests get 429 instead of all being buffered.
    const body = await readBody(req, { maxBytes: this.options.maxBodyBytes, decompress: true, budget: this.bytes });
    let outcome: IngestOutcome;
    try {
      if (!body.ok) {
        const retry = body.status === 429 ? this.retryAfter() : {};
        return this.sendStatus(res, body.status, encoding, body.status === 429 ? RPC.RESOURCE_EXHAUSTED : RPC.INVALID_ARGUMENT, body.message, retry);
      }
      const request = decodeRequest(signal, encoding, body.body, this.options.maxItemsPerRequest);
      outcome = signal === 'traces' ? await this.ingest.ingestTraces(request, this.stopping.signal) : await this.ingest.ingestLogs(request);
    } catch (error) {
      if (error instanceof MalformedRequestError) return this.sendStatus(res, 400, encoding, RPC.INVALID_ARGUMENT, error.message);
      if (error instanceof RequestTooLargeError) return this.sendStatus(res, 413, encoding, RPC.INVALID_ARGUMENT, error.message);
      throw error;
    } finally {
      this.bytes.release(body.reserved);
    }
    if (outcome.status === 'too-many') return this.sendStatus(res, 413, encoding, RPC.INVALID_ARGUMENT, outcome.message);
    if (outcome.status === 'unavailable') return this.sendStatus(res, 503, encoding, RPC.UNAVAILABLE, outcome.message, this.retryAfter());
    this.send(res, 200, encoding, encodeExportResponse(signal, encoding, outcome.rejected, outcome.errorMessage));
  }

  private notReadyReason(): string | undefined {
    if (this.stopping.signal.aborted) return 'shutting down';
    // Its backlog is unreadable (a wrong VAXELIA_BUFFER_KEY): this gateway cannot deliver it.
    const keyError = this.runtime.delivery?.queue.keyError();
    if (keyError) return `queued decisions cannot be read (${keyError.code}): check VAXELIA_BUFFER_KEY`;
    const notRecording = this.runtime.notRecordingReason();
    if (notRecording) return notRecording;
    if (this.queueDepth() >= this.options.maxQueueDepth) return 'decision queue at its limit';
    if (this.exporting >= this.options.maxInflightRequests) return 'at the concurrent request limit';
    return undefined;
  }

  private queueDepth(): number {
    try {
      return this.runtime.delivery?.queue.depth() ?? 0;
    } catch {
      return 0;
    }
  }

  private retryAfter(): Record<string, string> {
    return { 'retry-after': String(this.options.retryAfterSeconds) };
  }

  private sendStatus(res: ServerResponse, status: number, encoding: OtlpEncoding, code: number, message: string, headers: Record<string, string> = {}): void {
    this.send(res, status, encoding, encodeStatus(encoding, code, message), headers);
  }

  private send(res: ServerResponse, status: number, encoding: OtlpEncoding, body: Buffer, headers: Record<string, string> = {}): void {
    this.finish(res, status, { 'content-type': contentTypeOf(encoding), ...headers }, body);
  }

  private sendPlain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    this.finish(res, status, { 'content-type': 'text/plain; charset=utf-8', ...headers }, Buffer.from(`${text}\n`));
  }

  private finish(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
    const req = res.req;
    // An unread (refused) body is not drained: the connection closes after the answer.
    const unread = !req.complete;
    if (unread || this.stopping.signal.aborted) headers.connection = 'close';
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
    if (unread) res.once('finish', () => setTimeout(() => req.destroy(), 1000).unref());
  }
}
