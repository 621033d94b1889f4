import { isCanonicalizationError } from '../chain/format/chain-errors.js';
import { type ChainSnapshot, createChainWriter, type ChainWriter } from '../chain/writer/chain-writer.js';
import { advanceIdleChainHead } from '../chain/writer/idle-chain-head.js';
import { MappingContext } from '../mapping/mapping-context.js';
import { sanitizeValue } from '../mapping/sanitize.js';
import type { VaxeliaOptions } from '../config/options.js';
import type { AIDecision } from '../decision.js';
import { ConfigError, DecisionNotRecordedError, VaxeliaError } from '../errors.js';
import { createDeliveryService, type DeliveryService } from '../delivery/delivery-service.js';
import { errorSummary } from '../core/error-summary.js';
import type { Logger } from '../core/logger.js';
import { resolveBufferDir } from '../queue/encrypted-queue.js';
import { redactDecision } from '../redaction/redact-decision.js';
import { createRedactor } from '../redaction/redactor.js';
import { DecisionPipeline, type DecisionStage, type SubmitResult } from './decision-pipeline.js';
import type { DecisionSink } from './decision-sink.js';

/**
 * The shared back half of every way in (processor, exporter, reporter, gateway): redaction → hash
 * chain → sink (HTTP delivery over the encrypted queue by default), in one sequential order.
 * Construction validates the whole configuration, so bad config fails where the user wires it.
 */
export class DecisionRuntime {
  readonly pipeline: DecisionPipeline;
  readonly sink: DecisionSink;
  readonly delivery: DeliveryService | undefined;
  readonly chain: ChainWriter | undefined;
  private readonly checkpointTimer: NodeJS.Timeout | undefined;
  /** Decision ids found in the queue's segments at start (after the pipeline is ready). */
  recoveredDecisionIds: ReadonlySet<string> = new Set();
  private shutdownPromise: Promise<void> | undefined;
  private readonly recovered: Promise<void>;
  private readonly bufferDir: string;

  constructor(
    options: VaxeliaOptions,
    private readonly logger: Logger,
    /** Internal wiring for the gateway (not user options). */
    hooks: { beforeSegmentDelete?: () => Promise<void> } = {},
  ) {
    const stages: DecisionStage[] = [];
    if (options.redaction !== false) {
      const { content, ...redactorOptions } = options.redaction ?? {};
      const redactor = createRedactor({ redactionKey: options.redactionKey, ...redactorOptions });
      stages.push((decision) => redactDecision(decision, redactor, { content }));
    }
    this.bufferDir = resolveBufferDir(options.bufferDir);
    // The chain first: it is synchronous and holds nothing but a lock, so a bad buffer directory
    // fails here before the delivery service starts timers and files.
    if (options.chain !== false) {
      this.chain = usable(() =>
        createChainWriter({ dir: this.bufferDir, signingKey: options.signingKey, aiSystemId: options.aiSystemId, ...options.chain }),
      );
    }
    try {
      this.delivery = options.sink
        ? undefined
        : usable(() =>
            createDeliveryService({
              ...options,
              logger,
              // The chain state after the newest durable batch: never ahead of the disk, even while
              // later batches wait for their fsync.
              afterCommit: (mark) => this.chain?.persistHead(mark as ChainSnapshot | undefined) ?? Promise.resolve(),
              beforeSegmentDelete: async () => {
                // A segment left by a crashed process may hold the only trace of its chain's last
                // records (the crash came before their head was persisted): it may go only once the
                // recovery has read it and persisted the heads it found.
                await this.recovered;
                await hooks.beforeSegmentDelete?.();
              },
            }),
          );
    } catch (error) {
      this.chain?.close().catch(() => undefined);
      throw error;
    }
    this.sink = options.sink ?? this.delivery!;
    if (this.chain) {
      const chain = this.chain;
      stages.push((decision) => {
        try {
          return chain.append(decision);
        } catch (error) {
          // Mapping sanitises what it reads; a record built elsewhere (a reporter call, a future
          // dialect) may still hold a value JSON cannot carry canonically. Repair it rather than lose it.
          if (!isCanonicalizationError(error)) throw error;
          const ctx = new MappingContext(Number.MAX_SAFE_INTEGER);
          const repaired = sanitizeValue(decision, ctx) as AIDecision;
          repaired.mappingWarnings = [...(repaired.mappingWarnings ?? []), 'record repaired before chaining (non-canonical value)'];
          return chain.append(repaired);
        }
      });
      const intervalMs = (options.chain || undefined)?.checkpointIntervalMs ?? 60_000;
      this.checkpointTimer = setInterval(() => void this.checkpoint(false), intervalMs);
      this.checkpointTimer.unref();
    }
    this.recovered = this.recoverChainHead();
    this.pipeline = new DecisionPipeline({
      stages,
      sink: this.sink,
      logger,
      ready: this.recovered,
      commitMark: () => this.chain?.snapshot(),
      onNotRecorded: (count) => logger('error', 'decisions not recorded', { condition: 'not-recorded', count }),
    });
  }

