import type { AIDecision } from '../decision.js';
import { isModelCallSpan } from '../mapping/is-gen-ai-span.js';
import { describeSameCall, mergeDecisions } from '../mapping/merge-decisions.js';
import { hrTimeToMs, type SpanLike } from '../otel-types.js';
import { BoundedMap } from '../core/bounded-map.js';

/** Spans tracked at once (in flight, or waiting for a partner): bounds memory whatever the app does. */
const MAX_TRACKED = 10_000;
/** Partner candidates kept per span (concurrent calls under one parent). */
const MAX_CANDIDATES = 16;
/** Longest a decision waits for the span it will merge with (that span is the same call: it ends within ms). */
const MAX_HOLD_MS = 10_000;

interface InFlightCall {
  /** The live span: some tracers set attributes just after starting (OpenInference's OITracer), so it is judged at its partner's end. */
  span: SpanLike;
  parentKey: string;
  scope: string;
}

/** Scopes whose spans may turn out to be model calls even when they start without attributes. */
const AI_SCOPE = /arizeai|openinference|traceloop|openllmetry|langfuse|anthropic|openai|bedrock|vertex|gen_?ai|llm|langchain|^ai$/i;

// The verdict per scope name, remembered: `noteStart` runs for every span the app starts, and the
// regular expression alone was ~100 ns of it (figure 1). An app has a handful of scopes; the bound
// only guards against one that invents names.
const aiScopeVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_SCOPES = 512;

function isAIScope(scope: string): boolean {
  let verdict = aiScopeVerdicts.get(scope);
  if (verdict === undefined) {
    verdict = AI_SCOPE.test(scope);
    if (aiScopeVerdicts.size < MAX_REMEMBERED_SCOPES) aiScopeVerdicts.set(scope, verdict);
  }
  return verdict;
}

/** The spans a span may describe the same call as; decided when it ends. */
interface Plan {
  candidates: string[];
  /** Sibling spans must also agree on the model; a parent/child pair is evidence enough. */
  sibling: boolean;
}

interface Waiting {
  decision: AIDecision;
  candidates: Set<string>;
  sibling: boolean;
  sinceMs: number;
  done: boolean;
}

/**
 * One model call, one decision. Two spans may describe the same call when
 * - one model-call span is the parent of another (a framework span around a client span, an SDK's
 *   own tracing under an instrumentation), or
 * - two model-call spans from different instrumentation scopes share a parent (or are both roots)
 *   and overlap in time (two instrumentations that do not nest their spans) — and then they must
 *   agree on the model, the response id and the first user text (`describeSameCall`).
 *
 * The span that ends first waits, bounded in count and time, for its candidate partners; the first
 * one that describes the same call is merged with it (`mergeDecisions`), so the call is recorded
 * exactly once, under the identity of the inner span: the child of a pair, or of two siblings the
 * client library's rather than a framework's (else the one that ended first).
 *
 * In-process the candidates are the model-call spans still in flight when a span ends (`noteStart`,
 * `noteEnd`: O(calls in flight under the same parent)); an exporter or gateway sees spans only at
 * their end, so candidates are found within each batch (`planBatch`).
 */
export class CallMerger {
  private readonly inFlight = new BoundedMap<string, InFlightCall>(MAX_TRACKED);
  private readonly inFlightByParent = new BoundedMap<string, Set<string>>(MAX_TRACKED);
  private readonly plans = new BoundedMap<string, Plan>(MAX_TRACKED);
  /** Candidate span id → the decisions waiting for it. */
  private readonly held = new Map<string, Waiting[]>();
  /** Every waiting decision, oldest first (expiry and the memory bound). */
  private readonly waiting = new Set<Waiting>();
  /** Spans already resolved: a decision never waits for one of them (clock or order anomalies). */
  private readonly resolved = new BoundedMap<string, true>(MAX_TRACKED);

  /** Decisions waiting for their partner span (not yet submitted). */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** A span started: remember it while it is in flight if it is, or may become, a model call. */
  noteStart(span: SpanLike): void {
    const scope = scopeOf(span);
    if (!isAIScope(scope) && !isModelCallSpan(span.attributes ?? {})) return;
    const id = span.spanContext().spanId;
    const call: InFlightCall = { span, parentKey: parentKeyOf(span), scope };
    this.inFlight.set(id, call);
    let siblings = this.inFlightByParent.get(call.parentKey);
    if (!siblings) {
      siblings = new Set();
      this.inFlightByParent.set(call.parentKey, siblings);
    }
    siblings.add(id);
  }

  /** A span ended (selected or not): it is no longer in flight. */
  forget(span: SpanLike): void {
    const id = span.spanContext().spanId;
    const call = this.inFlight.take(id);
    if (!call) return;
    const siblings = this.inFlightByParent.get(call.parentKey);
    siblings?.delete(id);
    if (siblings?.size === 0) this.inFlightByParent.take(call.parentKey);
  }

