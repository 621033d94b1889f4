import type { Attributes } from '../otel-types.js';
import type { MappingContext } from './mapping-context.js';

/**
 * Typed, forgiving reads of span/log attributes. Instrumentations disagree on types (a token count
 * as a string, a model as an array): a wrong type becomes a warning, never an exception.
 */
export function readString(attributes: Attributes, key: string, ctx?: MappingContext): string | undefined {
  const value = attributes[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : wellFormed(value, key, ctx);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return wellFormed(value[0], key, ctx);
  ctx?.warn(`attribute ${key} is not a string`);
  return undefined;
}

/** Every string that reaches a record must be canonicalisable: lone surrogates become U+FFFD. */
function wellFormed(value: string, key: string, ctx: MappingContext | undefined): string {
  if (value.isWellFormed()) return value;
  ctx?.warn(`attribute ${key} contained lone surrogates (replaced with U+FFFD)`);
  return value.toWellFormed();
}

export function readNumber(attributes: Attributes, key: string, ctx?: MappingContext): number | undefined {
  const value = attributes[key];
  if (value === undefined || value === null) return undefined;
  // `=== 0 ? 0`: JSON has no negative zero; a record keeps what it reads back as.
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value === 0 ? 0 : value;
    ctx?.warn(`attribute ${key} is not a finite number`);
    return undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed === 0 ? 0 : parsed;
  }
  ctx?.warn(`attribute ${key} is not a number`);
  return undefined;
}

/** A string array; a lone string counts as a one-element array (some instrumentations do that). */
export function readStringArray(attributes: Attributes, key: string, ctx?: MappingContext): string[] | undefined {
  const value = attributes[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : [value];
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === 'string').map((item) => wellFormed(item, key, ctx));
    if (strings.length !== value.length) ctx?.warn(`attribute ${key} has non-string items`);
    return strings.length > 0 ? strings : undefined;
  }
  ctx?.warn(`attribute ${key} is not a string array`);
  return undefined;
}

export function firstString(attributes: Attributes, keys: readonly string[], ctx?: MappingContext): string | undefined {
  for (const key of keys) {
    const value = readString(attributes, key, ctx);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function firstNumber(attributes: Attributes, keys: readonly string[], ctx?: MappingContext): number | undefined {
  for (const key of keys) {
    const value = readNumber(attributes, key, ctx);
    if (value !== undefined) return value;
  }
  return undefined;
}
