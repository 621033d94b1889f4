import type { MappingContext } from './mapping-context.js';

/** Deepest structure kept from instrumentation-supplied JSON; deeper levels become a marker. */
const MAX_DEPTH = 24;
/** Most items kept from one array / keys from one object. */
const MAX_ITEMS = 2_000;
/** Largest attribute we attempt to parse as JSON at all. */
const MAX_JSON_CHARS = 16 * 1024 * 1024;

export const DEFAULT_MAX_CONTENT_LENGTH = 32 * 1024;

/**
 * Makes one content string safe to record: well-formed UTF-16 (a lone surrogate cannot be
 * canonicalised or hashed portably) and at most `maxContentLength` characters, with an explicit
 * marker carrying the original size so an auditor knows content was cut.
 */
export function sanitizeString(value: string, ctx: MappingContext): string {
  let text = value;
  if (!text.isWellFormed()) {
    text = text.toWellFormed();
    ctx.warn('content contained lone surrogates (replaced with U+FFFD)');
  }
  if (text.length > ctx.maxContentLength) {
    ctx.warn('content truncated');
    return `${text.slice(0, ctx.maxContentLength)}…[truncated by vaxelia: original ${value.length} chars]`;
  }
  return text;
}

/**
 * Copies an arbitrary value into plain JSON data that canonical JSON can always serialise:
 * sanitised strings, finite numbers, bounded depth and breadth, no prototype-polluting keys
 * interpreted as prototypes, no cycles (the depth bound cuts them).
 */
export function sanitizeValue(value: unknown, ctx: MappingContext, depth = 0): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return sanitizeString(value, ctx);
    case 'number':
      // JSON has no negative zero (JSON.stringify and RFC 8785 both write -0 as 0): the record holds
      // what it reads back as.
      if (Number.isFinite(value)) return value === 0 ? 0 : value;
      ctx.warn('non-finite number replaced with null');
      return null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (depth >= MAX_DEPTH) {
    ctx.warn('structure deeper than the depth limit was cut');
    return '[depth limit]';
  }
  if (value instanceof Uint8Array) {
    ctx.warn('binary value replaced by its size');
    return `[binary ${value.byteLength} bytes]`;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) ctx.warn('array truncated');
    const out: unknown[] = [];
    const n = Math.min(value.length, MAX_ITEMS);
    for (let i = 0; i < n; i++) {
      const item = sanitizeValue(value[i], ctx, depth + 1);
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of Object.keys(value as object)) {
    if (++count > MAX_ITEMS) {
      ctx.warn('object truncated');
      break;
    }
    const item = sanitizeValue((value as Record<string, unknown>)[key], ctx, depth + 1);
    if (item === undefined) continue;
    setOwn(out, sanitizeString(key, ctx), item);
  }
  return out;
}

/** Defines an own property even for `__proto__`, which plain assignment would treat as the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Parses JSON an instrumentation wrote into an attribute; malformed input becomes a warning. */
export function parseJson(text: string, ctx: MappingContext, what: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length > MAX_JSON_CHARS) {
    ctx.warn(`${what} too large to parse (${text.length} chars)`);
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    ctx.warn(`${what} is not valid JSON`);
    return { ok: false };
  }
}

/** A value that may be JSON in a string (span attributes) or already structured (log attributes, OTLP kvlists). */
export function parseMaybeJson(value: unknown, ctx: MappingContext, what: string): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const parsed = parseJson(value, ctx, what);
    return parsed.ok ? parsed.value : undefined;
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
