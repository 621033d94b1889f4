import type { DecisionAction, DecisionCheck } from '../../decision.js';
import type { Attributes } from '../../otel-types.js';
import { readNumber, readString } from '../attribute-reader.js';
import type { MappingContext } from '../mapping-context.js';
import { isRecord, parseMaybeJson, sanitizeString } from '../sanitize.js';
import type { GenAIEvent } from './log-events.js';

/**
 * Checks and verdicts: which guardrails and evaluations ran on a model call, and what the system
 * then did. Sources, in the order they are read:
 * - `gen_ai.evaluation.result` events (OpenTelemetry GenAI semantic conventions), as log records or
 *   span events parented to the evaluated span: `gen_ai.evaluation.name` (required),
 *   `gen_ai.evaluation.score.value`, `gen_ai.evaluation.score.label`,
 *   `gen_ai.evaluation.explanation`, `error.type`; this project's `vaxelia.check.threshold`,
 *   `vaxelia.check.fired` and `vaxelia.check.evaluator` may ride along on the same event;
 * - span attributes of apps that record their own: `vaxelia.checks` (a JSON array of checks) or
 *   indexed `vaxelia.check.{i}.{name,score_value,score_label,threshold,fired,explanation,evaluator}`;
 * - `vaxelia.action` on the span (or on an evaluation event): `allow`, `reject`, `escalate`,
 *   `modify`, or an app-defined string.
 */
export const EVALUATION_EVENT = 'gen_ai.evaluation.result';
export const ACTION_ATTRIBUTE = 'vaxelia.action';
export const CHECKS_ATTRIBUTE = 'vaxelia.checks';
const INDEXED_CHECK = /^vaxelia\.check\.(\d{1,4})\.([a-z_]+)$/;

/** Checks kept per decision: a runaway evaluator loop must not grow one record without bound. */
const MAX_CHECKS = 256;
const KNOWN_ACTIONS = new Set(['allow', 'reject', 'escalate', 'modify']);

export interface ChecksAndAction {
  checks?: DecisionCheck[];
  action?: DecisionAction;
}

export function isEvaluationEvent(name: string | undefined): boolean {
  return name === EVALUATION_EVENT;
}

/** Reads checks and the action from a span's attributes and its correlated events. */
export function readChecksAndAction(attributes: Attributes, events: readonly GenAIEvent[], ctx: MappingContext): ChecksAndAction {
  const checks: DecisionCheck[] = [];
  let action = readAction(attributes, ctx);
  for (const event of events) {
    if (!isEvaluationEvent(event.name)) continue;
    const check = checkFromEvaluation(event.attributes as Attributes, ctx, event.scope);
    if (check) push(checks, check, ctx);
    action ??= readAction(event.attributes as Attributes, ctx);
  }
  for (const check of checksFromAttributes(attributes, ctx)) push(checks, check, ctx);
  if (checks.length > 0) ctx.used('checks');
  const result: ChecksAndAction = {};
  if (checks.length > 0) result.checks = checks;
  if (action !== undefined) result.action = action;
  return result;
}

/** One `gen_ai.evaluation.result` event as a check; `undefined` (with a warning) when it names none. */
export function checkFromEvaluation(attributes: Attributes, ctx: MappingContext, scope?: string): DecisionCheck | undefined {
  const name = readString(attributes, 'gen_ai.evaluation.name', ctx);
  if (name === undefined) {
    ctx.warn(`${EVALUATION_EVENT} event without gen_ai.evaluation.name ignored`);
    return undefined;
  }
  const check: DecisionCheck = { name: sanitizeString(name, ctx) };
  setNumber(check, 'scoreValue', readNumber(attributes, 'gen_ai.evaluation.score.value', ctx));
  setString(check, 'scoreLabel', readString(attributes, 'gen_ai.evaluation.score.label', ctx), ctx);
  setNumber(check, 'threshold', readNumber(attributes, 'vaxelia.check.threshold', ctx));
  setBoolean(check, 'fired', readBoolean(attributes, 'vaxelia.check.fired', ctx));
  setString(check, 'explanation', readString(attributes, 'gen_ai.evaluation.explanation', ctx), ctx);
  setString(check, 'evaluator', readString(attributes, 'vaxelia.check.evaluator', ctx) ?? scope, ctx);
  setString(check, 'errorType', readString(attributes, 'error.type', ctx), ctx);
  return check;
}

/** `vaxelia.action` normalised: the four known verdicts in lower case, any other string as recorded. */
export function readAction(attributes: Attributes, ctx: MappingContext): DecisionAction | undefined {
  const raw = readString(attributes, ACTION_ATTRIBUTE, ctx);
  return raw === undefined ? undefined : normaliseAction(raw, ctx);
}

