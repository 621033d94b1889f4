import type { HrTime } from '../otel-types.js';
import { valueText } from '../core/value-text.js';

/**
 * Readers for OTLP scalar fields that come in two encodings: protobufjs messages (ids as bytes,
 * 64-bit integers as `Long`) and OTLP/JSON (ids as hex strings, 64-bit integers as decimal strings
 * or numbers, bytes as base64). The converters never trust either: a bad value is reported, not thrown.
 */

/** A protobufjs `Long` (we read it structurally: `long` is protobufjs's own dependency). */
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}

/** Deeper AnyValue nesting than this is cut (the value becomes a marker string): recursion stays bounded. */
export const MAX_ANY_VALUE_DEPTH = 32;
const TOO_DEEP = '[vaxelia: value nested too deeply]';

const HEX = /^[0-9a-f]*$/i;

/** Lowercase hex of a trace id (16 bytes) or span id (8 bytes); `undefined` when absent or invalid (incl. all zeros). */
export function readId(value: unknown, bytes: 8 | 16): string | undefined {
  let hex: string | undefined;
  if (value instanceof Uint8Array) {
    if (value.length !== bytes) return undefined;
    hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  } else if (typeof value === 'string') {
    if (value.length === bytes * 2 && HEX.test(value)) hex = value.toLowerCase();
    else {
      // Some OTLP/JSON producers follow the generic protobuf JSON mapping (base64) instead of hex.
      const decoded = Buffer.from(value, 'base64');
      if (decoded.length === bytes && decoded.toString('base64').replace(/=+$/, '') === value.replace(/=+$/, '')) hex = decoded.toString('hex');
    }
  }
  if (hex === undefined || /^0+$/.test(hex)) return undefined;
  return hex;
}

/** Whether a field carries an id at all (an empty parent id means "root"). */
export function hasBytes(value: unknown): boolean {
  return (value instanceof Uint8Array || typeof value === 'string') && value.length > 0;
}

/** Unix-epoch nanoseconds (Long, decimal string or number) → HrTime; 0 when absent or unreadable. */
export function readNanos(value: unknown): HrTime {
  let nanos: bigint;
  try {
    if (value === undefined || value === null) return [0, 0];
    if (typeof value === 'object' && 'low' in (value as object)) {
      const long = value as LongLike;
      nanos = (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
    } else if (typeof value === 'string') nanos = BigInt(value);
    else if (typeof value === 'number' && Number.isFinite(value)) nanos = BigInt(Math.trunc(value));
    else return [0, 0];
  } catch {
    return [0, 0];
  }
  if (nanos < 0n) return [0, 0];
  return [Number(nanos / 1_000_000_000n), Number(nanos % 1_000_000_000n)];
}

/** A 32-bit unsigned field (flags); 0 when absent. */
export function readUint(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value >>> 0 : 0;
}

/** int64 → number when exactly representable, else its decimal string (never silently rounded). */
export function readInt64(value: unknown): number | string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string') {
    if (!/^-?\d+$/.test(value)) return undefined;
    return exactNumber(BigInt(value));
  }
  // A protobufjs Long; from JSON, `low`/`high` could be anything (an object there has no number form).
  if (value !== null && typeof value === 'object' && typeof (value as LongLike).low === 'number' && typeof ((value as LongLike).high ?? 0) === 'number') {
    const long = value as LongLike;
    let big = (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
    if (!long.unsigned && big >= 1n << 63n) big -= 1n << 64n;
    return exactNumber(big);
  }
  return undefined;
}

/** The number when it holds the integer exactly (|n| ≤ 2^53 or a power-of-two multiple), else its decimal string. */
function exactNumber(big: bigint): number | string {
  const n = Number(big);
  return BigInt(n) === big ? n : big.toString();
}

/** Enum fields: an integer, or (leniently, for hand-written JSON) the enum value's name. */
export function readEnum(value: unknown, names: Readonly<Record<string, number>>): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') return names[value] ?? 0;
  return 0;
}

export type JsValue = string | number | boolean | null | Uint8Array | JsValue[] | { [key: string]: JsValue };

type Raw = Record<string, unknown>;

const own = Object.hasOwn;

/**
 * OTLP `AnyValue` → the JS value the SDK would hold: arrays, kvlists as plain objects, bytes as
 * `Uint8Array`, int64 as number (decimal string beyond 2^53). Works on both encodings: a decoded
 * protobuf message has exactly its set oneof member as an own property, like parsed JSON.
 */
export function readAnyValue(value: unknown, depth = 0): JsValue | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Raw;
  if (own(v, 'stringValue')) return typeof v.stringValue === 'string' ? v.stringValue : valueText(v.stringValue);
  if (own(v, 'intValue')) return readInt64(v.intValue) ?? null;
  if (own(v, 'boolValue')) return v.boolValue === true;
  if (own(v, 'doubleValue')) return readDouble(v.doubleValue);
  if (own(v, 'arrayValue')) {
    if (depth >= MAX_ANY_VALUE_DEPTH) return TOO_DEEP;
    const values = (v.arrayValue as Raw | null)?.values;
    if (!Array.isArray(values)) return [];
    return values.map((item) => readAnyValue(item, depth + 1) ?? null);
  }
  if (own(v, 'kvlistValue')) {
    if (depth >= MAX_ANY_VALUE_DEPTH) return TOO_DEEP;
    return readKeyValues((v.kvlistValue as Raw | null)?.values, depth + 1);
  }
  if (own(v, 'bytesValue')) {
    const bytes = v.bytesValue;
    if (bytes instanceof Uint8Array) return bytes;
    return typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'base64')) : new Uint8Array();
  }
  return undefined;
}

function readDouble(value: unknown): number | string {
  if (typeof value === 'number') return value;
  // OTLP/JSON may spell non-finite doubles as strings.
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  const n = typeof value === 'string' || typeof value === 'boolean' ? Number(value) : Number.NaN;
  return Number.isNaN(n) ? valueText(value) : n;
}

/** A repeated `KeyValue` → a plain object (prototype-less keys are safe: `__proto__` is just a key). */
export function readKeyValues(list: unknown, depth = 0): { [key: string]: JsValue } {
  const out: { [key: string]: JsValue } = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const key = (item as Raw).key;
    if (typeof key !== 'string') continue;
    const converted = readAnyValue((item as Raw).value, depth);
    if (converted === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
    else out[key] = converted;
  }
  return out;
}
