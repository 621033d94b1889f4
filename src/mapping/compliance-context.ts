import type { AIDecision, ComplianceContext } from '../decision.js';
import type { Attributes } from '../otel-types.js';
import type { MappingContext } from './mapping-context.js';
import { sanitizeString, setOwn } from './sanitize.js';
import { valueText } from '../core/value-text.js';

/**
 * Compliance context the application attaches to AI spans, as `vaxelia.*` span attributes or
 * baggage entries (captured when the span starts). Each prefix fills one record field; the rest
 * of the key becomes a camelCase property: `vaxelia.human_oversight.reviewer_id` →
 * `humanOversight.reviewerId`.
 */
export const COMPLIANCE_PREFIXES = {
  'vaxelia.policy.': 'policyContext',
  'vaxelia.human_oversight.': 'humanOversight',
  'vaxelia.data_provenance.': 'dataProvenance',
  'vaxelia.session.': 'session',
} as const satisfies Record<string, keyof AIDecision>;

type ContextField = (typeof COMPLIANCE_PREFIXES)[keyof typeof COMPLIANCE_PREFIXES];

export const AI_SYSTEM_ID_ATTRIBUTE = 'vaxelia.ai_system_id';

export function readComplianceContext(
  attributes: Attributes,
  inherited: Readonly<Record<string, string>> | undefined,
  ctx: MappingContext,
): Partial<Record<ContextField, ComplianceContext>> {
  const result: Partial<Record<ContextField, ComplianceContext>> = {};
  // Inherited (baggage) first so the span's own attributes override it.
  if (inherited) for (const key of Object.keys(inherited)) add(result, key, inherited[key], ctx);
  for (const key of Object.keys(attributes)) {
    if (key.startsWith('vaxelia.')) add(result, key, attributes[key], ctx);
  }
  return result;
}

function add(result: Partial<Record<ContextField, ComplianceContext>>, key: string, value: unknown, ctx: MappingContext): void {
  for (const prefix of Object.keys(COMPLIANCE_PREFIXES) as (keyof typeof COMPLIANCE_PREFIXES)[]) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue;
    const field = COMPLIANCE_PREFIXES[prefix];
    const normalised = normaliseValue(value, ctx);
    if (normalised === undefined) {
      ctx.warn(`attribute ${key} has an unsupported value type`);
      return;
    }
    result[field] ??= {};
    const target = result[field];
    setOwn(target, camelCase(key.slice(prefix.length)), normalised);
    return;
  }
}

function normaliseValue(value: unknown, ctx: MappingContext): string | number | boolean | string[] | undefined {
  if (typeof value === 'string') return sanitizeString(value, ctx);
  if (typeof value === 'boolean') return value;
  // JSON has no negative zero: -0 becomes 0, what the record reads back as.
  if (typeof value === 'number') return Number.isFinite(value) ? (value === 0 ? 0 : value) : undefined;
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map((v) => sanitizeString(valueText(v), ctx));
  return undefined;
}

function camelCase(key: string): string {
  return key.replace(/[._]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