export function normaliseAction(raw: string, ctx: MappingContext): DecisionAction {
  const lower = raw.trim().toLowerCase();
  return KNOWN_ACTIONS.has(lower) ? lower : sanitizeString(raw, ctx);
}

/**
 * Normalises checks an app hands over as data (the `vaxelia.checks` attribute, `logDecision`):
 * unknown keys are dropped, wrong types become warnings, a check without a name is skipped.
 */
export function normaliseChecks(value: unknown, ctx: MappingContext, where: string): DecisionCheck[] {
  const parsed = parseMaybeJson(value, ctx, where);
  if (!Array.isArray(parsed)) {
    ctx.warn(`${where} is not an array of checks`);
    return [];
  }
  const checks: DecisionCheck[] = [];
  for (const item of parsed) {
    const check = isRecord(item) ? checkFromObject(item, ctx, where) : undefined;
    if (check) push(checks, check, ctx);
    else ctx.warn(`${where}: a check without a name was ignored`);
  }
  return checks;
}

function checksFromAttributes(attributes: Attributes, ctx: MappingContext): DecisionCheck[] {
  const checks = attributes[CHECKS_ATTRIBUTE] !== undefined ? normaliseChecks(attributes[CHECKS_ATTRIBUTE], ctx, CHECKS_ATTRIBUTE) : [];
  const indexed = new Map<number, Record<string, unknown>>();
  for (const key of Object.keys(attributes)) {
    const match = INDEXED_CHECK.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    let fields = indexed.get(index);
    if (!fields) {
      fields = {};
      indexed.set(index, fields);
    }
    fields[snakeToCamel(match[2]!)] = attributes[key];
  }
  for (const index of [...indexed.keys()].sort((a, b) => a - b)) {
    const check = checkFromObject(indexed.get(index)!, ctx, `vaxelia.check.${index}`);
    if (check) push(checks, check, ctx);
    else ctx.warn(`vaxelia.check.${index} has no name; ignored`);
  }
  return checks;
}

function checkFromObject(item: Record<string, unknown>, ctx: MappingContext, where: string): DecisionCheck | undefined {
  if (typeof item.name !== 'string' || item.name.trim() === '') return undefined;
  const check: DecisionCheck = { name: sanitizeString(item.name, ctx) };
  setNumber(check, 'scoreValue', toNumber(item.scoreValue, ctx, `${where}.scoreValue`));
  setString(check, 'scoreLabel', toText(item.scoreLabel, ctx, `${where}.scoreLabel`), ctx);
  setNumber(check, 'threshold', toNumber(item.threshold, ctx, `${where}.threshold`));
  setBoolean(check, 'fired', toBoolean(item.fired, ctx, `${where}.fired`));
  setString(check, 'explanation', toText(item.explanation, ctx, `${where}.explanation`), ctx);
  setString(check, 'evaluator', toText(item.evaluator, ctx, `${where}.evaluator`), ctx);
  setString(check, 'errorType', toText(item.errorType, ctx, `${where}.errorType`), ctx);
  return check;
}

function push(checks: DecisionCheck[], check: DecisionCheck, ctx: MappingContext): void {
  if (checks.length < MAX_CHECKS) checks.push(check);
  else ctx.warn(`more than ${MAX_CHECKS} checks on one decision; the rest were not recorded`);
}

function readBoolean(attributes: Attributes, key: string, ctx: MappingContext): boolean | undefined {
  return toBoolean(attributes[key], ctx, `attribute ${key}`);
}

function toBoolean(value: unknown, ctx: MappingContext, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  ctx.warn(`${where} is not a boolean`);
  return undefined;
}

function toNumber(value: unknown, ctx: MappingContext, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  ctx.warn(`${where} is not a finite number`);
  return undefined;
}

function toText(value: unknown, ctx: MappingContext, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  ctx.warn(`${where} is not a string`);
  return undefined;
}

function setNumber(check: DecisionCheck, key: 'scoreValue' | 'threshold', value: number | undefined): void {
  if (value !== undefined) check[key] = value;
}

function setBoolean(check: DecisionCheck, key: 'fired', value: boolean | undefined): void {
  if (value !== undefined) check[key] = value;
}

function setString(check: DecisionCheck, key: 'scoreLabel' | 'explanation' | 'evaluator' | 'errorType', value: string | undefined, ctx: MappingContext): void {
  if (value !== undefined) check[key] = sanitizeString(value, ctx);
}

function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
