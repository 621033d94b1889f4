import { setMaxListeners } from 'node:events';
import { type Logger, type ReportingOptions, safeLogger } from '../core/logger.js';
import { recordText } from '../core/record-text.js';
import type { AIDecision } from '../decision.js';
import { ConfigError, DecisionNotRecordedError, PermanentRejectionError } from '../errors.js';
import type { DecisionSink } from '../core/decision-sink.js';
import { createEncryptedQueue, type EncryptedQueue, type EncryptedQueueOptions, type QueuedEntry, type RecoveredState } from '../queue/encrypted-queue.js';
import { type Attempt, DecisionSender } from './decision-sender.js';
import { createDeliveryMetrics, type DeliveryMetrics } from './delivery-metrics.js';
import { DrainLoop } from './drain-loop.js';
import { EndpointHealth } from './endpoint-health.js';
import type { DeliveryTransport } from './export-response.js';
import { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
import { InFlight } from './in-flight.js';
import { QueueDepthAlarm } from './queue-depth-alarm.js';
import { retryDelay } from './retry-policy.js';

export interface DeliveryServiceOptions
  extends HttpTransportOptions,
    Pick<ReportingOptions, 'logger' | 'errorsToStderr'>,
    Pick<EncryptedQueueOptions, 'bufferDir' | 'bufferKey' | 'previousKeys' | 'retentionMs' | 'afterCommit' | 'beforeSegmentDelete'> {
  /** Concurrent requests to the endpoint. @defaultValue 8 */
  concurrency?: number;
  /** Attempts per decision before it is left to the queue's drain loop. @defaultValue 5 */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. @defaultValue 1000 */
  baseDelayMs?: number;
  /** Cap of the retry delay. @defaultValue 30000 */
  maxDelayMs?: number;
  /** Drain interval while the endpoint is healthy (after failures the drain follows the backoff). @defaultValue 30000 */
  drainIntervalMs?: number;
  /** Drain the queue as soon as the service starts. @defaultValue true */
  drainOnStart?: boolean;
  /** Upper bound of `shutdown()`, even with the endpoint down. @defaultValue 10000 */
  shutdownTimeoutMs?: number;
  /**
   * Queue depth (decisions waiting on disk) past which an ERROR says the queue is growing; said
   * again after the depth fell below half of it. @defaultValue 100000; env `VAXELIA_QUEUE_ALERT_DEPTH`
   */
  queueAlertDepth?: number;
  /** Injected transport (tests, custom protocols). @defaultValue `createHttpTransport(options)` */
  transport?: DeliveryTransport;
  /** Injected queue. @defaultValue `createEncryptedQueue(options)` */
  queue?: EncryptedQueue;
  /** Backoff sleep, for tests. Must resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export type SubmitOutcome = { outcome: 'delivered' | 'buffered' };

/**
 * The delivery layer as a `DecisionSink`: every decision is written to the encrypted queue first
 * (group commit), then sent; a 2xx acks it, a rejection of the decision dead-letters it, anything
 * else (endpoint down, endpoint misconfigured) leaves it queued for the drain loop.
 */
export interface DeliveryService extends DecisionSink {
  /**
   * Resolves once every decision is durably queued; delivery continues in the background. `mark`
   * is handed to `afterCommit` once the batch is durable.
   */
  write(decisions: readonly AIDecision[], mark?: unknown): Promise<void>;
  /**
   * Queues one decision and tries to deliver it within the retry budget: `delivered` after a 2xx,
   * `buffered` when it stays queued; rejects with `PermanentRejectionError` (dead-lettered) or
   * `DecisionNotRecordedError` (not even queued).
   */
  submit(decision: AIDecision, mark?: unknown): Promise<SubmitOutcome>;
  /** Drains the queue now, until it is empty or the endpoint fails. */
  flushBuffer(): Promise<{ sent: number; remaining: number }>;
  /**
   * Newest queued record per chainId (for the chain writer to continue past it after a crash), and
   * the decision ids still in the queue's segments.
   */
  recover(): Promise<RecoveredState>;
  readonly queue: EncryptedQueue;
}

export function createDeliveryService(options: DeliveryServiceOptions = {}): DeliveryService {
  return new QueuedDeliveryService(options);
}

/** Fresh deliveries kept in memory at most; beyond, entries wait on disk for the drain. */
const MAX_FRESH_IN_FLIGHT = 1024;

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** The facade: write-ahead to the queue, fresh deliveries with retries, flush and shutdown. */
class QueuedDeliveryService implements DeliveryService {
  readonly queue: EncryptedQueue;
  private readonly transport: DeliveryTransport;
  private readonly log: Logger;
  private readonly metrics: DeliveryMetrics;
  private readonly health: EndpointHealth;
  private readonly sender: DecisionSender;
  private readonly drain: DrainLoop;
  private readonly inFlight = new InFlight();
  private readonly depthAlarm: QueueDepthAlarm;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly shutdownTimeoutMs: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when shutdown's deadline passes: in-flight requests are cut (entries stay queued). */
  private readonly abort = new AbortController();
  /** Aborted to cut backoff sleeps short (flushBuffer, shutdown); replaced after each use. */
  private wake = new AbortController();
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: DeliveryServiceOptions) {
    this.log = safeLogger(options.logger, options);
    const concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
    this.sleep = options.sleep ?? defaultSleep;
    const transport = options.transport ?? createHttpTransport({ ...options, maxSockets: concurrency });
    this.transport = transport;
    this.queue =
      options.queue ??
      createEncryptedQueue({
        bufferDir: options.bufferDir,
        bufferKey: options.bufferKey,
        previousKeys: options.previousKeys,
        retentionMs: options.retentionMs,
        afterCommit: options.afterCommit,
        beforeSegmentDelete: options.beforeSegmentDelete,
        logger: this.log,
      });
    // One listener per delivery in flight (bounded by MAX_FRESH_IN_FLIGHT + concurrency), all removed.
    setMaxListeners(0, this.abort.signal);
    setMaxListeners(0, this.wake.signal);
    this.metrics = createDeliveryMetrics(() => this.queue.depth());
    this.queue.onQuarantine = (n) => this.metrics.quarantined(n);
    this.depthAlarm = new QueueDepthAlarm(resolveQueueAlertDepth(options.queueAlertDepth), this.log, this.metrics);
    this.health = new EndpointHealth(this.log, this.baseDelayMs, this.maxDelayMs, options.drainIntervalMs ?? 30_000);
    this.sender = new DecisionSender(this.queue, transport, this.health, this.metrics, this.log, concurrency, this.abort.signal, () => this.drain.schedule(0));
    this.drain = new DrainLoop(this.queue, this.inFlight, this.health, this.sender, concurrency, this.log, this.abort.signal);
    if ('route' in transport && transport.route !== 'direct') this.log('info', 'vaxelia: decision-log delivery route', { route: transport.route });
    if (options.drainOnStart ?? true) this.drain.schedule(0);
    else this.drain.schedule(this.health.drainIntervalMs);
  }

  // ---- DecisionSink -------------------------------------------------------------------------

  async write(decisions: readonly AIDecision[], mark?: unknown): Promise<void> {
    if (decisions.length === 0) return;
    // While the endpoint fails nothing of the batch is kept for sending: only its ciphertext waits
    // for the fsync, and the drain loop reads the entries back from disk.
    const entries = await this.enqueue(decisions, !this.health.failing, mark);
    if (!entries) return;
    let leftQueued = entries.length < decisions.length;
    for (const { entry, decisionId } of entries) {
      // While the endpoint fails, or when enough deliveries are already in flight, the entry waits
      // on disk for the drain loop: memory stays bounded whatever the outage or the load.
      if (this.health.failing || this.inFlight.taskCount >= MAX_FRESH_IN_FLIGHT) {
        this.inFlight.release(entry.ref);
        leftQueued = true;
        continue;
      }
      this.inFlight.track(this.deliverWithRetries(entry, decisionId));
    }
    if (leftQueued) this.drain.entriesLeft();
  }

  async submit(decision: AIDecision, mark?: unknown): Promise<SubmitOutcome> {
    const entries = await this.enqueue([decision], true, mark);
    if (!entries) return { outcome: 'buffered' };
    const { entry, decisionId } = entries[0]!;
    const result = await this.inFlight.track(this.deliverWithRetries(entry, decisionId));
    if (result.kind === 'delivered') return { outcome: 'delivered' };
    if (result.kind === 'rejected') throw new PermanentRejectionError(result.statusCode, result.reason, decisionId);
    return { outcome: 'buffered' };
  }

  async forceFlush(): Promise<void> {
    // Every write issued before this call resolves once durable (or rejects); then acks are persisted.
    await this.inFlight.writesSettled();
    await this.queue.flushAcks();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown();
    return this.shutdownPromise;
  }

  async flushBuffer(): Promise<{ sent: number; remaining: number }> {
    let sent = 0;
    if (!this.stopped) {
      // Deliveries retrying in the background try again now and settle before the drain.
      this.wakeSleepers();
      await this.inFlight.tasksSettled();
      // A pass already running may have started before the caller's writes: run passes until one
      // sends nothing (or fails).
      while (true) {
        const n = await this.drain.drainNow();
        sent += n;
        if (n === 0 || this.health.failing) break;
      }
    }
    await this.queue.flushAcks();
    return { sent, remaining: this.queue.depth() };
  }

  recover(): Promise<RecoveredState> {
    return this.queue.recover();
  }

  private wakeSleepers(): void {
    const woken = this.wake;
    this.wake = new AbortController();
    setMaxListeners(0, this.wake.signal);
    woken.abort();
  }

  // ---- write-ahead --------------------------------------------------------------------------

  /**
   * Appends to the queue; `undefined` when the entries must not be sent yet (afterCommit failed).
   * Without `keepForSending` the bodies are dropped once encrypted and no entry is returned.
   */
  private async enqueue(
    decisions: readonly AIDecision[],
    keepForSending: boolean,
    mark: unknown,
  ): Promise<{ entry: QueuedEntry; decisionId: string }[] | undefined> {
    this.metrics.received(decisions.length);
    // Not logged nor counted here: the caller reports "not recorded" once (pipeline/not-recorded.ts).
    if (this.stopped) throw new DecisionNotRecordedError('The decision was received after shutdown.', decisions[0]?.decisionId);
    let bodies: string[] | undefined = decisions.map((d) => recordText(d));
    const appended = this.inFlight.trackWrite(this.queue.append(bodies, mark));
    if (!keepForSending) bodies = undefined;
    let result: Awaited<typeof appended>;
    try {
      result = await appended;
    } catch (error) {
      // The queue's error stays the cause: it says whether the failed records may remain on disk.
      throw error instanceof DecisionNotRecordedError
        ? new DecisionNotRecordedError(error.message, decisions[0]?.decisionId, { cause: error })
        : new DecisionNotRecordedError('Could not queue the decision.', decisions[0]?.decisionId, { cause: error });
    }
    this.metrics.queued(decisions.length);
    this.depthAlarm.check(this.queue.depth());
    if (!result.dispatchable) return undefined;
    if (!bodies) return [];
    const kept = bodies;
    const now = Date.now();
    return result.refs.map((ref, i) => {
      // Claimed before any drain pass can see it (a drain needs I/O to reach it; this runs now).
      this.inFlight.claim(ref);
      return { entry: { ref, body: kept[i]!, enqueuedAt: now }, decisionId: decisions[i]!.decisionId };
    });
  }

  // ---- fresh deliveries -----------------------------------------------------------------------

  /** One decision, up to `maxAttempts`; the caller has claimed it in `inFlight`. */
  private async deliverWithRetries(entry: QueuedEntry, decisionId: string): Promise<Attempt> {
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.abort.signal.aborted) return { kind: 'held', response: { status: 'retryable', reason: 'aborted', error: new Error('aborted') } };
        const outcome = await this.sender.attempt(entry, decisionId);
        if (outcome.kind !== 'held') return outcome;
        // A misconfigured endpoint does not heal in seconds: leave the entry to the drain's backoff.
        if (attempt >= this.maxAttempts || outcome.response.status === 'misconfigured') {
          if (outcome.response.status !== 'misconfigured') {
            this.log('warn', 'vaxelia: decision not delivered after retries; kept in the encrypted queue', { decisionId, attempts: attempt });
          }
          this.drain.scheduleIfIdle();
          return outcome;
        }
        const retryInMillis = outcome.response.status === 'retryable' ? outcome.response.retryInMillis : undefined;
        if (this.stopped) return outcome;
        await this.sleep(retryDelay(attempt, retryInMillis, this.baseDelayMs, this.maxDelayMs), this.wake.signal);
        if (this.stopped) return outcome;
      }
    } finally {
      this.inFlight.release(entry.ref);
    }
  }

  // ---- shutdown -----------------------------------------------------------------------------

  private async doShutdown(): Promise<void> {
    const deadline = Date.now() + this.shutdownTimeoutMs;
    this.stopped = true;
    this.wakeSleepers();
    this.drain.stop();
    const work = (async () => {
      await this.inFlight.writesSettled();
      await this.inFlight.tasksSettled(); // requests in flight finish; backoff sleeps end now
      // Last bounded drain attempt (includes what fresh retries have not delivered yet).
      await this.drain.finalDrain();
    })();
    const remaining = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, remaining)))]);
    clearTimeout(timer);
    this.abort.abort();
    await Promise.allSettled([work, this.inFlight.tasksSettled(), this.drain.idle()]);
    this.metrics.stop();
    try {
      await this.queue.close();
    } finally {
      this.transport.shutdown();
    }
  }
}

function resolveQueueAlertDepth(option: number | undefined): number {
  const raw = option ?? process.env.VAXELIA_QUEUE_ALERT_DEPTH?.trim();
  if (raw === undefined || raw === '') return 100_000;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError('`queueAlertDepth` / VAXELIA_QUEUE_ALERT_DEPTH must be a positive integer.');
  return value;
}
