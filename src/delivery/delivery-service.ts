import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { AIDecision } from '../decision.js';
import { DecisionNotRecordedError, PermanentRejectionError } from '../errors.js';
import type { DecisionSink } from '../pipeline/decision-sink.js';
import { createEncryptedQueue, type EncryptedQueue, type EncryptedQueueOptions, type QueuedEntry, type RecoveredState } from '../queue/encrypted-queue.js';
import { backoffDelay } from './backoff.js';
import { createDeliveryMetrics, type DeliveryMetrics } from './delivery-metrics.js';
import type { DeliveryResponse, DeliveryTransport } from './export-response.js';
import { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
import { type Logger, safeLogger } from './logger.js';
import { Semaphore } from './semaphore.js';

export interface DeliveryServiceOptions
  extends HttpTransportOptions,
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
  /** Injected transport (tests, custom protocols). @defaultValue `createHttpTransport(options)` */
  transport?: DeliveryTransport;
  /** Injected queue. @defaultValue `createEncryptedQueue(options)` */
  queue?: EncryptedQueue;
  /** Backoff sleep, for tests. Must resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** @defaultValue OpenTelemetry `diag` */
  logger?: Logger;
}

export type SubmitOutcome = { outcome: 'delivered' | 'buffered' };

/**
 * The delivery layer as a `DecisionSink`: every decision is written to the encrypted queue first
 * (group commit), then sent; a 2xx acks it, a permanent 4xx dead-letters it, a transient failure
 * leaves it queued for the drain loop.
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

type Attempt = { kind: 'delivered' } | { kind: 'rejected'; statusCode: number; reason: string } | { kind: 'buffered' };

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

class QueuedDeliveryService implements DeliveryService {
  readonly queue: EncryptedQueue;
  private readonly transport: DeliveryTransport;
  private readonly log: Logger;
  private readonly metrics: DeliveryMetrics;
  private readonly semaphore: Semaphore;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly drainIntervalMs: number;
  private readonly shutdownTimeoutMs: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when shutdown's deadline passes: in-flight requests are cut (entries stay queued). */
  private readonly abort = new AbortController();
  /** Aborted to cut backoff sleeps short (flushBuffer, shutdown); replaced after each use. */
  private wake = new AbortController();
  private readonly inFlight = new Set<string>();
  private readonly pendingWrites = new Set<Promise<unknown>>();
  private readonly tasks = new Set<Promise<unknown>>();
  /** Set by any transient failure, cleared by any success: while set, new writes wait for the drain. */
  private endpointFailing = false;
  private drainFailures = 0;
  private nextRetryInMillis: number | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | undefined;
  private drainAgain = false;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: DeliveryServiceOptions) {
    this.log = safeLogger(options.logger);
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
    this.transport = options.transport ?? createHttpTransport({ ...options, maxSockets: options.concurrency ?? 8 });
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.semaphore = new Semaphore(this.concurrency);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.drainIntervalMs = options.drainIntervalMs ?? 30_000;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
    this.sleep = options.sleep ?? defaultSleep;
    // One listener per delivery in flight (bounded by MAX_FRESH_IN_FLIGHT + concurrency), all removed.
    setMaxListeners(0, this.abort.signal);
    setMaxListeners(0, this.wake.signal);
    this.metrics = createDeliveryMetrics(() => this.queue.depth());
    this.queue.onQuarantine = (n) => this.metrics.quarantined(n);
    if (options.drainOnStart ?? true) this.scheduleDrain(0);
    else this.scheduleDrain(this.drainIntervalMs);
  }

  // ---- DecisionSink -------------------------------------------------------------------------

  async write(decisions: readonly AIDecision[], mark?: unknown): Promise<void> {
    if (decisions.length === 0) return;
    // While the endpoint fails nothing of the batch is kept for sending: only its ciphertext waits
    // for the fsync, and the drain loop reads the entries back from disk.
    const entries = await this.enqueue(decisions, !this.endpointFailing, mark);
    if (!entries) return;
    let leftQueued = entries.length < decisions.length;
    for (const { entry, decisionId } of entries) {
      // While the endpoint fails, or when enough deliveries are already in flight, the entry waits
      // on disk for the drain loop: memory stays bounded whatever the outage or the load.
      if (this.endpointFailing || this.tasks.size >= MAX_FRESH_IN_FLIGHT) {
        this.inFlight.delete(refKey(entry.ref));
        leftQueued = true;
        continue;
      }
      this.track(this.deliverWithRetries(entry, decisionId));
    }
    if (leftQueued) {
      if (this.endpointFailing) this.scheduleDrainIfIdle();
      else this.drainAgain = true;
      if (!this.endpointFailing && !this.draining) this.scheduleDrain(0);
    }
  }

  async submit(decision: AIDecision, mark?: unknown): Promise<SubmitOutcome> {
    const entries = await this.enqueue([decision], true, mark);
    if (!entries) return { outcome: 'buffered' };
    const { entry, decisionId } = entries[0]!;
    const result = await this.track(this.deliverWithRetries(entry, decisionId));
    if (result.kind === 'delivered') return { outcome: 'delivered' };
    if (result.kind === 'rejected') throw new PermanentRejectionError(result.statusCode, result.reason, decisionId);
    return { outcome: 'buffered' };
  }

  async forceFlush(): Promise<void> {
    // Every write issued before this call resolves once durable (or rejects); then acks are persisted.
    await Promise.allSettled([...this.pendingWrites]);
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
      await Promise.allSettled([...this.tasks]);
      // A pass already running may have started before the caller's writes: run passes until one
      // sends nothing (or fails).
      while (true) {
        const n = await this.drainNow();
        sent += n;
        if (n === 0 || this.endpointFailing) break;
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
    let bodies: string[] | undefined = decisions.map((d) => JSON.stringify(d));
    const appended = this.queue.append(bodies, mark);
    if (!keepForSending) bodies = undefined;
    this.pendingWrites.add(appended);
    let result: Awaited<typeof appended>;
    try {
      result = await appended;
    } catch (error) {
      // The queue's error stays the cause: it says whether the failed records may remain on disk.
      throw error instanceof DecisionNotRecordedError
        ? new DecisionNotRecordedError(error.message, decisions[0]?.decisionId, { cause: error })
        : new DecisionNotRecordedError('Could not queue the decision.', decisions[0]?.decisionId, { cause: error });
    } finally {
      this.pendingWrites.delete(appended);
    }
    this.metrics.queued(decisions.length);
    if (!result.dispatchable) return undefined;
    if (!bodies) return [];
    const kept = bodies;
    const now = Date.now();
    return result.refs.map((ref, i) => {
      const entry = { ref, body: kept[i]!, enqueuedAt: now };
      // Claimed before any drain pass can see it (a drain needs I/O to reach it; this runs now).
      this.inFlight.add(refKey(ref));
      return { entry, decisionId: decisions[i]!.decisionId };
    });
  }

  // ---- sending ------------------------------------------------------------------------------

  private track<T>(promise: Promise<T>): Promise<T> {
    this.tasks.add(promise);
    void promise.finally(() => this.tasks.delete(promise)).catch(() => {});
    return promise;
  }

  /** One decision, up to `maxAttempts`; the caller has claimed it in `inFlight`. */
  private async deliverWithRetries(entry: QueuedEntry, decisionId: string): Promise<Attempt> {
    const key = refKey(entry.ref);
    this.inFlight.add(key);
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.abort.signal.aborted) return { kind: 'buffered' };
        const response = await this.sendOnce(entry, decisionId);
        const outcome = await this.settle(entry, decisionId, response);
        if (outcome) return outcome;
        if (attempt >= this.maxAttempts) {
          this.log('warn', 'vaxelia: decision not delivered after retries; kept in the encrypted queue', {
            decisionId,
            attempts: attempt,
          });
          this.scheduleDrainIfIdle();
          return { kind: 'buffered' };
        }
        const delay =
          response.status === 'retryable' && response.retryInMillis !== undefined
            ? response.retryInMillis
            : backoffDelay(attempt, this.baseDelayMs, this.maxDelayMs);
        if (this.stopped) return { kind: 'buffered' };
        await this.sleep(delay, this.wake.signal);
        if (this.stopped) return { kind: 'buffered' };
      }
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async sendOnce(entry: QueuedEntry, decisionId: string): Promise<DeliveryResponse> {
    await this.semaphore.acquire();
    const started = performance.now();
    try {
      if (!this.queue.isPending(entry.ref)) return { status: 'success', statusCode: 0 };
      const response = await this.transport.send(entry.body, decisionId, this.abort.signal);
      this.metrics.latency(performance.now() - started, response.status);
      return response;
    } catch (error) {
      // A custom transport broke its contract; treat as transient so nothing is lost.
      return { status: 'retryable', reason: 'transport threw', error: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      this.semaphore.release();
    }
  }

  /** Applies a final outcome (ack / dead-letter); `undefined` for a transient failure. */
  private async settle(entry: QueuedEntry, decisionId: string, response: DeliveryResponse): Promise<Attempt | undefined> {
    if (response.status === 'success') {
      if (response.statusCode === 0) return { kind: 'delivered' }; // already settled elsewhere
      this.queue.ack(entry.ref);
      this.metrics.delivered(1);
      if (this.endpointFailing) {
        this.endpointFailing = false;
        this.drainFailures = 0;
        this.log('info', 'vaxelia: decision-log endpoint reachable again; draining the queue');
        this.scheduleDrain(0);
      }
      return { kind: 'delivered' };
    }
    if (response.status === 'failure') {
      const statusCode = response.statusCode;
      try {
        await this.queue.deadLetter(entry, statusCode, response.reason);
      } catch (error) {
        this.log('error', 'vaxelia: could not write a dead-letter entry; the decision stays queued', {
          decisionId,
          statusCode,
          error: (error as { code?: string }).code,
        });
        return { kind: 'buffered' };
      }
      this.metrics.deadLettered(1, statusCode);
      this.log('error', 'vaxelia: decision-log endpoint rejected a decision; moved to the dead-letter folder', {
        decisionId,
        statusCode,
      });
      return { kind: 'rejected', statusCode, reason: `HTTP ${statusCode} (details in the dead-letter entry)` };
    }
    if (!this.endpointFailing) {
      this.log('warn', 'vaxelia: decision-log delivery failed; retrying and queueing', {
        decisionId,
        statusCode: response.statusCode,
        reason: response.statusCode === undefined ? response.reason : `HTTP ${response.statusCode}`,
      });
    }
    this.endpointFailing = true;
    if (response.retryInMillis !== undefined) this.nextRetryInMillis = response.retryInMillis;
    return undefined;
  }

  // ---- drain loop ---------------------------------------------------------------------------

  private scheduleDrain(delayMs: number): void {
    if (this.stopped) return;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = setTimeout(() => {
      this.drainTimer = undefined;
      void this.drainNow().catch(() => {});
    }, delayMs);
    this.drainTimer.unref();
  }

  /** Schedules the backoff-timed probe unless a drain is running or already scheduled sooner. */
  private scheduleDrainIfIdle(): void {
    if (this.draining || this.drainTimer) return;
    this.scheduleDrain(this.nextDrainDelay());
  }

  private nextDrainDelay(): number {
    if (this.drainFailures === 0 && !this.endpointFailing) return this.drainIntervalMs;
    const backoff = backoffDelay(Math.max(1, this.drainFailures), this.baseDelayMs, this.maxDelayMs);
    return Math.max(backoff, this.nextRetryInMillis ?? 0);
  }

  /** Runs one pass (after the one in progress, if any); resolves the number of decisions sent. */
  private drainNow(): Promise<number> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining.then(() => this.drainNow());
    }
    this.drainAgain = false;
    const pass = this.drainPass().finally(() => {
      this.draining = undefined;
    });
    this.draining = pass;
    void pass.then(
      (sent) => {
        if (this.stopped) return;
        if (this.endpointFailing) this.scheduleDrain(this.nextDrainDelay());
        // Entries left for the drain arrived during the pass, or it made progress: go again now (a
        // wait of drainIntervalMs here held a backlog behind a healthy endpoint for 30 s a pass).
        else if (sent > 0 || this.drainAgain) this.scheduleDrain(0);
        else this.scheduleDrain(this.drainIntervalMs);
      },
      () => {},
    );
    return pass;
  }

  private async drainPass(): Promise<number> {
    let sent = 0;
    let failed = false;
    const running = new Set<Promise<void>>();
    this.nextRetryInMillis = undefined;
    try {
      for await (const entry of this.queue.entries()) {
        if (failed || this.abort.signal.aborted) break;
        const key = refKey(entry.ref);
        if (this.inFlight.has(key)) continue;
        this.inFlight.add(key);
        const decisionId = decisionIdOf(entry.body);
        const task = (async () => {
          try {
            if (failed) return;
            const response = await this.sendOnce(entry, decisionId);
            const outcome = await this.settle(entry, decisionId, response);
            if (!outcome) failed = true;
            else if (outcome.kind === 'delivered') sent++;
          } finally {
            this.inFlight.delete(key);
          }
        })();
        running.add(task);
        void task.finally(() => running.delete(task));
        // Keep at most `concurrency` bodies in memory: wait while the pool is full.
        while (running.size >= this.concurrency) await Promise.race(running);
      }
    } catch (error) {
      this.log('error', 'vaxelia: draining the encrypted queue failed', { error: (error as { code?: string }).code ?? String((error as Error).name) });
    }
    await Promise.allSettled([...running]);
    if (failed) this.drainFailures++;
    else if (sent > 0 || this.queue.depth() === 0) this.drainFailures = 0;
    await this.queue.flushAcks();
    return sent;
  }

  // ---- shutdown -----------------------------------------------------------------------------

  private async doShutdown(): Promise<void> {
    const deadline = Date.now() + this.shutdownTimeoutMs;
    this.stopped = true;
    this.wakeSleepers();
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    const work = (async () => {
      await Promise.allSettled([...this.pendingWrites]);
      await Promise.allSettled([...this.tasks]); // requests in flight finish; backoff sleeps end now
      // Last bounded drain attempt (includes what fresh retries have not delivered yet).
      await this.drainNowForShutdown();
    })();
    const remaining = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, remaining)))]);
    clearTimeout(timer);
    this.abort.abort();
    await Promise.allSettled([work, ...this.tasks, this.draining]);
    this.metrics.stop();
    try {
      await this.queue.close();
    } finally {
      this.transport.shutdown();
    }
  }

  private async drainNowForShutdown(): Promise<void> {
    if (this.draining) await this.draining.catch(() => {});
    let sent = await this.drainPass().catch(() => 0);
    while (sent > 0 && !this.endpointFailing && !this.abort.signal.aborted) sent = await this.drainPass().catch(() => 0);
  }
}

function refKey(ref: { segmentId: string; offset: number }): string {
  return `${ref.segmentId}:${ref.offset}`;
}

/** The Idempotency-Key of a queued body: its decisionId, or a digest when a body has none. */
function decisionIdOf(body: string): string {
  try {
    const id = (JSON.parse(body) as { decisionId?: unknown }).decisionId;
    if (typeof id === 'string' && id !== '') return id;
  } catch {
    // fall through
  }
  return createHash('sha256').update(body).digest('hex');
}