  /** A selected span ended: its candidates are the model calls still in flight around or beside it. */
  noteEnd(span: SpanLike): void {
    this.forget(span);
    if (!isModelCallSpan(span.attributes)) return;
    const id = span.spanContext().spanId;
    const parentId = parentIdOf(span);
    const parent = parentId ? this.inFlight.get(parentId) : undefined;
    if (parentId && parent && isModelCallSpan(parent.span.attributes ?? {})) {
      this.plans.set(id, { candidates: [parentId], sibling: false });
      return;
    }
    const siblings = this.inFlightByParent.get(parentKeyOf(span));
    if (!siblings) return;
    const scope = scopeOf(span);
    const candidates: string[] = [];
    let looked = 0;
    for (const otherId of siblings) {
      // Thousands of concurrent calls of one instrumentation under one parent: bounded work per span.
      if (++looked > MAX_CANDIDATES * 4) break;
      const other = this.inFlight.get(otherId);
      if (!other || other.scope === scope || !isModelCallSpan(other.span.attributes ?? {})) continue;
      candidates.push(otherId);
      if (candidates.length === MAX_CANDIDATES) break;
    }
    if (candidates.length > 0) this.plans.set(id, { candidates, sibling: true });
  }

  /**
   * Candidates within one batch of ended spans (exporter, gateway), for spans not planned yet. A
   * sibling partner is of another scope and ends at or after the span (`endsFirstWithin`): each
   * scope's spans under a parent are sorted by end, and the walk starts at the first that ends after
   * the span, nearest first (the same call ends within ms), looking at a bounded number — a Collector
   * batch of 8,192 root spans, one parent key, took 0.8–1.6 s when every span scanned every other.
   */
  planBatch(spans: readonly SpanLike[]): void {
    const calls = new Map<string, Ended>();
    const byParent = new Map<string, Map<string, Ended[]>>();
    for (const span of spans) {
      if (!isModelCallSpan(span.attributes)) continue;
      const ended = { span, endMs: hrTimeToMs(span.endTime), spanId: span.spanContext().spanId };
      calls.set(ended.spanId, ended);
      const key = parentKeyOf(span);
      let byScope = byParent.get(key);
      if (!byScope) {
        byScope = new Map();
        byParent.set(key, byScope);
      }
      const scope = scopeOf(span);
      const list = byScope.get(scope);
      if (list) list.push(ended);
      else byScope.set(scope, [ended]);
    }
    if (calls.size < 2) return;
    for (const byScope of byParent.values()) if (byScope.size > 1) for (const list of byScope.values()) list.sort(byEnd);
    for (const [id, self] of calls) {
      if (this.plans.get(id)) continue;
      const span = self.span;
      const parentId = parentIdOf(span);
      if (parentId && calls.has(parentId)) {
        this.plans.set(id, { candidates: [parentId], sibling: false });
        continue;
      }
      const byScope = byParent.get(parentKeyOf(span))!;
      if (byScope.size < 2) continue; // one instrumentation only: no sibling of another scope
      const scope = scopeOf(span);
      const candidates: string[] = [];
      for (const [otherScope, list] of byScope) {
        if (otherScope === scope) continue;
        const from = firstEndingAfter(list, self);
        const to = Math.min(list.length, from + MAX_CANDIDATES * 4);
        for (let i = from; i < to && candidates.length < MAX_CANDIDATES; i++) {
          if (endsFirstWithin(span, list[i]!.span)) candidates.push(list[i]!.spanId);
        }
      }
      if (candidates.length > 0) this.plans.set(id, { candidates, sibling: true });
    }
  }

  /** Whether the span waits for a partner (mapping order: waiting spans before their partners). */
  waits(span: SpanLike): boolean {
    return this.plans.get(span.spanContext().spanId) !== undefined;
  }

  /**
   * The decisions ready to record once `span` is mapped to `decision` (undefined: not a decision):
   * merged with a decision that waited for it, or waiting for a partner of its own. Call in end order.
   */
  resolve(span: SpanLike, decision: AIDecision | undefined): AIDecision[] {
    const id = span.spanContext().spanId;
    this.resolved.set(id, true);
    const ready: AIDecision[] = [];
    let result = decision;
    let merged = false;
    const open = (this.held.get(id) ?? []).filter((w) => !w.done);
    this.held.delete(id);
    for (const w of open) w.candidates.delete(id);
    if (result && open.length > 0 && isModelCallSpan(span.attributes)) {
      // The last compatible attempt is the one whose result the outer span reports.
      const match = open.findLast((w) => describeSameCall(w.decision, result!, w.sibling));
      if (match) {
        this.finish(match);
        result = isFrameworkSpan(match.decision) && !isFrameworkSpan(result) ? mergeDecisions(result, match.decision) : mergeDecisions(match.decision, result);
        merged = true;
      }
    }
    for (const w of open) {
      if (!w.done && w.candidates.size === 0) {
        this.finish(w);
        ready.push(w.decision);
      }
    }
    const plan = this.plans.take(id);
    // A span that absorbed its sibling is complete; a nested chain still waits for its parent.
    if (result && plan && !(merged && plan.sibling)) this.hold(plan, result, ready);
    else if (result) ready.push(result);
    return ready;
  }

