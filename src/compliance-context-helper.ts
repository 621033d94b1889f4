import { type Context, context as contextApi, propagation } from '@opentelemetry/api';
import { COMPLIANCE_PREFIXES } from './mapping/compliance-context.js';

type Field = (typeof COMPLIANCE_PREFIXES)[keyof typeof COMPLIANCE_PREFIXES];
const PREFIX_BY_FIELD = Object.fromEntries(Object.entries(COMPLIANCE_PREFIXES).map(([prefix, field]) => [field, prefix])) as Record<Field, string>;

export type ComplianceContextInput = Partial<Record<Field, Record<string, string | number | boolean>>>;

/**
 * Returns a context whose baggage carries compliance context as `vaxelia.*` entries; every AI span
 * started under it records them (`policyContext`, `humanOversight`, `dataProvenance`, `session`).
 * camelCase keys become snake_case: `{ humanOversight: { reviewerId: 'r-7' } }` →
 * `vaxelia.human_oversight.reviewer_id`. Baggage propagates to downstream services when a
 * propagator is configured: put ids and references here, not personal data.
 *
 * ```ts
 * context.with(withComplianceContext({ policyContext: { id: 'credit-policy', version: '7' } }), () => callModel());
 * ```
 */
export function withComplianceContext(values: ComplianceContextInput, parent: Context = contextApi.active()): Context {
  let baggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
  for (const field of Object.keys(values) as Field[]) {
    const prefix = PREFIX_BY_FIELD[field];
    const entries = values[field];
    if (!prefix || !entries) continue;
    for (const [key, value] of Object.entries(entries)) {
      baggage = baggage.setEntry(`${prefix}${snakeCase(key)}`, { value: String(value) });
    }
  }
  return propagation.setBaggage(parent, baggage);
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
