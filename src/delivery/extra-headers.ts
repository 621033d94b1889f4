import { ConfigError } from '../errors.js';

/** Headers the transport sets itself; a user value would break the protocol or the idempotency. */
const RESERVED = new Set(['content-type', 'content-length', 'content-encoding', 'idempotency-key', 'host', 'connection', 'transfer-encoding', 'user-agent']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses `VAXELIA_HEADERS` in the syntax of `OTEL_EXPORTER_OTLP_HEADERS`: `key1=value1,key2=value2`,
 * values percent-encoded (W3C Baggage style). Errors name the header, never its value: header
 * values are often credentials.
 */
export function parseHeaderList(text: string, source: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const items = text.split(',');
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`${source}: entry ${i + 1} is not name=value.`);
    const name = item.slice(0, eq).trim();
    let value: string;
    try {
      value = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(`${source}: the value of entry ${i + 1} is not valid percent-encoding.`);
    }
    headers[name] = value;
  }
  return headers;
}

/** Validates names and values; returns them with lower-case names, ready for every request. */
export function validateExtraHeaders(headers: Record<string, string>, source: string): Record<string, string> {
  const out: Record<string, string> = {};
  let position = 0;
  for (const [name, value] of Object.entries(headers)) {
    position++;
    // An invalid name is not printed: it may be a pasted credential.
    if (!TOKEN.test(name)) throw new ConfigError(`${source}: header ${position} has an invalid name.`);
    const lower = name.toLowerCase();
    if (RESERVED.has(lower)) throw new ConfigError(`${source}: \`${name}\` is set by the library and cannot be overridden.`);
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new ConfigError(`${source}: the value of header \`${name}\` must be a string without line breaks.`);
    }
    out[lower] = value;
  }
  return out;
}
