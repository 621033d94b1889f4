import { createHmac } from 'node:crypto';
import type { ReplacementMode } from './types.js';

/** Hex characters of the HMAC kept in a pseudonym: 48 bits, collision-free for joins over millions of values. */
export const PSEUDONYM_HEX_LENGTH = 12;

/** What `hash` mode keys on: the value without formatting, so `+49 30 1234` and `+49301234` join. */
export function normaliseForHash(type: string, value: string): string {
  switch (type) {
    case 'PHONE':
    case 'CREDIT_CARD':
    case 'US_SSN':
      return value.replace(/[^\d+]/g, '');
    case 'IBAN':
      return value.replace(/[\s-]/g, '').toUpperCase();
    case 'EMAIL':
    case 'IPV6':
      return value.toLowerCase();
    default:
      return value;
  }
}

/** `[EMAIL:3f9a1c2b7d0e]`: HMAC-SHA-256 keyed with the redaction key over type and normalised value. */
export function pseudonym(key: string, type: string, value: string): string {
  const mac = createHmac('sha256', key).update(`${type}\u0000${normaliseForHash(type, value)}`).digest('hex');
  return `[${type}:${mac.slice(0, PSEUDONYM_HEX_LENGTH)}]`;
}

/** Replaces digits by `*` except the last `keep`, keeping separators as format hints. */
function maskDigits(value: string, keep: number, skipLeading = 0): string {
  let digits = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) digits++;
  let seen = 0;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const isDigit = ch >= '0' && ch <= '9';
    if (isDigit) seen++;
    out += isDigit && seen > skipLeading && seen <= digits - keep ? '*' : ch;
  }
  return out;
}

function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***${domain.slice(dot)}`;
}

/**
 * Format-preserving mask: `j***@e***.com`, `+49 ** *****79`, `****-****-****-1111`, `***-**-6789`,
 * `DE** **** … **00`, `192.*.*.*`, `*:*::*:*`. Keeps at most a few trailing characters.
 */
export function mask(type: string, value: string): string {
  switch (type) {
    case 'EMAIL':
      return maskEmail(value);
    case 'PHONE':
      return maskDigits(value, 2);
    case 'CREDIT_CARD':
    case 'US_SSN':
      return maskDigits(value, 4);
    case 'IBAN': {
      const head = value.slice(0, 2);
      return head + value.slice(2, -2).replace(/[A-Za-z0-9]/g, '*') + value.slice(-2);
    }
    case 'IPV4':
      return value.replace(/^(\d+)\..*$/, '$1.*.*.*');
    case 'IPV6':
      return value.replace(/[0-9A-Fa-f.]+/g, '*');
    default:
      return `${value.slice(0, 1)}***`;
  }
}

/**
 * The replacement text of the value `text[start, end)`. `key` is set whenever `mode` is `hash`.
 * Takes offsets so that `redact` mode, which never reads the value, does not cut it out.
 */
export function replacementFor(
  mode: ReplacementMode,
  type: string,
  text: string,
  start: number,
  end: number,
  key: string | undefined,
): string {
  if (mode === 'hash') return pseudonym(key!, type, text.slice(start, end));
  if (mode === 'mask') return mask(type, text.slice(start, end));
  return markerOf(type);
}

/**
 * `[EMAIL]`: the marker of `redact` mode. The built-in types get constants, so replacing a value
 * builds no string (a template literal costs two concatenations per value).
 */
export function markerOf(type: string): string {
  switch (type) {
    case 'EMAIL':
      return '[EMAIL]';
    case 'PHONE':
      return '[PHONE]';
    case 'IPV4':
      return '[IPV4]';
    case 'IPV6':
      return '[IPV6]';
    case 'IBAN':
      return '[IBAN]';
    case 'CREDIT_CARD':
      return '[CREDIT_CARD]';
    case 'US_SSN':
      return '[US_SSN]';
    default:
      return `[${type}]`;
  }
}
