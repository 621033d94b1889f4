import { errorSummary } from '../core/error-summary.js';
import type { ChainSnapshot, ChainWriter } from '../chain/writer/chain-writer.js';
import type { AIDecision } from '../decision.js';
import type { Logger } from '../core/logger.js';
import type { DecisionSink } from '../core/decision-sink.js';
import type { NotRecorded, NotRecordedStage } from './not-recorded.js';

/**
 * One step between mapping and the sink (redaction, chaining). Synchronous, and applied in one
 * sequential place, so the chain sees decisions in a single order. May return extra records (a
 * checkpoint after a chained decision).
 */
export type DecisionStage = (decision: AIDecision) => AIDecision | AIDecision[];

/** A stage with the name "not recorded" reports when it throws. */
export interface NamedStage {
  name: NotRecordedStage;
  run: DecisionStage;
}

export interface SubmitResult {
  /** The records as the sink received them (redacted, chained), in order. */
  decisions: AIDecision[];
  /** Set when the sink could not record them (they were reported as not recorded). */
  error?: unknown;
}

export interface DecisionPipelineOptions {
  stages: readonly NamedStage[];
  sink: DecisionSink;
  logger: Logger;
  /** Where every lost decision is reported, once (not-recorded.ts). */
  notRecorded: NotRecorded;
  /**
   * The chain the stages write (its state is the commit mark and what a failed write rolls back);
   * asked each time, since a runtime that started without one (a full disk) may open it later.
   */
  chain?: () => ChainWriter | undefined;
  /** Nothing is processed before this settles (e.g. the chain recovering its head from the queue). */
  ready?: Promise<void>;
}

/**
 * Runs mapped decisions through the stages and hands them to the sink. Everything happens in one
 * promise chain, so stages and sink writes see submissions in order, off the caller's stack: a
 * batch runs its stages once the previous batch is durable — which is what lets a failed write
 * give its chain seqs back (not-recorded.ts). (Overlapping the writes was measured: no end-to-end
 * gain, delivery is bound by the HTTP requests, so the simpler order stays.)
 * Never rejects: a failure is reported as not recorded, never silence.
 */
export class DecisionPipeline {
  private tail: Promise<unknown>;

  constructor(private readonly options: DecisionPipelineOptions) {
    this.tail = (options.ready ?? Promise.resolve()).catch((error: unknown) => {
      options.logger('error', 'decision pipeline failed to start', { error: errorSummary(error) });
    });
  }

  /**
   * Queues decisions behind every earlier submission. `prechained` records (checkpoints the chain
   * already produced) skip the stages.
   */
  submit(decisions: readonly AIDecision[], options: { prechained?: boolean } = {}): Promise<SubmitResult> {
    return this.enqueue(() => {
      const before = this.chainState();
      return this.write(options.prechained === true ? [...decisions] : this.runStages(decisions), before);
    });
  }

  /** Runs `task` after every earlier submission, in the pipeline's single order. */
  enqueue<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every submission so far has settled. */
  async flush(): Promise<void> {
    await this.tail;
  }

  /** The chain's state now: take it before running the stages, hand it to `write`. */
  chainState(): ChainSnapshot | undefined {
    return this.options.chain?.()?.snapshot();
  }

  /**
   * Writes records that already went through the stages (call from inside `enqueue`, right after
   * their stages: the commit mark is taken now); never rejects. `before` is the chain state before
   * their stages ran: what a failed write rolls back to.
   */
  async write(out: AIDecision[], before: ChainSnapshot | undefined): Promise<SubmitResult> {
    if (out.length === 0) return { decisions: out };
    try {
      // Taken before the first await, so it is the chain state right after these records.
      await this.options.sink.write(out, this.chainState());
      return { decisions: out };
    } catch (error) {
      this.options.notRecorded.decide({ stage: 'queue', records: out, error, chainBefore: before });
      return { decisions: out, error };
    }
  }

  /**
   * Applies the stages (call only from inside `enqueue`, so the chain sees one order). A skip
   * record the chain owes (not-recorded.ts) comes out of the chain stage ahead of the next record.
   */
  runStages(decisions: readonly AIDecision[]): AIDecision[] {
    const out: AIDecision[] = [];
    for (const decision of decisions) {
      let stage: NotRecordedStage = 'stage';
      try {
        let current: AIDecision[] = [decision];
        for (const named of this.options.stages) {
          stage = named.name;
          current = current.flatMap((d) => named.run(d));
        }
        out.push(...current);
      } catch (error) {
        // Stages change no chain state when they throw (the chain writer links last, atomically).
        this.options.notRecorded.decide({ stage, records: [decision], error });
      }
    }
    return out;
  }
}
