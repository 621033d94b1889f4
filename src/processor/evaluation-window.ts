import { hrTimeToMs, type SpanLike } from '../otel-types.js';

/** Spans held at most; past it the oldest is released at once (memory stays bounded). */
const MAX_HELD = 10_000;

/**
 * Holds ended AI spans for `windowMs` after their end before they are mapped, so that
 * `gen_ai.evaluation.result` records emitted shortly after the call (an evaluator or guardrail that
 * runs on the answer) join the decision's `checks` instead of becoming linked records.
 *
 * Off by default: a held span is only in memory, so a `kill -9` within the window loses it — the
 * durability window grows by `windowMs`. `forceFlush` and `shutdown` release every held span at once.
 */
export class EvaluationWindow {
  private readonly held: { span: SpanLike; dueMs: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** AI spans held for their evaluations, not yet released. */
  get size(): number {
    return this.held.length;
  }

  constructor(
    readonly windowMs: number,
    private readonly release: (spans: SpanLike[]) => void,
  ) {}

  /** O(1): spans end roughly in order, so the held list stays sorted by due time. */
  hold(span: SpanLike): void {
    const endMs = hrTimeToMs(span.endTime);
    const dueMs = (Number.isFinite(endMs) && endMs > 0 ? Math.min(endMs, Date.now()) : Date.now()) + this.windowMs;
    this.held.push({ span, dueMs });
    if (this.held.length > MAX_HELD) this.release(this.held.splice(0, this.held.length - MAX_HELD).map((h) => h.span));
    this.schedule();
  }

  /** Releases every held span now (forceFlush, shutdown). */
  releaseAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held.length > 0) this.release(this.held.splice(0).map((h) => h.span));
  }

  private schedule(): void {
    if (this.timer || this.held.length === 0) return;
    const delay = Math.max(0, this.held[0]!.dueMs - Date.now());
    this.timer = setTimeout(this.releaseDue, delay);
    // Never keeps the app alive: shutdown (or the next flush) releases what is still held.
    this.timer.unref();
  }

  private readonly releaseDue = (): void => {
    this.timer = undefined;
    const now = Date.now();
    let due = 0;
    while (due < this.held.length && this.held[due]!.dueMs <= now) due++;
    if (due > 0) this.release(this.held.splice(0, due).map((h) => h.span));
    this.schedule();
  };
}
