import type { DecisionCheck } from '../../decision.js';
import type { Attributes } from '../../otel-types.js';
import { readNumber, readString } from '../attribute-reader.js';
import { type ContentSlots, fill } from '../content-slots.js';
import type { DialectFacts } from '../dialect-facts.js';
import type { MappingContext } from '../mapping-context.js';
import { isRecord, parseMaybeJson, sanitizeString } from '../sanitize.js';
import { valueToMessages } from '../value-content.js';

/**
 * OpenInference GUARDRAIL and EVALUATOR spans (`openinference.span.kind`; emitted e.g. by
 * `@arizeai/openinference-core`'s `traceGuardrail` / `traceEvaluator` and Phoenix evaluators): each is
 * recorded as a decision of its own — `operation: "guardrail"` or `"evaluation"` — carrying one check
 * and, as content, what was checked (`input.value`) and the verdict (`output.value`).
 *
 * The spec leaves the verdict's shape open, so the check is read from the common spellings, first in
 * the span's `metadata` (JSON) / `metadata.*`, then in a JSON `output.value`: `score`, `label` /
 * `verdict`, `threshold`, `explanation` / `reason`, a name (`guardrail_type`, `evaluator_name`, else
 * the span name), and whether it fired — `fired` / `flagged` / `blocked` / `triggered` / `violation`,
 * or the negation of `passed` / `allowed` / `valid` / `safe`, or a plain-text verdict that starts
 * with pass/allow/ok or fail/block/flag/reject. What cannot be read is left out, never guessed.
 */
const OPERATION_BY_KIND: Record<string, string> = { GUARDRAIL: 'guardrail', EVALUATOR: 'evaluation' };
const FIRED_KEYS = ['fired', 'flagged', 'blocked', 'triggered', 'violation'];
const PASSED_KEYS = ['passed', 'pass', 'allowed', 'valid', 'safe'];
const PASS_WORD = /^\s*(pass(ed)?|allow(ed)?|ok|safe)\b/i;
const FAIL_WORD = /^\s*(fail(ed)?|block(ed)?|flag(ged)?|reject(ed)?|unsafe)\b/i;

export function openInferenceCheckKind(attributes: Attributes): string | undefined {
  const raw = attributes['openinference.span.kind'];
  if (typeof raw !== 'string') return undefined;
  const kind = raw.toUpperCase();
  return OPERATION_BY_KIND[kind] ? kind : undefined;
}

/** Facts of a GUARDRAIL / EVALUATOR span (with its one check); undefined for other spans. */
export function readOpenInferenceCheck(attributes: Attributes, spanName: string, scope: string | undefined, slots: ContentSlots, ctx: MappingContext): DialectFacts | undefined {
  const kind = openInferenceCheckKind(attributes);
  if (kind === undefined) return undefined;
  ctx.used('openinference');
  fill(slots, 'input', valueToMessages(attributes['input.value'], 'user', ctx, 'input.value'));
  fill(slots, 'output', valueToMessages(attributes['output.value'], 'assistant', ctx, 'output.value'));

  const metadata = { ...flatMetadata(attributes), ...objectOf(attributes.metadata, ctx, 'metadata') };
  const output = objectOf(attributes['output.value'], ctx, 'output.value', true);
  const pick = (keys: string[]) => firstDefined(keys.map((key) => metadata[key] ?? output[key]));
  const name = pick(['guardrail_type', 'guardrail_name', 'evaluator_name', 'evaluation_name', 'name']);
  const check: DecisionCheck = { name: sanitizeString(typeof name === 'string' && name !== '' ? name : spanName, ctx) };
  const score = pick(['score', 'score_value', 'scoreValue']) ?? readNumber(attributes, 'evaluation.score');
  if (typeof score === 'number' && Number.isFinite(score)) check.scoreValue = score;
  const label = pick(['label', 'score_label', 'scoreLabel', 'verdict']) ?? readString(attributes, 'evaluation.label');
  if (typeof label === 'string' && label !== '') check.scoreLabel = sanitizeString(label, ctx);
  const threshold = pick(['threshold']);
  if (typeof threshold === 'number' && Number.isFinite(threshold)) check.threshold = threshold;
  const fired = firedOf(metadata) ?? firedOf(output) ?? firedFromText(attributes['output.value']);
  if (fired !== undefined) check.fired = fired;
  const explanation = pick(['explanation', 'reason', 'rationale']) ?? readString(attributes, 'evaluation.explanation');
  if (typeof explanation === 'string' && explanation !== '') check.explanation = sanitizeString(explanation, ctx);
  const evaluator = pick(['evaluator']);
  if (typeof evaluator === 'string' && evaluator !== '') check.evaluator = sanitizeString(evaluator, ctx);
  else if (scope) check.evaluator = scope;
  return { operation: OPERATION_BY_KIND[kind], checks: [check] };
}

function flatMetadata(attributes: Attributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(attributes)) if (key.startsWith('metadata.')) out[key.slice('metadata.'.length)] = attributes[key];
  return out;
}

/** A JSON object from an attribute; anything else is an empty object (quietly, for output text). */
function objectOf(value: unknown, ctx: MappingContext, what: string, quiet = false): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value === 'string' && !value.trimStart().startsWith('{')) return {};
  const parsed = parseMaybeJson(value, ctx, what);
  if (isRecord(parsed)) return parsed;
  if (!quiet) ctx.warn(`${what} is not a JSON object`);
  return {};
}

function firedOf(source: Record<string, unknown>): boolean | undefined {
  for (const key of FIRED_KEYS) if (typeof source[key] === 'boolean') return source[key] as boolean;
  for (const key of PASSED_KEYS) if (typeof source[key] === 'boolean') return !(source[key] as boolean);
  return undefined;
}

function firedFromText(value: unknown): boolean | undefined {
  if (typeof value !== 'string') return undefined;
  if (FAIL_WORD.test(value)) return true;
  if (PASS_WORD.test(value)) return false;
  return undefined;
}

function firstDefined(values: unknown[]): unknown {
  return values.find((value) => value !== undefined && value !== null);
}
