import { randomUUID } from 'node:crypto';
import { ENV, resolveOption } from '../config/env.js';
import type { VaxeliaOptions } from '../pipeline/vaxelia-options.js';
import type { AIDecision, DecisionInput, DecisionOutput, DecisionStatus, Message } from '../decision.js';
import { type Logger, safeLogger } from '../core/logger.js';
import { DecisionNotRecordedError } from '../errors.js';
import { normaliseAction, normaliseChecks } from '../mapping/dialects/evaluations.js';
import { MappingContext } from '../mapping/mapping-context.js';
import { toMessages } from '../mapping/message-normalizer.js';
import { DEFAULT_MAX_CONTENT_LENGTH, sanitizeString, sanitizeValue } from '../mapping/sanitize.js';
import { DecisionRuntime } from '../pipeline/decision-runtime.js';

/** What the app hands to `logDecision`: the wire format with everything but the content optional. */
export type ManualDecision = Partial<Omit<AIDecision, 'input' | 'output' | 'chainId' | 'seq' | 'prevHash' | 'hash' | 'signature' | 'redaction'>> & {
  /** A string becomes one user text message; or the GenAI message shape. */
  input?: string | DecisionInput;
  /** A string becomes one assistant text message; or the GenAI message shape. */
  output?: string | DecisionOutput;
  /** The decision this one reviews or overrides (a human sign-off of an AI decision). */
  relatedDecisionId?: string;
};

export interface LoggedDecision {
  decisionId: string;
  hash: string | undefined;
  /** `delivered` after a 2xx; `buffered` when durably queued for later delivery. */
  outcome: 'delivered' | 'buffered';
  delivered: boolean;
  buffered: boolean;
}

/**
 * The direct API (the Python sibling's `ComplianceReporter`): record decisions made outside any
 * span — a human reviewer's sign-off, a rules-engine outcome — on the same chain and queue.
 */
export class ComplianceReporter {
  private readonly logger: Logger;
  private readonly runtime: DecisionRuntime;
  private readonly aiSystemId: string | undefined;
  private readonly maxContentLength: number;

  constructor(options: VaxeliaOptions = {}) {
    this.logger = safeLogger(options.logger, options);
    this.aiSystemId = resolveOption(options.aiSystemId, ENV.aiSystemId, String);
    this.maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
    this.runtime = new DecisionRuntime({ ...options, aiSystemId: this.aiSystemId }, this.logger);
  }

  /**
   * Resolves once the decision is delivered or durably buffered; rejects with
   * `PermanentRejectionError` (the endpoint refused it; dead-lettered) or `DecisionNotRecordedError`.
   */
  async logDecision(decision: ManualDecision): Promise<LoggedDecision> {
    const normalised = this.normalise(decision);
    const { record, outcome } = await this.runtime.record(normalised);
    return { decisionId: record.decisionId, hash: record.hash, outcome, delivered: outcome === 'delivered', buffered: outcome === 'buffered' };
  }

  /** Drains the disk queue now: `{ sent, remaining }`. */
  async flushBuffer(): Promise<{ sent: number; remaining: number }> {
    await this.runtime.flush();
    return this.runtime.delivery ? this.runtime.delivery.flushBuffer() : { sent: 0, remaining: 0 };
  }

  forceFlush(): Promise<void> {
    return this.runtime.flush();
  }

  shutdown(): Promise<void> {
    return this.runtime.shutdown();
  }

  private normalise(decision: ManualDecision): AIDecision {
    if (typeof decision !== 'object' || decision === null) throw new DecisionNotRecordedError('logDecision expects a decision object.');
    const ctx = new MappingContext(this.maxContentLength);
    const status: DecisionStatus = decision.status ?? 'completed';
    if (status !== 'completed' && status !== 'failed') throw new DecisionNotRecordedError('decision.status must be "completed" or "failed".');
    const aiSystemId = decision.aiSystemId ?? this.aiSystemId;
    if (!aiSystemId) throw new DecisionNotRecordedError('decision.aiSystemId is missing (or set the `aiSystemId` option / VAXELIA_AI_SYSTEM_ID).');
    const decidedAt = decision.decidedAt ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(decidedAt))) throw new DecisionNotRecordedError('decision.decidedAt is not an ISO-8601 time.');
    const { input, output, checks, action, ...rest } = decision;
    const copy = sanitizeValue(rest, ctx) as Partial<AIDecision>;
    const verdict = normaliseVerdict(checks, action, ctx);
    const record: AIDecision = {
      ...copy,
      aiSystemId,
      modelUsed: decision.modelUsed ?? 'none',
      input: normaliseInput(input, ctx),
      output: { messages: typeof output === 'string' ? textMessage('assistant', output, ctx) : (toMessages(output?.messages ?? [], ctx, 'output', 'assistant') ?? []) },
      status,
      decidedAt: new Date(decidedAt).toISOString(),
      decisionId: decision.decisionId ?? randomUUID(),
      ...verdict,
    };
    if (ctx.warnings.length > 0) record.mappingWarnings = [...(record.mappingWarnings ?? []), ...ctx.warnings];
    return record;
  }
}

/** Checks and action are validated strictly here: the caller wrote them and can fix them. */
function normaliseVerdict(checks: unknown, action: unknown, ctx: MappingContext): Pick<AIDecision, 'checks' | 'action'> {
  const out: Pick<AIDecision, 'checks' | 'action'> = {};
  if (checks !== undefined) {
    if (!Array.isArray(checks)) throw new DecisionNotRecordedError('decision.checks must be an array of { name, scoreValue?, scoreLabel?, threshold?, fired?, explanation?, evaluator? }.');
    checks.forEach((check, i) => {
      if (typeof check !== 'object' || check === null || typeof (check as { name?: unknown }).name !== 'string' || (check as { name: string }).name.trim() === '') {
        throw new DecisionNotRecordedError(`decision.checks[${i}] needs a non-empty string \`name\`.`);
      }
    });
    const before = ctx.warnings.length;
    out.checks = normaliseChecks(checks, ctx, 'decision.checks');
    if (ctx.warnings.length > before) throw new DecisionNotRecordedError(`${ctx.warnings[before]}.`);
  }
  if (action !== undefined) {
    if (typeof action !== 'string' || action.trim() === '') throw new DecisionNotRecordedError('decision.action must be a non-empty string: allow, reject, escalate, modify, or your own.');
    out.action = normaliseAction(action, ctx);
  }
  return out;
}

function normaliseInput(input: ManualDecision['input'], ctx: MappingContext): DecisionInput {
  if (input === undefined) return { messages: [] };
  if (typeof input === 'string') return { messages: textMessage('user', input, ctx) };
  const out: DecisionInput = { messages: toMessages(input.messages ?? [], ctx, 'input', 'user') ?? [] };
  if (input.systemInstructions) out.systemInstructions = sanitizeValue(input.systemInstructions, ctx) as DecisionInput['systemInstructions'];
  if (input.toolDefinitions) out.toolDefinitions = sanitizeValue(input.toolDefinitions, ctx) as DecisionInput['toolDefinitions'];
  return out;
}

/** A plain string is content, never parsed (a JSON-looking answer stays text). */
function textMessage(role: string, text: string, ctx: MappingContext): Message[] {
  return text === '' ? [] : [{ role, parts: [{ type: 'text', content: sanitizeString(text, ctx) }] }];
}
