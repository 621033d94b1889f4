import type { AIDecision } from '../decision.js';

/**
 * Where finished (redacted, chained) decisions go. The delivery layer implements it with HTTP +
 * the encrypted queue; tests and the console use the in-memory and console sinks.
 *
 * Contract: `write` receives decisions in chain order and resolves once each one is delivered or
 * durably queued; it rejects only when a decision could be neither (DecisionNotRecordedError).
 * Calls may overlap: a sink must keep the order of the calls (the delivery service queues each
 * batch before `write` first yields). `mark` identifies the chain state after the batch (see the
 * queue's `afterCommit`); sinks without durability ignore it.
 */
export interface DecisionSink {
  write(decisions: readonly AIDecision[], mark?: unknown): Promise<void>;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
