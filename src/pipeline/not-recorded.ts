import { metrics } from '@opentelemetry/api';
import type { ChainSnapshot, ChainWriter } from '../chain/writer/chain-writer.js';
import { chainSkipOf } from '../chain/format/chain-skip.js';
import { errorSummary } from '../core/error-summary.js';
import type { AIDecision } from '../decision.js';
import type { Logger } from '../core/logger.js';
import { PACKAGE_VERSION } from '../delivery/user-agent.js';
import { VaxeliaError } from '../errors.js';
import { recordsMayRemain } from '../queue/segment-writer.js';

/** Where a decision was lost: a pipeline stage threw, or the sink could neither deliver nor queue it. */
export type NotRecordedStage = 'redaction' | 'chain' | 'stage' | 'queue';

/** What happened to the chain seqs the lost records had been given. */
export type ChainSeqFate =
  | { kind: 'none' }
  /** Rolled back: nothing of them is on disk or left the process; the next records get these seqs. */
  | { kind: 'released'; fromSeq: number; toSeq: number }
  /** Cannot be rolled back (the failed bytes may still be on disk): a `chain_skip` record explains them. */
  | { kind: 'skipped'; fromSeq: number; toSeq: number };


export interface NotRecordedEvent {
  stage: NotRecordedStage;
  /** The records lost (after the stages when they got that far), in order. */
  records: readonly AIDecision[];
  error: unknown;
  /** The chain's state before these records were chained (required when they carry seqs). */
  chainBefore?: ChainSnapshot;
  /** A record chained after these is already durable: their seqs cannot be given out again. */
  laterRecordDurable?: boolean;
}

/**
 * "Not recorded" is decided here and only here, whatever the stage: one ERROR line
 * (`decisions not recorded`, with the stage, the count, the error's class and code, the first
 * decision ids and what happened to their chain seqs) and one count in
 * `vaxelia.decisions.not_recorded` (attribute `stage`). The rule for the chain (DESIGN.md §5: a seq
 * only ever goes to a durable decision): seqs of lost records are released — the writer is rolled
 * back — unless a failed write may have left them on disk or a later record is already durable;
 * then the seqs are skipped and the chain carries a `chain_skip` record naming them, emitted
 * before the next record (it stays owed until a write that contains it succeeds).
 */
export class NotRecorded {
  private readonly counter = metrics
    .getMeter('@vaxelia/ai-otel', PACKAGE_VERSION)
    .createCounter('vaxelia.decisions.not_recorded', { description: 'Decisions that could be neither delivered nor queued', unit: '{decision}' });

  constructor(
    private readonly logger: Logger,
    /** The chain being written, if any (asked each time: it may be opened after start). */
    private readonly chain: () => ChainWriter | undefined,
  ) {}

  decide(event: NotRecordedEvent): void {
    const fate = this.settleChainSeqs(event);
    const decisions = event.records.filter((r) => r.operation !== 'checkpoint' && r.operation !== 'chain_skip');
    const fields: Record<string, unknown> = {
      condition: 'not-recorded',
      stage: event.stage,
      count: decisions.length,
      error: describeError(event.error),
      decisionIds: decisions.slice(0, 10).map((d) => d.decisionId),
      chainSeqs: describeFate(fate),
    };
    if (event.error instanceof VaxeliaError) fields.reason = event.error.message; // our own words, never content
    if (decisions.length < event.records.length) fields.chainRecords = event.records.length - decisions.length;
    this.logger('error', 'decisions not recorded', fields);
    if (decisions.length > 0) this.counter.add(decisions.length, { stage: event.stage });
  }

  private settleChainSeqs(event: NotRecordedEvent): ChainSeqFate {
    const chain = this.chain();
    if (!chain) return { kind: 'none' };
    const seqs = event.records.filter((r) => r.chainId === chain.chainId && typeof r.seq === 'number').map((r) => r.seq as number);
    if (seqs.length === 0) return { kind: 'none' };
    const fromSeq = Math.min(...seqs);
    const toSeq = Math.max(...seqs);
    // A skip record that was among the lost records is owed again (its range merges with these).
    const lostSkips = event.records.map(chainSkipOf).filter((skip) => skip !== undefined);
    const mayRemain = event.laterRecordDurable === true || recordsMayRemain(event.error);
    if (event.chainBefore) chain.restore(event.chainBefore);
    for (const skip of lostSkips) chain.skip(skip);
    if (!mayRemain && event.chainBefore) return { kind: 'released', fromSeq, toSeq };
    const reason = `${event.stage} failed (${describeError(event.error)}) after these seqs were given out, and the failed write could not be undone`;
    const from = Math.min(fromSeq, ...lostSkips.map((skip) => skip.fromSeq));
    chain.skip({ fromSeq: from, toSeq, reason });
    return { kind: 'skipped', fromSeq: from, toSeq };
  }
}

function describeFate(fate: ChainSeqFate): string {
  if (fate.kind === 'none') return 'none assigned';
  const range = fate.fromSeq === fate.toSeq ? `seq ${fate.fromSeq}` : `seqs ${fate.fromSeq}..${fate.toSeq}`;
  return fate.kind === 'released' ? `${range} released (rolled back; the next records take them)` : `${range} skipped (a chain_skip record explains them)`;
}

/** The error's class and code, and its cause's (an AppendFailedError caused by ENOSPC says both). */
function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause === undefined ? errorSummary(error) : `${errorSummary(error)} (cause: ${errorSummary(cause)})`;
}
