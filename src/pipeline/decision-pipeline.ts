import type { AIDecision } from '../decision.js';
import { errorSummary } from '../core/error-summary.js';
import type { Logger } from '../core/logger.js';
import type { DecisionSink } from './decision-sink.js';

/**
 * One step between mapping and the sink (redaction, chaining). Synchronous, and applied in one
 * sequential place, so the chain sees decisions in a single order. May return extra records (a
 * checkpoint after a chained decision).
 */
export type DecisionStage = (decision: AIDecision) => AIDecision | AIDecision[];

export interface SubmitResult {
  /** The records as the sink received them (redacted, chained), in order. */
  decisions: AIDecision[];
  /** Set when the sink could not record them (they were logged at ERROR). */
  error?: unknown;
}

export interface DecisionPipelineOptions {
  stages: readonly DecisionStage[];
  sink: DecisionSink;
  logger: Logger;
  /** Nothing is processed before this settles (e.g. the chain recovering its head from the queue). */
  ready?: Promise<void>;
  /** Told about every decision the pipeline could not record (after it was logged). */
  onNotRecorded?: (count: number) => void;
  /**
   * Called right after each batch went through the stages; the result is handed to the sink with
   * the batch (the chain's state after it, which the queue persists once the batch is durable).
   */
  commitMark?: () => unknown;
}

/**
 * Runs mapped decisions through the stages and hands them to the sink. Everything happens in one
 * promise chain, so stages and sink writes see submissions in order, off the caller's stack: a
 * batch runs its stages once the previous batch is durable. (Overlapping the writes was measured:
 * no end-to-end gain, delivery is bound by the HTTP requests, so the simpler order stays.)
 * Never rejects: a failure is an ERROR log plus `onNotRecorded`, never silence.
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
    return this.enqueue(() => this.write(options.prechained === true ? [...decisions] : this.runStages(decisions)));
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

  /**
   * Writes records that already went through the stages (call from inside `enqueue`, right after
   * their stages: the commit mark is taken now); never rejects.
   */
  async write(out: AIDecision[]): Promise<SubmitResult> {
    if (out.length === 0) return { decisions: out };
    try {
      // Taken before the first await, so it is the chain state right after these records.
      await this.options.sink.write(out, this.options.commitMark?.());
      return { decisions: out };
    } catch (error) {
      this.options.logger('error', 'decisions could be neither delivered nor queued', {
        count: out.length,
        error: errorSummary(error),
        decisionIds: out.slice(0, 10).map((d) => d.decisionId),
      });
      this.options.onNotRecorded?.(out.length);
      return { decisions: out, error };
    }
  }

  /** Applies the stages (call only from inside `enqueue`, so the chain sees one order). */
  runStages(decisions: readonly AIDecision[]): AIDecision[] {
    const out: AIDecision[] = [];
    for (const decision of decisions) {
      try {
        let current: AIDecision[] = [decision];
        for (const stage of this.options.stages) current = current.flatMap((d) => stage(d));
        out.push(...current);
      } catch (error) {
        this.options.logger('error', 'a pipeline stage failed; decision not recorded', {
          decisionId: decision.decisionId,
          error: errorSummary(error),
        });
        this.options.onNotRecorded?.(1);
      }
    }
    return out;
  }
}
