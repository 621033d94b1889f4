import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChainWriter, createChainWriter } from '../../src/chain/writer/chain-writer.js';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { DecisionPipeline } from '../../src/pipeline/decision-pipeline.js';
import type { DecisionSink } from '../../src/core/decision-sink.js';
import { NotRecorded } from '../../src/pipeline/not-recorded.js';
import { AppendFailedError } from '../../src/queue/segment-writer.js';

const decision = (n: number) =>
  ({ decisionId: `d-${n}`, aiSystemId: 'test', modelUsed: 'm', input: {}, output: {}, status: 'completed', decidedAt: '2026-12-06T00:00:00.000Z' }) as AIDecision;

/** A sink whose writes finish only when the test says so, recording what it was given. */
class GatedSink implements DecisionSink {
  readonly calls: { records: AIDecision[]; mark: unknown; open: () => void }[] = [];
  readonly durable: AIDecision[] = [];
  failNext: Error | undefined;
  write(decisions: readonly AIDecision[], mark?: unknown): Promise<void> {
    const fail = this.failNext;
    this.failNext = undefined;
    return new Promise<void>((resolve, reject) => {
      this.calls.push({
        records: [...decisions],
        mark,
        open: () => {
          if (fail) return reject(fail);
          this.durable.push(...decisions);
          resolve();
        },
      });
    });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const tick = () => new Promise((r) => setImmediate(r));
const dirs: string[] = [];
const chains: ChainWriter[] = [];

function setup(stages: ConstructorParameters<typeof DecisionPipeline>[0]['stages'] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'vx-pipeline-'));
  dirs.push(dir);
  const chain = createChainWriter({ dir, checkpointEvery: 1_000_000 });
  chains.push(chain);
  const sink = new GatedSink();
  const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const logger = (level: string, msg: string, fields?: Record<string, unknown>) => logs.push({ level, msg, fields: fields ?? {} });
  const pipeline = new DecisionPipeline({
    stages: [...stages, { name: 'chain', run: (d) => chain.append(d) }],
    sink,
    logger,
    chain: () => chain,
    notRecorded: new NotRecorded(logger, () => chain),
  });
  return { chain, sink, logs, pipeline };
}

/** Submits and lets the sink answer (fail when `failure` is given). */
async function submitThrough(ctx: ReturnType<typeof setup>, n: number[], failure?: Error) {
  ctx.sink.failNext = failure;
  const result = ctx.pipeline.submit(n.map(decision));
  await tick();
  ctx.sink.calls.at(-1)!.open();
  return result;
}

afterEach(async () => {
  for (const c of chains.splice(0)) await c.close().catch(() => {});
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('DecisionPipeline', () => {
  it('hands each batch to the sink with the chain state right after its stages, one batch after the other', async () => {
    const ctx = setup();
    const results = [ctx.pipeline.submit([decision(1), decision(2)]), ctx.pipeline.submit([decision(3)])];
    await tick();
    // The second batch waits for the first to be durable before its stages run.
    expect(ctx.sink.calls.map((c) => c.records.map((r) => r.decisionId))).toEqual([['d-1', 'd-2']]);
    ctx.sink.calls[0]!.open();
    await tick();
    expect(ctx.sink.calls.map((c) => (c.mark as { seq: number }).seq)).toEqual([1, 2]);
    ctx.sink.calls[1]!.open();
    expect((await Promise.all(results)).map((r) => r.decisions.map((d) => d.seq))).toEqual([[0, 1], [2]]);
  });

  it('a failed write that was cut back: one ERROR, the seqs are released and taken by the next records (no gap)', async () => {
    const ctx = setup();
    await submitThrough(ctx, [1]);
    const failed = await submitThrough(ctx, [2, 3], new AppendFailedError(2, false, Object.assign(new Error('x'), { code: 'ENOSPC' })));
    expect(failed.error).toBeInstanceOf(AppendFailedError);
    const later = await submitThrough(ctx, [4]);
    expect(later.decisions.map((d) => d.seq)).toEqual([1]);
    const errors = ctx.logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'decisions not recorded', fields: { stage: 'queue', count: 2, chainSeqs: expect.stringContaining('seqs 1..2 released') } });
    const verdict = verifyChain(ctx.sink.durable);
    expect(verdict).toMatchObject({ ok: true, problems: [] });
  });

  it('a failed write that may have left bytes: the seqs are skipped, and a chain_skip record explains them before the next record', async () => {
    const ctx = setup();
    await submitThrough(ctx, [1]);
    await submitThrough(ctx, [2, 3], new AppendFailedError(2, true, Object.assign(new Error('x'), { code: 'EIO' })));
    // The first retry of the skip record fails too (cut back): it stays owed.
    await submitThrough(ctx, [4], new AppendFailedError(2, false, Object.assign(new Error('x'), { code: 'ENOSPC' })));
    const later = await submitThrough(ctx, [5]);
    expect(later.decisions.map((d) => [d.operation, d.seq])).toEqual([
      ['chain_skip', 3],
      [undefined, 4],
    ]);
    expect((later.decisions[0] as { skipped?: unknown }).skipped).toMatchObject({ fromSeq: 1, toSeq: 2 });
    const errors = ctx.logs.filter((l) => l.level === 'error');
    expect(errors.map((e) => e.fields.chainSeqs)).toEqual([expect.stringContaining('seqs 1..2 skipped'), expect.stringContaining('seqs 3..4 released')]);
    // DESIGN.md §5.2: the skip record links over the skipped seqs to the record before them.
    expect(later.decisions[0]!.prevHash).toBe(ctx.sink.durable[0]!.hash);
    const verdict = verifyChain(ctx.sink.durable);
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.notices).toEqual([expect.objectContaining({ kind: 'skipped', seq: 1, toSeq: 2 })]);
  });

  it('an unexplained gap still fails verify', async () => {
    const ctx = setup();
    await submitThrough(ctx, [1, 2, 3]);
    const records = ctx.sink.durable.filter((r) => r.seq !== 1);
    expect(verifyChain(records)).toMatchObject({ ok: false, problems: [expect.objectContaining({ kind: 'gap' })] });
  });

  it('a stage that throws: one ERROR naming the stage, counted once, no seq consumed', async () => {
    const ctx = setup([
      {
        name: 'redaction',
        run: (d) => {
          if (d.decisionId === 'd-2') throw new TypeError('boom');
          return d;
        },
      },
    ]);
    const result = await submitThrough(ctx, [1, 2, 3]);
    expect(result.decisions.map((d) => [d.decisionId, d.seq])).toEqual([
      ['d-1', 0],
      ['d-3', 1],
    ]);
    const errors = ctx.logs.filter((l) => l.level === 'error');
    expect(errors).toEqual([{ level: 'error', msg: 'decisions not recorded', fields: expect.objectContaining({ stage: 'redaction', count: 1, chainSeqs: 'none assigned' }) }]);
  });
});
