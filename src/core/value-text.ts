/**
 * A value of the wrong type where text is wanted, as text: primitives as `String()` gives them,
 * objects and arrays as JSON, null and undefined as ''. Never `String(value)` on parsed JSON: an
 * object such as `{"toString": false}` has no primitive form and `String()` throws (a fuzzed OTLP
 * body answered 500 that way, in the gateway and in the compliance-context mapping).
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