  /** Decisions that waited longer than `MAX_HOLD_MS` (their partner never ended), recorded alone. */
  releaseExpired(nowMs = Date.now()): AIDecision[] {
    const ready: AIDecision[] = [];
    for (const w of this.waiting) {
      if (w.sinceMs > nowMs - MAX_HOLD_MS) break;
      this.release(w, `did not end within ${MAX_HOLD_MS / 1000} s`, ready);
    }
    return ready;
  }

  /** Every waiting decision, recorded alone (flush, shutdown, end of an exporter batch). */
  releaseAll(reason: string): AIDecision[] {
    const ready: AIDecision[] = [];
    for (const w of [...this.waiting]) this.release(w, reason, ready);
    this.held.clear();
    return ready;
  }

  private hold(plan: Plan, decision: AIDecision, ready: AIDecision[]): void {
    const candidates = plan.candidates.filter((candidate) => this.resolved.get(candidate) === undefined);
    if (candidates.length === 0) {
      ready.push(decision);
      return;
    }
    const entry: Waiting = { decision, candidates: new Set(candidates), sibling: plan.sibling, sinceMs: Date.now(), done: false };
    for (const candidate of candidates) {
      const list = this.held.get(candidate);
      if (list) list.push(entry);
      else this.held.set(candidate, [entry]);
    }
    this.waiting.add(entry);
    for (const oldest of this.waiting) {
      if (this.waiting.size <= MAX_TRACKED) break;
      this.release(oldest, 'was one of too many spans in flight', ready);
    }
  }

  private finish(w: Waiting): void {
    w.done = true;
    this.waiting.delete(w);
  }

  private release(w: Waiting, reason: string, ready: AIDecision[]): void {
    this.finish(w);
    const partners = [...w.candidates].join(', ');
    w.decision.mappingWarnings = [...(w.decision.mappingWarnings ?? []), `waited for overlapping span(s) ${partners}, which ${reason}; recorded without merging`];
    ready.push(w.decision);
  }
}

/**
 * Framework instrumentations (LangChain, LlamaIndex, …) describe a call one level above the client
 * library: between siblings, the client span is the inner one whichever ended first.
 */
const FRAMEWORK_SCOPE = /langchain|langgraph|llama[-_]?index|haystack|mastra|crewai|autogen|beeai|semantic[-_]?kernel/i;

function isFrameworkSpan(decision: AIDecision): boolean {
  return FRAMEWORK_SCOPE.test(decision.source?.scope ?? '');
}

function parentIdOf(span: SpanLike): string | undefined {
  return span.parentSpanContext?.spanId ?? span.parentSpanId;
}

/**
 * Siblings share a parent; root spans all share one key, whatever their trace: an instrumentation
 * that does not make its span current (LangChain callbacks) leaves the client span in a trace of its own.
 */
function parentKeyOf(span: SpanLike): string {
  const parentId = parentIdOf(span);
  return parentId ? `${span.spanContext().traceId}/${parentId}` : 'root';
}

/** A model-call span of a batch, with what sorting and searching by end compares. */
interface Ended {
  span: SpanLike;
  endMs: number;
  spanId: string;
}

/** End time, then span id: the order `endsFirstWithin` breaks ties in. */
const byEnd = (a: Ended, b: Ended): number => a.endMs - b.endMs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);

/** Index of the first span in `sorted` (by `byEnd`) that ends after `span` in that order. */
function firstEndingAfter(sorted: readonly Ended[], span: Ended): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byEnd(sorted[mid]!, span) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function scopeOf(span: SpanLike): string {
  const scope = span.instrumentationScope ?? span.instrumentationLibrary;
  return scope?.name ?? '';
}

/**
 * `inner` overlaps `outer` and ends first (equal ends ordered by span id): the direction keeps
 * pairs acyclic, and the span that ends first — the one closest to the wire — keeps its identity.
 */
function endsFirstWithin(inner: SpanLike, outer: SpanLike): boolean {
  const [os, oe, is, ie] = [hrTimeToMs(outer.startTime), hrTimeToMs(outer.endTime), hrTimeToMs(inner.startTime), hrTimeToMs(inner.endTime)];
  if (os >= ie || is >= oe) return false;
  return ie < oe || (ie === oe && inner.spanContext().spanId < outer.spanContext().spanId);
}
