import { metrics } from '@opentelemetry/api';
import type { ChainSkip } from '../chain/chain-skip.js';
import type { ChainSnapshot, ChainWriter } from '../chain/chain-writer.js';
import type { AIDecision } from '../decision.js';
import type { Logger } from '../delivery/logger.js';
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
  private owed: ChainSkip | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly chain: ChainWriter | undefined,
  ) {}

  decide(event: NotRecordedEvent): void {
    const fate = this.settleChainSeqs(event);
    const decisions = event.records.filter((r) => r.operation !== 'checkpoint' && r.operation !== 'chain_skip');
    const fields: Record<string, unknown> = {
      stage: event.stage,
      count: decisions.length,
      error: errorName(event.error),
      decisionIds: decisions.slice(0, 10).map((d) => d.decisionId),
      chainSeqs: describeFate(fate),
    };
    if (event.error instanceof VaxeliaError) fields.reason = event.error.message; // our own words, never content
    if (decisions.length < event.records.length) fields.chainRecords = event.records.length - decisions.length;
    this.logger('error', 'decisions not recorded', fields);
    if (decisions.length > 0) this.counter.add(decisions.length, { stage: event.stage });
  }

  /** A skip record owed to the chain, to be written before the next record (see `written`). */
  owedSkip(): ChainSkip | undefined {
    return this.owed;
  }

  /** The owed skip record reached the disk. */
  skipWritten(): void {
    this.owed = undefined;
  }

  private settleChainSeqs(event: NotRecordedEvent): ChainSeqFate {
    const chain = this.chain;
    if (!chain) return { kind: 'none' };
    const seqs = event.records.filter((r) => r.chainId === chain.chainId && typeof r.seq === 'number').map((r) => r.seq as number);
    if (seqs.length === 0) return { kind: 'none' };
    const fromSeq = Math.min(...seqs);
    const toSeq = Math.max(...seqs);
    if (!event.laterRecordDurable && !recordsMayRemain(event.error) && event.chainBefore) {
      chain.restore(event.chainBefore);
      return { kind: 'released', fromSeq, toSeq };
    }
    // An owed skip that was part of the failed records is widened, so one record explains both.
    const from = this.owed && this.owed.fromSeq < fromSeq ? this.owed.fromSeq : fromSeq;
    this.owed = {
      fromSeq: from,
      toSeq,
      reason: `${event.stage} failed (${errorName(event.error)}) after these seqs were assigned; the failed write could not be undone, so they are not reused`,
    };
    return { kind: 'skipped', fromSeq: from, toSeq };
  }
}

function describeFate(fate: ChainSeqFate): string {
  if (fate.kind === 'none') return 'none assigned';
  const range = fate.fromSeq === fate.toSeq ? `seq ${fate.fromSeq}` : `seqs ${fate.fromSeq}..${fate.toSeq}`;
  return fate.kind === 'released' ? `${range} released (rolled back; the next records take them)` : `${range} skipped (a chain_skip record explains them)`;
}

/** Error names and codes only: messages may quote content or secrets. */
export function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
    if (typeof code === 'string') return causeCode ? `${error.name} (${code}, ${causeCode})` : `${error.name} (${code})`;
    return causeCode ? `${error.name} (${causeCode})` : error.name;
  }
  return typeof error;
}
