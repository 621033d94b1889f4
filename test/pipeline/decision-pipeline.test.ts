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
  it('issues writes in submission order without waiting for earlier ones, each with the mark taken after its stages', async () => {
    const sink = new GatedSink();
    let chained = 0;
    const pipeline = new DecisionPipeline({
      stages: [(d) => ({ ...d, seq: chained++ })],
      sink,
      logger: () => {},
      commitMark: () => chained,
    });
    const results = [pipeline.submit([decision(1), decision(2)]), pipeline.submit([decision(3)]), pipeline.submit([decision(4)])];
    await tick();
    expect(sink.calls.map((c) => c.ids)).toEqual([['d-1', 'd-2'], ['d-3'], ['d-4']]);
    expect(sink.calls.map((c) => c.mark)).toEqual([2, 3, 4]);
    // Each submission resolves with its own write, whatever the order they finish in.
    let secondDone = false;
    void results[1]!.then(() => (secondDone = true));
    sink.calls[1]!.open();
    await tick();
    expect(secondDone).toBe(true);
    sink.calls[0]!.open();
    sink.calls[2]!.open();
    expect((await Promise.all(results)).map((r) => r.decisions.map((d) => d.seq))).toEqual([[0, 1], [2], [3]]);
  });

  it('holds the next batch before its stages once maxWritesInFlight writes wait, and flush waits for all', async () => {
    const sink = new GatedSink();
    let staged = 0;
    const stage = (d: AIDecision) => {
      staged++;
      return d;
    };
    const pipeline = new DecisionPipeline({ stages: [stage], sink, logger: () => {}, maxWritesInFlight: 2 });
    const results = [1, 2, 3].map((n) => pipeline.submit([decision(n)]));
    await tick();
    expect(sink.calls).toHaveLength(2);
    expect(staged).toBe(2);
    let flushed = false;
    void pipeline.flush().then(() => (flushed = true));
    sink.calls[0]!.open();
    await tick();
    expect(sink.calls).toHaveLength(3);
    expect(staged).toBe(3);
    sink.calls[1]!.open();
    await tick();
    expect(flushed).toBe(false);
    sink.calls[2]!.open();
    await Promise.all(results);
    await tick();
    expect(flushed).toBe(true);
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
    for (const call of sink.calls) call.open();
    expect((await failed).error).toBeInstanceOf(Error);
    expect((await ok).error).toBeUndefined();
    expect(notRecorded).toEqual([2]);
    expect(logged).toEqual(['decisions could be neither delivered nor queued']);
  });
});
