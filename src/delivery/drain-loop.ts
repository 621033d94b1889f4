import { createHash } from 'node:crypto';
import { errorSummary } from '../core/error-summary.js';
import type { Logger } from '../core/logger.js';
import type { EncryptedQueue } from '../queue/encrypted-queue.js';
import type { DecisionSender } from './decision-sender.js';
import type { EndpointHealth } from './endpoint-health.js';
import type { InFlight } from './in-flight.js';

/**
 * The drain loop of DESIGN.md §7: reads queued entries back from disk and sends them, on start, on
 * an interval, after a success that follows failures, and at shutdown. One pass at a time; a pass
 * stops at the first failure and the next one waits for the backoff (or the endpoint's
 * `Retry-After`).
 */
export class DrainLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly queue: EncryptedQueue,
    private readonly inFlight: InFlight,
    private readonly health: EndpointHealth,
    private readonly sender: DecisionSender,
    private readonly concurrency: number,
    private readonly log: Logger,
    private readonly abortSignal: AbortSignal,
  ) {}

  /** A pass is running or scheduled. */
  get busy(): boolean {
    return this.running !== undefined || this.timer !== undefined;
  }

  schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drainNow().catch(() => {});
    }, delayMs);
    this.timer.unref();
  }

  /** Schedules the backoff-timed probe unless a drain is running or already scheduled. */
  scheduleIfIdle(): void {
    if (!this.busy) this.schedule(this.health.nextDrainDelay());
  }

  /** Entries were left on disk for the drain: run a pass soon (now, unless the endpoint fails). */
  entriesLeft(): void {
    if (this.health.failing) this.scheduleIfIdle();
    else {
      this.again = true;
      if (!this.running) this.schedule(0);
    }
  }

  /** Runs one pass (after the one in progress, if any); resolves the number of decisions sent. */
  drainNow(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.drainNow());
    }
    this.again = false;
    const pass = this.pass().finally(() => {
      this.running = undefined;
    });
    this.running = pass;
    void pass.then(
      (sent) => {
        if (this.stopped) return;
        if (this.health.failing) this.schedule(this.health.nextDrainDelay());
        // Entries left for the drain arrived during the pass, or it made progress: go again now (a
        // wait of drainIntervalMs here held a backlog behind a healthy endpoint for 30 s a pass).
        else if (sent > 0 || this.again) this.schedule(0);
        else this.schedule(this.health.drainIntervalMs);
      },
      () => {},
    );
    return pass;
  }

  /** Stops scheduling; then a last bounded drain (cut by the abort signal at shutdown's deadline). */
  async finalDrain(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running.catch(() => {});
    let sent = await this.pass().catch(() => 0);
    while (sent > 0 && !this.health.failing && !this.abortSignal.aborted) sent = await this.pass().catch(() => 0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Settles once the pass in progress (if any) has. */
  async idle(): Promise<void> {
    await this.running?.catch(() => {});
  }

  private async pass(): Promise<number> {
    let sent = 0;
    let failed = false;
    const running = new Set<Promise<void>>();
    this.health.retryInMillis = undefined;
    try {
      // Entries being sent from memory are not even decrypted (under a backlog most of a pass's entries).
      for await (const entry of this.queue.entries({ held: (ref) => this.inFlight.isClaimed(ref) })) {
        if (failed || this.abortSignal.aborted) break;
        if (!this.inFlight.claim(entry.ref)) continue;
        const decisionId = decisionIdOf(entry.body);
        const task = (async () => {
          try {
            if (failed) return;
            const outcome = await this.sender.attempt(entry, decisionId);
            if (outcome.kind === 'held') failed = true;
            else if (outcome.kind === 'delivered') sent++;
          } finally {
            this.inFlight.release(entry.ref);
          }
        })();
        running.add(task);
        void task.finally(() => running.delete(task));
        // Keep at most `concurrency` bodies in memory: wait while the pool is full.
        while (running.size >= this.concurrency) await Promise.race(running);
      }
    } catch (error) {
      this.log('error', 'vaxelia: draining the encrypted queue failed', { error: errorSummary(error) });
    }
    await Promise.allSettled([...running]);
    if (failed) this.health.drainFailures++;
    else if (sent > 0 || this.queue.depth() === 0) this.health.drainFailures = 0;
    await this.queue.flushAcks();
    return sent;
  }
}

/** The Idempotency-Key of a queued body: its decisionId, or a digest when a body has none. */
export function decisionIdOf(body: string): string {
  try {
    const id = (JSON.parse(body) as { decisionId?: unknown }).decisionId;
    if (typeof id === 'string' && id !== '') return id;
  } catch {
    // fall through
  }
  return createHash('sha256').update(body).digest('hex');
}
