import { describe, expect, it } from 'vitest';
import type { AIDecision } from '../../src/decision.js';
import { DecisionPipeline } from '../../src/pipeline/decision-pipeline.js';
import type { DecisionSink } from '../../src/pipeline/decision-sink.js';

const decision = (n: number) => ({ decisionId: `d-${n}` }) as AIDecision;

/** A sink whose writes finish only when the test says so, recording call order and marks. */
class GatedSink implements DecisionSink {
  readonly calls: { ids: string[]; mark: unknown; open: () => void }[] = [];
  failNext = false;
  write(decisions: readonly AIDecision[], mark?: unknown): Promise<void> {
    const fail = this.failNext;
    this.failNext = false;
    return new Promise<void>((resolve, reject) => {
      this.calls.push({ ids: decisions.map((d) => d.decisionId), mark, open: () => (fail ? reject(new Error('disk full')) : resolve()) });
    });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const tick = () => new Promise((r) => setImmediate(r));

describe('DecisionPipeline', () => {
  it('hands each batch to the sink with the mark taken right after its stages, one batch after the other', async () => {
    const sink = new GatedSink();
    let chained = 0;
    const pipeline = new DecisionPipeline({
      stages: [(d) => ({ ...d, seq: chained++ })],
      sink,
      logger: () => {},
      commitMark: () => chained,
    });
    const results = [pipeline.submit([decision(1), decision(2)]), pipeline.submit([decision(3)])];
    await tick();
    // The second batch waits for the first to be durable before its stages run.
    expect(sink.calls.map((c) => c.ids)).toEqual([['d-1', 'd-2']]);
    expect(chained).toBe(2);
    sink.calls[0]!.open();
    await tick();
    expect(sink.calls.map((c) => c.mark)).toEqual([2, 3]);
    sink.calls[1]!.open();
    expect((await Promise.all(results)).map((r) => r.decisions.map((d) => d.seq))).toEqual([[0, 1], [2]]);
  });

  it("a failed write is that submission's error (logged, counted), and later submissions still land", async () => {
    const sink = new GatedSink();
    const notRecorded: number[] = [];
    const logged: string[] = [];
    const pipeline = new DecisionPipeline({ stages: [], sink, logger: (_l, msg) => logged.push(msg), onNotRecorded: (n) => notRecorded.push(n) });
    sink.failNext = true;
    const failed = pipeline.submit([decision(1), decision(2)]);
    const ok = pipeline.submit([decision(3)]);
    await tick();
    sink.calls[0]!.open();
    expect((await failed).error).toBeInstanceOf(Error);
    await tick();
    sink.calls[1]!.open();
    expect((await ok).error).toBeUndefined();
    expect(notRecorded).toEqual([2]);
    expect(logged).toEqual(['decisions could be neither delivered nor queued']);
  });
});
