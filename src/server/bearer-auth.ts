import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AuthResult = 'ok' | 'missing' | 'wrong';

/**
 * Checks `Authorization` against the configured key in constant time: both sides are hashed to 32
 * bytes first, so neither the comparison nor an early length check reveals anything about the key.
 * `Bearer <key>` always works; with `allowBasic`, `Basic` with the key as password too, so a browser
 * can open the report (it prompts for it).
 */
export function createAuthChecker(apiKey: string | undefined): (req: IncomingMessage, allowBasic: boolean) => AuthResult {
  if (apiKey === undefined || apiKey === '') return () => 'ok';
  const expected = digest(apiKey);
  return (req, allowBasic) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') return 'missing';
    const [scheme = '', ...rest] = header.trim().split(/\s+/);
    const credential = rest.join(' ');
    let presented: string | undefined;
    if (scheme.toLowerCase() === 'bearer') presented = credential;
    else if (allowBasic && scheme.toLowerCase() === 'basic') {
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
