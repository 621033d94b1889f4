import type { AIDecision } from '../decision.js';
import type { Logger } from '../delivery/logger.js';
import type { DecisionSink } from './decision-sink.js';

/**
 * One step between mapping and the sink (redaction, chaining). Synchronous and applied in one
 * sequential place, so the chain sees decisions in a single order. May return extra records (a
 * checkpoint after a chained decision).
 */
export type DecisionStage = (decision: AIDecision) => AIDecision | AIDecision[];

export interface SubmitResult {
  decisions: AIDecision[];
  /** Set when the sink could not record them. */
  error?: unknown;
}

export interface DecisionPipelineOptions {
  stages: readonly DecisionStage[];
  sink: DecisionSink;
  logger: Logger;
  /** Told about every decision the pipeline could not record (after it was logged). */
  onNotRecorded?: (count: number) => void;
}

/**
 * Runs mapped decisions through the stages and hands them to the sink, keeping sink writes in
 * submission order. Never rejects: a failure is an ERROR log plus `onNotRecorded`, never silence.
 */
export class DecisionPipeline {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly options: DecisionPipelineOptions) {}

  /**
   * Applies the stages now; the write to the sink follows every earlier one. The returned promise
   * never rejects: it tells which records were written and, if the sink failed, why.
   */
  submit(decisions: readonly AIDecision[]): Promise<SubmitResult> {
    const out = this.process(decisions);
    if (out.length === 0) return Promise.resolve({ decisions: out });
    const result = this.tail.then(
      () => this.options.sink.write(out).then(
        (): SubmitResult => ({ decisions: out }),
        (error: unknown): SubmitResult => {
          this.options.logger('error', 'decisions could be neither delivered nor queued', {
            count: out.length,
            error: errorName(error),
            decisionIds: out.slice(0, 10).map((d) => d.decisionId),
          });
          this.options.onNotRecorded?.(out.length);
          return { decisions: out, error };
        },
      ),
    );
    this.tail = result.then(() => undefined);
    return result;
  }

  /** Resolves once every write submitted so far has settled. */
  flush(): Promise<void> {
    return this.tail;
  }

  private process(decisions: readonly AIDecision[]): AIDecision[] {
    const out: AIDecision[] = [];
    for (const decision of decisions) {
      try {
        let current: AIDecision[] = [decision];
        for (const stage of this.options.stages) current = current.flatMap((d) => stage(d));
        out.push(...current);
      } catch (error) {
        this.options.logger('error', 'a pipeline stage failed; decision not recorded', {
          decisionId: decision.decisionId,
          error: errorName(error),
        });
        this.options.onNotRecorded?.(1);
      }
    }
    return out;
  }
}

/** Error names and codes only: messages may quote content or secrets. */
export function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} (${code})` : error.name;
  }
  return typeof error;
}
