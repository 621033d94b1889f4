import { CanonicalizationError } from './chain-errors.js';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * - Numbers: ECMAScript `Number.prototype.toString` (what JCS §3.2.2.3 prescribes); `-0` → `0`.
 *   NaN and ±Infinity are not JSON: they throw.
 * - Strings: JSON escaping of ECMAScript `JSON.stringify` (JCS §3.2.2.2 is exactly that), and they must
 *   be I-JSON (RFC 7493): a lone surrogate throws instead of being escaped as `\udXXX`, because two
 *   serialisers would disagree on it.
 * - Object keys sorted by UTF-16 code units (JavaScript's default string order); object members whose
 *   value is `undefined` are omitted, as `JSON.stringify` omits them, so the canonical form matches
 *   what a record looks like after a trip over the wire.
 * - `toJSON()` is honoured (a `Date` becomes its ISO string), again to match the wire form.
 * - Throws {@link CanonicalizationError} on BigInt, functions, symbols, `undefined` in an array,
 *   cycles, `Map`/`Set`/typed arrays (JSON.stringify would silently write `{}` for them).
 */
export function canonicalize(value: unknown): string {
  return serialize(value, '', new Set());
}

/**
 * Canonical form of a record without some of its top-level members (the chain hashes a record
 * without `hash` and `signature`), without copying the record.
 */
export function canonicalizeWithout(record: Record<string, unknown>, omit: ReadonlySet<string>): string {
  const seen = new Set<object>([record]);
  return serializeObject(record, '', seen, omit);
}

function serialize(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(path, `${value} is not a JSON number`);
      // ECMAScript number-to-string is the JCS number format; String(-0) is "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (seen.has(value)) throw new CanonicalizationError(path, 'cyclic reference');
      const withToJSON = value as { toJSON?: unknown };
      if (typeof withToJSON.toJSON === 'function') {
        seen.add(value);
        const out = serialize((withToJSON.toJSON as () => unknown).call(value), path, seen);
        seen.delete(value);
        return out;
      }
      seen.add(value);
      const out = Array.isArray(value) ? serializeArray(value, path, seen) : serializeObject(value, path, seen);
      seen.delete(value);
      return out;
    }
    case 'bigint':
      throw new CanonicalizationError(path, 'BigInt has no JSON form');
    case 'undefined':
      throw new CanonicalizationError(path, 'undefined has no JSON form');
    default:
      throw new CanonicalizationError(path, `${typeof value} has no JSON form`);
  }
}

function serializeArray(array: unknown[], path: string, seen: Set<object>): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    // JSON.stringify would write null here: silently changing the data is what JCS exists to avoid.
    if (item === undefined) throw new CanonicalizationError(`${path}/${i}`, 'undefined inside an array');
    if (i > 0) out += ',';
    out += serialize(item, `${path}/${i}`, seen);
  }
  return `${out}]`;
}

function serializeObject(
  object: object,
  path: string,
  seen: Set<object>,
  omit?: ReadonlySet<string>,
): string {
  if (object instanceof Map || object instanceof Set || ArrayBuffer.isView(object)) {
    throw new CanonicalizationError(path, `${object.constructor.name} has no JSON form`);
  }
  // Default sort compares UTF-16 code units, which is the JCS key order (RFC 8785 §3.2.3).
  const keys = Object.keys(object).sort();
  const record = object as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (omit?.has(key)) continue;
    const member = record[key];
    if (member === undefined) continue;
    const memberPath = `${path}/${key}`;
    if (!first) out += ',';
    first = false;
    out += serializeString(key, memberPath);
    out += ':';
    out += serialize(member, memberPath, seen);
  }
  return `${out}}`;
}

interface WellFormedString {
  isWellFormed(): boolean;
}

function serializeString(value: string, path: string): string {
  // String.prototype.isWellFormed is ES2024 (Node >= 20); the lib target here is ES2023.
  if (!(value as unknown as WellFormedString).isWellFormed()) {
    throw new CanonicalizationError(path, 'string contains a lone surrogate (not I-JSON)');
  }
  return JSON.stringify(value);
}
