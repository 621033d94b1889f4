import { isCanonicalizationError } from '../chain/format/chain-errors.js';
import { type ChainSnapshot, createChainWriter, type ChainWriter } from '../chain/writer/chain-writer.js';
import { advanceIdleChainHead } from '../chain/writer/idle-chain-head.js';
import { MappingContext } from '../mapping/mapping-context.js';
import { sanitizeValue } from '../mapping/sanitize.js';
import type { VaxeliaOptions } from './vaxelia-options.js';
import type { AIDecision } from '../decision.js';
import { ConfigError, DecisionNotRecordedError, VaxeliaError } from '../errors.js';
import { createDeliveryService, type DeliveryService } from '../delivery/delivery-service.js';
import { errorSummary } from '../core/error-summary.js';
import type { Logger } from '../core/logger.js';
import { resolveBufferDir } from '../queue/encrypted-queue.js';
import { redactDecision } from '../redaction/redact-decision.js';
import { createRedactor } from '../redaction/redactor.js';
import { DecisionPipeline, type NamedStage, type SubmitResult } from './decision-pipeline.js';
import { NotRecorded } from './not-recorded.js';
import { DrainOnly, type NoSpaceCode, noSpaceOrReadOnly } from './drain-only.js';
import { type ExitCheck, watchExit } from './exit-check.js';
import { observePending } from './pending-gauge.js';
import type { DecisionSink } from '../core/decision-sink.js';

/**
 * The shared back half of every way in (processor, exporter, reporter, gateway): redaction → hash
 * chain → sink (HTTP delivery over the encrypted queue by default), in one sequential order.
 * Construction validates the whole configuration, so bad config fails where the user wires it.
 */
