import type { AIDecision } from '../decision.js';
import type { DecisionSink } from '../core/decision-sink.js';

/** Keeps decisions in memory: for tests and for inspecting what the pipeline produces. */
export class InMemoryDecisionSink implements DecisionSink {
  readonly decisions: AIDecision[] = [];
  private stopped = false;

  async write(decisions: readonly AIDecision[]): Promise<void> {
    if (this.stopped) return;
    this.decisions.push(...decisions);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
  }

  reset(): void {
    this.decisions.length = 0;
  }
}
