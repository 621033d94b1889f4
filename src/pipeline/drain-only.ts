import type { ChainWriter } from '../chain/writer/chain-writer.js';
import type { DecisionSink } from '../core/decision-sink.js';
import { errorSummary } from '../core/error-summary.js';
import type { Logger } from '../core/logger.js';
import type { AIDecision } from '../decision.js';
import type { DeliveryService } from '../delivery/delivery-service.js';
import { DecisionNotRecordedError } from '../errors.js';

export type NoSpaceCode = 'ENOSPC' | 'EROFS' | 'EDQUOT';

/** How often a runtime that is draining only tries to open its chain again. */
export const DRAIN_ONLY_RETRY_MS = 5_000;

/**
 * The sink of a runtime that started on a full or read-only buffer directory. Delivering what is
 * queued needs no new space, so the process starts and drains; new decisions cannot be chained
 * (taking the chain lock writes a file), so they are refused — reported as not recorded, never
 * silently. Every few seconds it tries to open the chain again; once that works (the drain freed
 * space, an operator remounted the disk) `start` hands the chain to the runtime and new decisions
 * are recorded again, without a restart.
 */
export class DrainOnly implements DecisionSink {
  /** New decisions are refused while this is set. */
  refusing = true;
  private refused = 0;
  private timer: NodeJS.Timeout | undefined;
  private reportedOtherError = false;

  constructor(
    private readonly delivery: DeliveryService,
    readonly reason: NoSpaceCode,
    private readonly bufferDir: string,
    private readonly logger: Logger,
    private readonly openChain: () => ChainWriter,
    /**
     * Continues the chain and resumes recording (in the pipeline's order); false when the runtime
     * is shutting down (the chain is closed again), rejects if the head could not be written.
     */
    private readonly start: (chain: ChainWriter) => Promise<boolean>,
  ) {
    logger('error', `vaxelia: the buffer directory is ${describe(reason)}; delivering what is queued, but new decisions are not recorded until it has space again (tried every ${DRAIN_ONLY_RETRY_MS / 1000} s)`, {
      condition: 'drain-only',
      bufferDir,
      error: reason,
    });
    this.retryLater();
  }

  async write(decisions: readonly AIDecision[], mark?: unknown): Promise<void> {
    if (!this.refusing) return this.delivery.write(decisions, mark);
    this.refused += decisions.length;
    throw new DecisionNotRecordedError(`The buffer directory is ${describe(this.reason)} (${this.reason}); only the backlog is delivered until it has space again.`, decisions[0]?.decisionId);
  }

  forceFlush(): Promise<void> {
    return this.delivery.forceFlush();
  }

  shutdown(): Promise<void> {
    this.stopRetrying();
    return this.delivery.shutdown();
  }

  /** Called by the runtime once its chain is open and in the stages. */
  resume(): void {
    this.refusing = false;
  }

  stopRetrying(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private retryLater(): void {
    this.timer = setInterval(() => this.tryToResume(), DRAIN_ONLY_RETRY_MS);
    this.timer.unref();
  }

  private tryToResume(): void {
    let chain: ChainWriter;
    try {
      chain = this.openChain();
    } catch (error) {
      if (!noSpaceOrReadOnly(error) && !this.reportedOtherError) {
        this.reportedOtherError = true;
        this.logger('error', 'vaxelia: the chain could not be opened while draining only; retrying', { bufferDir: this.bufferDir, error: errorSummary(error) });
      }
      return;
    }
    this.stopRetrying();
    this.start(chain).then(
      (started) => {
        if (!started) return;
        this.logger('warn', 'vaxelia: the buffer directory is writable again; new decisions are recorded from now on', {
          condition: 'drain-only-ended',
          bufferDir: this.bufferDir,
          refusedWhileDraining: this.refused,
        });
      },
      (error: unknown) => {
        // Space went again before the head was written: close the chain (its lock) and keep trying.
        chain.close().catch(() => undefined);
        this.logger('warn', 'vaxelia: the chain opened but its head could not be written; still draining only', { bufferDir: this.bufferDir, error: errorSummary(error) });
        this.retryLater();
      },
    );
  }
}

export function noSpaceOrReadOnly(error: unknown): NoSpaceCode | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EROFS' || code === 'EDQUOT') return code;
  }
  return undefined;
}

const describe = (code: NoSpaceCode) => (code === 'EROFS' ? 'read-only' : 'full');