export class DecisionRuntime implements ExitCheck {
  readonly pipeline: DecisionPipeline;
  readonly sink: DecisionSink;
  readonly delivery: DeliveryService | undefined;
  private chainWriter: ChainWriter | undefined;
  private readonly notRecorded: NotRecorded;
  /** Head writes the crash recovery still owes (a full disk at start): done before any segment is deleted. */
  private readonly headsToPersist: (() => Promise<void>)[] = [];
  private checkpointTimer: NodeJS.Timeout | undefined;
  private readonly stages: NamedStage[] = [];
  /** Set while new decisions are refused (a full or read-only buffer directory at start). */
  private drainOnly: DrainOnly | undefined;
  /** The chain heads the queue held at start, for a chain opened later (drain-only mode). */
  private recoveredHeads: ReadonlyMap<string, { seq: number; hash: string }> = new Map();
  private readonly recordingListeners: (() => void)[] = [];
  /** Decisions submitted whose write has not settled (durable, delivered or reported not recorded). */
  private inPipeline = 0;
  private readonly backlogWaiters: { below: number; resolve: () => void }[] = [];
  /** What the caller holds before submitting (the processor's ended spans, decisions awaiting a partner). */
  private heldUpstream: () => number = () => 0;
  private readonly unwatchExit: () => void;
  private readonly stopObservingPending: () => void;
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
    const stages = this.stages;
    if (options.redaction !== false) {
      const { content, ...redactorOptions } = options.redaction ?? {};
      const redactor = createRedactor({ redactionKey: options.redactionKey, ...redactorOptions });
      stages.push({ name: 'redaction', run: (decision) => redactDecision(decision, redactor, { content }) });
    }
    this.bufferDir = resolveBufferDir(options.bufferDir);
    // The chain first: it is synchronous and holds nothing but a lock, so a bad buffer directory
    // fails here before the delivery service starts timers and files.
    let drainOnlyCode: NoSpaceCode | undefined;
    const openChain = () => createChainWriter({ dir: this.bufferDir, signingKey: options.signingKey, aiSystemId: options.aiSystemId, ...options.chain });
    if (options.chain !== false) {
      try {
        this.chainWriter = usable(openChain);
      } catch (error) {
        // A full or read-only buffer directory must not keep the process from starting and
        // delivering what is queued (that needs no new space); new decisions cannot be chained
        // (taking the chain lock writes a file), so they are refused — loudly — until the chain
        // can be opened (drain-only.ts retries).
        const code = noSpaceOrReadOnly(error);
        if (!code || options.sink) throw error;
        drainOnlyCode = code;
      }
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
                await this.persistRecoveredHeads();
                await hooks.beforeSegmentDelete?.();
              },
            }),
          );
    } catch (error) {
      this.chainWriter?.close().catch(() => undefined);
      throw error;
    }
    const checkpointIntervalMs = (options.chain || undefined)?.checkpointIntervalMs ?? 60_000;
    if (drainOnlyCode) {
      this.drainOnly = new DrainOnly(this.delivery!, drainOnlyCode, this.bufferDir, logger, openChain, (chain) =>
        this.pipeline.enqueue(() => this.startRecording(chain, checkpointIntervalMs)),
      );
    }
    this.sink = options.sink ?? this.drainOnly ?? this.delivery!;
    if (this.chainWriter) this.useChain(this.chainWriter, checkpointIntervalMs);
    this.recovered = this.recoverChainHead();
    this.notRecorded = new NotRecorded(logger, () => this.chainWriter);
    this.pipeline = new DecisionPipeline({
      stages,
      sink: this.sink,
      logger,
      notRecorded: this.notRecorded,
      chain: () => this.chainWriter,
      ready: this.recovered,
    });
    this.unwatchExit = watchExit(this);
    this.stopObservingPending = observePending(() => this.notYetRecorded());
  }

  private settled(count: number): void {
    this.inPipeline -= count;
    for (let i = this.backlogWaiters.length - 1; i >= 0; i--) {
      const waiter = this.backlogWaiters[i]!;
      if (this.inPipeline >= waiter.below) continue;
      this.backlogWaiters.splice(i, 1);
      waiter.resolve();
    }
  }

  get exitLogger(): Logger {
    return this.logger;
  }

  /** AI decisions that a process exiting now would lose (exit-check.ts). */
  notYetRecorded(): number {
    return this.inPipeline + this.heldUpstream();
  }

  /**
   * Decisions submitted and not yet durable (or reported not recorded). A caller that can hold its
   * input more cheaply than mapped decisions (the processor holds ended spans, ~1.7 KB each) maps
   * only while this is low: a burst then waits as spans, not as decisions and their copies.
   */
  get backlog(): number {
    return this.inPipeline;
  }

  /** Resolves once the backlog is below `below` (at once if it is). */
  backlogBelow(below: number): Promise<void> {
    if (this.inPipeline < below) return Promise.resolve();
    return new Promise((resolve) => this.backlogWaiters.push({ below, resolve }));
  }

  /** Tells the exit check what the caller holds before it submits. */
  countHeldUpstream(count: () => number): void {
    this.heldUpstream = count;
  }

  /** The hash chain new decisions are linked into (none with `chain: false`, or while draining only). */
  get chain(): ChainWriter | undefined {
    return this.chainWriter;
  }

  /** Called once new decisions are recorded again after a start in drain-only mode. */
  onRecordingResumed(listener: () => void): void {
    this.recordingListeners.push(listener);
  }

  /** Adds the chain stage (last, after redaction) and the checkpoint timer. */
  private useChain(chain: ChainWriter, checkpointIntervalMs: number): void {
    this.stages.push({ name: 'chain', run: (decision) => {
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
      } });
    this.checkpointTimer = setInterval(() => void this.checkpoint(false), checkpointIntervalMs);
    this.checkpointTimer.unref();
  }

  /**
   * Leaves drain-only mode (in the pipeline's order): the chain opened at last continues after the
   * newest record the queue held at start, then new decisions flow to the queue again.
   */
  private async startRecording(chain: ChainWriter, checkpointIntervalMs: number): Promise<boolean> {
    if (this.shutdownPromise) {
      await chain.close();
      return false;
    }
    const head = this.recoveredHeads.get(chain.chainId);
    if (head) chain.observeRecovered(head.seq, head.hash);
    await chain.persistHead();
    this.chainWriter = chain;
    this.useChain(chain, checkpointIntervalMs);
    this.drainOnly!.resume();
    for (const listener of this.recordingListeners) listener();
    return true;
  }

  /** Why new decisions cannot be recorded at all (a full or read-only buffer directory at start), if so. */
  notRecordingReason(): string | undefined {
    return this.drainOnly?.refusing ? `buffer directory ${this.drainOnly.reason === 'EROFS' ? 'read-only' : 'full'} at start: draining only` : undefined;
  }

  submit(decisions: readonly AIDecision[]): Promise<SubmitResult> {
    const count = decisions.filter((d) => d.operation !== 'checkpoint').length;
    this.inPipeline += count;
    return this.pipeline.submit(decisions).finally(() => this.settled(count));
  }

  /**
   * Records one decision made outside a span (the reporter's path): redacted and chained in the
   * pipeline's order, then delivered within the retry budget or left durably queued.
   */
  async record(decision: AIDecision): Promise<{ record: AIDecision; outcome: 'delivered' | 'buffered' }> {
    this.inPipeline++;
    const durable = this.pipeline.enqueue(async () => {
      const before = this.pipeline.chainState();
      const out = this.pipeline.runStages([decision]);
      const at = out.findIndex((r) => r.decisionId === decision.decisionId);
      if (at < 0) {
        // Reported by the stage that failed; a skip record the chain owed still goes to the disk.
        await this.pipeline.write(out, before);
        throw new DecisionNotRecordedError('The decision could not be redacted or chained (see the ERROR log).', decision.decisionId);
      }
      const first = out[at]!;
      const owedSkips = out.slice(0, at);
      const checkpoints = out.slice(at + 1);
      if (owedSkips.length > 0) {
        const written = await this.pipeline.write(owedSkips, before);
        if (written.error) throw new DecisionNotRecordedError('The decision could not be queued (see the ERROR log).', decision.decisionId, { cause: written.error });
      }
      const afterSkips = this.pipeline.chainState();
      // Through the sink when there is no delivery service, or while draining only (the sink refuses,
      // and the refusal is reported as not recorded): `delivery.submit` would bypass it.
      if (!this.delivery || this.drainOnly?.refusing) {
        const written = await this.pipeline.write([first, ...checkpoints], afterSkips);
        if (written.error) throw written.error;
        return { record: first, outcome: Promise.resolve({ outcome: 'delivered' as const }) };
      }
      // Queued in chain order (the record before its checkpoint, both issued at once so they share
      // a group commit, with the chain state after both as their mark), and the pipeline moves on
      // only once both are on disk.
      let queueError: unknown;
      const outcome = this.delivery.submit(first, this.chain?.snapshot());
      outcome.catch((error: unknown) => {
        if (error instanceof DecisionNotRecordedError) queueError = error;
      });
      let checkpointError: unknown;
      const checkpointWrite =
        checkpoints.length > 0
          ? this.delivery.write(checkpoints, this.chain?.snapshot()).then(
              () => true,
              (error: unknown) => {
                checkpointError = error;
                return false;
              },
            )
          : Promise.resolve(false);
      await this.delivery.forceFlush();
      const checkpointDurable = await checkpointWrite;
      // The submit's rejection (its append failed) follows the append's settling in microtasks only.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (queueError !== undefined) {
        this.notRecorded.decide({ stage: 'queue', records: [first, ...checkpoints], error: queueError, chainBefore: afterSkips, laterRecordDurable: checkpointDurable });
      } else if (checkpointError !== undefined) {
        // The decision is durable, its checkpoint is not: that seq cannot be rolled back alone.
        this.notRecorded.decide({ stage: 'queue', records: checkpoints, error: checkpointError, laterRecordDurable: true });
      }
      return { record: first, outcome };
    });
    const { record, outcome } = await durable.finally(() => this.settled(1));
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
      this.drainOnly?.stopRetrying();
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
      this.unwatchExit();
      this.stopObservingPending();
    })();
    return this.shutdownPromise;
  }

  /** Emits a checkpoint in the pipeline's order (so it follows every record it covers). */
  private checkpoint(final: boolean): Promise<unknown> {
    const chain = this.chain;
    if (!chain) return Promise.resolve();
    return this.pipeline.enqueue(() => {
      const before = this.pipeline.chainState();
      const record = chain.checkpoint({ final });
      // An owed chain_skip record comes out first; the checkpoint follows it.
      const records = record?.operation === 'chain_skip' ? [record, chain.checkpoint({ final })] : [record];
      const out = records.filter((r) => r !== undefined);
      return out.length > 0 ? this.pipeline.write(out, before) : undefined;
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
    this.recoveredHeads = heads;
    const chain = this.chainWriter;
    if (!chain && !this.drainOnly) return; // chain: false
    for (const [chainId, head] of heads) {
      // Draining only, no chain of ours is open: every recovered head, ours too, is advanced on disk
      // like an idle chain's before the segments holding those records may be deleted.
      if (!chain || chainId !== chain.chainId) {
        this.headsToPersist.push(() => advanceIdleChainHead(this.bufferDir, chainId, head.seq, head.hash));
        continue;
      }
      const before = chain.head()?.seq ?? -1;
      chain.observeRecovered(head.seq, head.hash);
      if (head.seq > before) this.headsToPersist.push(() => chain.persistHead());
    }
    // The heads are right in memory now. Persisting them may fail on a full or read-only disk: the
    // process still starts and drains, and no segment is deleted until they are on disk.
    await this.persistRecoveredHeads().catch((error: unknown) => {
      this.logger('error', 'vaxelia: could not persist the chain heads recovered from the queue; delivered segments are kept until it works', { error: errorSummary(error) });
    });
  }

  /** Writes the recovered heads still owed (retried before each segment deletion). */
  private async persistRecoveredHeads(): Promise<void> {
    while (this.headsToPersist.length > 0) {
      await this.headsToPersist[0]!();
      this.headsToPersist.shift();
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
