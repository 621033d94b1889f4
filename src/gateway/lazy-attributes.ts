import type { Attributes } from '../otel-types.js';
import { readAnyValue } from './otlp-values.js';

type Raw = Record<string, unknown>;

/**
 * A read-only view of an OTLP `KeyValue` list that converts only the keys looked up. Selection
 * (`isGenAISpan`) reads a handful of keys; most spans are not AI spans and are dropped without
 * converting their attributes. A repeated key resolves to its last value, as in full conversion.
 */
export function lazyAttributes(list: unknown): Attributes {
  const entries = Array.isArray(list) ? (list as Raw[]) : [];
  return new Proxy({} as Attributes, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i];
        if (entry !== null && typeof entry === 'object' && entry.key === key) return readAnyValue(entry.value) ?? undefined;
      }
      return undefined;
    },
  });
}
