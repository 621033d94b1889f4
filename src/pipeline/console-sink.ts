import type { AIDecision } from '../decision.js';
import type { DecisionSink } from '../core/decision-sink.js';

/** Prints one JSON line per decision on stdout: for local debugging, never for production. */
export class ConsoleDecisionSink implements DecisionSink {
  async write(decisions: readonly AIDecision[]): Promise<void> {
    for (const decision of decisions) process.stdout.write(`${JSON.stringify(decision)}\n`);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