  submit(decisions: readonly AIDecision[]): Promise<SubmitResult> {
    return this.pipeline.submit(decisions);
  }

  /**
   * Records one decision made outside a span (the reporter's path): redacted and chained in the
   * pipeline's order, then delivered within the retry budget or left durably queued.
   */
  async record(decision: AIDecision): Promise<{ record: AIDecision; outcome: 'delivered' | 'buffered' }> {
    const { record, outcome } = await this.pipeline.enqueue(async () => {
      const [first, ...checkpoints] = this.pipeline.runStages([decision]);
      if (!first) throw new DecisionNotRecordedError('The decision could not be redacted or chained (see the ERROR log).', decision.decisionId);
      if (!this.delivery) {
        await this.sink.write([first]);
        if (checkpoints.length > 0) await this.pipeline.write(checkpoints);
        return { record: first, outcome: Promise.resolve({ outcome: 'delivered' as const }) };
      }
      // Queued in chain order (the record before its checkpoint, both issued at once so they share
      // a group commit, with the chain state after both as their mark), and the pipeline moves on
      // only once both are on disk.
      const outcome = this.delivery.submit(first, this.chain?.snapshot());
      outcome.catch(() => undefined); // the caller awaits it below; not an unhandled rejection meanwhile
      if (checkpoints.length > 0) await this.pipeline.write(checkpoints);
      await this.delivery.forceFlush();
      return { record: first, outcome };
    });
    return { record, outcome: (await outcome).outcome };
  }

  async flush(): Promise<void> {
    await this.pipeline.flush();
    await this.sink.forceFlush();
  }

  /**
   * A final checkpoint, a flush, then the sink and the chain close. Idempotent, and never rejects:
   * it runs inside the SDK's shutdown, so a failing step (a deleted buffer directory) is an ERROR
   * log, not an exception in the host app.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      if (this.checkpointTimer) clearInterval(this.checkpointTimer);
      const step = async (name: string, run: () => Promise<unknown>) => {
        try {
          await run();
        } catch (error) {
          this.logger('error', `shutdown: ${name} failed`, { error: errorSummary(error) });
        }
      };
      await step('final checkpoint', () => this.checkpoint(true));
      await step('flush', () => this.pipeline.flush());
      await step('delivery shutdown', () => this.sink.shutdown());
      await step('chain close', async () => this.chain?.close());
    })();
    return this.shutdownPromise;
  }

  /** Emits a checkpoint in the pipeline's order (so it follows every record it covers). */
  private checkpoint(final: boolean): Promise<unknown> {
    const chain = this.chain;
    if (!chain) return Promise.resolve();
    return this.pipeline.enqueue(() => {
      const record = chain.checkpoint({ final });
      return record ? this.pipeline.write([record]) : undefined;
    });
  }

  /**
   * After a crash the queue may hold records newer than the persisted heads (the crash came between
   * a group's fsync and its head write): continue after them, and persist the heads now, since the
   * segments that hold those records may be delivered and deleted from here on. Chains of crashed
   * processes that nobody writes now get their head files advanced too, for whoever continues them.
   */
  private async recoverChainHead(): Promise<void> {
    if (!this.delivery) return;
    const { heads, decisionIds } = await this.delivery.recover();
    this.recoveredDecisionIds = decisionIds;
    if (!this.chain) return;
    for (const [chainId, head] of heads) {
      if (chainId !== this.chain.chainId) {
        await advanceIdleChainHead(this.bufferDir, chainId, head.seq, head.hash);
        continue;
      }
      const before = this.chain.head()?.seq ?? -1;
      this.chain.observeRecovered(head.seq, head.hash);
      if (head.seq > before) await this.chain.persistHead();
    }
  }
}

/** File-system failures while setting up the buffer directory become a ConfigError naming the option. */
function usable<T>(create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (error instanceof VaxeliaError) throw error;
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new ConfigError(
      `The buffer directory is not usable (option \`bufferDir\` / VAXELIA_BUFFER_DIR)${code ? `: ${code}` : ''}. It must be a writable directory.`,
      { cause: error },
    );
  }
}
