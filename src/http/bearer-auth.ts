import { hash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors.js';

export type AuthResult = 'ok' | 'missing' | 'wrong';

/** Checks one `Authorization` header value. */
export type AuthChecker = (header: string | undefined, options?: { allowBasic?: boolean }) => AuthResult;

/**
 * The one bearer check of the server and the gateway. Compares in constant time: both sides are
 * hashed to 32 bytes first, so neither the comparison nor an early length check reveals the key.
 * `Bearer <key>` always works; with `allowBasic`, `Basic` with the key as password too (a browser
 * opening the server's report prompts for it).
 *
 * `key === undefined` means no authentication — a decision the caller made and logged. An empty
 * key is a configuration error (`optionName` names it), never "no auth": an empty environment
 * variable must not open the door.
 */
export function createAuthChecker(key: string | undefined, optionName: string): AuthChecker {
  if (key === undefined) return () => 'ok';
  if (key.trim() === '') throw new ConfigError(`${optionName} is set but empty; set a token, or leave it unset to run without authentication.`);
  const expected = digest(key);
  return (header, options) => {
    if (typeof header !== 'string' || header.trim() === '') return 'missing';
    const [scheme = '', ...rest] = header.trim().split(/\s+/);
    const credential = rest.join(' ');
    let presented: string | undefined;
    if (scheme.toLowerCase() === 'bearer') presented = credential;
    else if (options?.allowBasic === true && scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      presented = colon >= 0 ? decoded.slice(colon + 1) : decoded;
    }
    if (presented === undefined || presented === '') return 'missing';
    return timingSafeEqual(digest(presented), expected) ? 'ok' : 'wrong';
  };
}

function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}
