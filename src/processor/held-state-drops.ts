import type { Logger } from '../core/logger.js';

/** How often the drops are said at most. */
const REPORT_EVERY_MS = 60_000;

/**
 * What the span mapper's bounded per-span state drops, said where a person sees it: gen_ai log
 * records held for a span that never ended (evicted past 10,000 spans, or past 2,000 records for one
 * span — evaluations among them are recorded on their own, see span-mapper.ts), and `vaxelia.*`
 * baggage captured at start for spans still open past the same bound (their decisions are recorded
 * without it). One WARN per kind, at most once a minute, with the count since the last one.
 */
export class HeldStateDrops {
  private logs = 0;
  private logsSaid = 0;
  private contexts = 0;
  private contextsSaid = 0;
  private lastSaidAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  logsDropped(count: number): void {
    this.logs += count;
  }

  contextDropped(): void {
    this.contexts++;
  }

  /** `overflowed`: records the correlator refused past its per-span limit, so far. */
  report(overflowed: number): void {
    const logs = this.logs + overflowed;
    if ((logs === this.logsSaid && this.contexts === this.contextsSaid) || this.now() - this.lastSaidAt < REPORT_EVERY_MS) return;
    this.lastSaidAt = this.now();
    if (logs !== this.logsSaid) {
      this.logger('warn', 'vaxelia: gen_ai log records dropped: their span never ended (or held more than 2,000 records); evaluations among them are recorded on their own', {
        records: logs - this.logsSaid,
        total: logs,
      });
      this.logsSaid = logs;
    }
    if (this.contexts !== this.contextsSaid) {
      this.logger('warn', 'vaxelia: compliance context from baggage dropped for spans still open past the 10,000-span bound; their decisions are recorded without it', {
        spans: this.contexts - this.contextsSaid,
        total: this.contexts,
      });
      this.contextsSaid = this.contexts;
    }
  }
}
