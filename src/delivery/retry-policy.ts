/**
 * The retry policy of DESIGN.md §6, in one file: what an HTTP status means for a decision, how long
 * to wait before the next attempt, and how much of the endpoint's `Retry-After` to honour.
 *
 * The rule a newcomer looks for: a rejection about the **endpoint** (wrong key, wrong URL, proxy
 * authentication) is a configuration mistake a person fixes — the queue holds and retries; only a
 * rejection about the **decision** itself dead-letters it. Nothing is lost to a typo.
 */

/** What a response status means for the decision that was sent. */
export type StatusClass = 'success' | 'transient' | 'endpoint-configuration' | 'decision-rejected';

/**
 * Statuses that say the endpoint (or the way we reach it) is misconfigured, with the likely fix.
 * 3xx belongs here too: we never follow a redirect (the bearer token must not reach another host).
 */
const ENDPOINT_CONFIGURATION_FIXES: Readonly<Record<number, string>> = {
  401: 'the endpoint did not accept the API key: set `apiKey` / VAXELIA_API_KEY to a valid key',
  403: 'the API key is not allowed to write here: check `apiKey` / VAXELIA_API_KEY and its tenant',
  404: 'no decision log at this URL: `tenantApiUrl` / VAXELIA_TENANT_API_URL must be the full POST URL (its path, e.g. …/v1/decisions)',
  405: 'the URL does not accept POST: check the path of `tenantApiUrl` / VAXELIA_TENANT_API_URL',
  407: 'the proxy requires authentication: put credentials in the proxy URL (`proxy` / HTTPS_PROXY, http://user:password@host:port)',
  421: 'the server is not the one the URL names: check the host of `tenantApiUrl` / VAXELIA_TENANT_API_URL',
};
const REDIRECT_FIX = 'the endpoint redirects and redirects are not followed: set `tenantApiUrl` / VAXELIA_TENANT_API_URL to the final URL';

export function classifyStatus(statusCode: number): StatusClass {
  if (statusCode >= 200 && statusCode < 300) return 'success';
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500) return 'transient';
  if (ENDPOINT_CONFIGURATION_FIXES[statusCode] !== undefined || (statusCode >= 300 && statusCode < 400)) return 'endpoint-configuration';
  if (statusCode >= 400 && statusCode < 500) return 'decision-rejected';
  return 'transient'; // 1xx or nonsense: nothing proves the decision is at fault
}

/** The likely fix for an `endpoint-configuration` status. */
export function configurationFix(statusCode: number): string {
  return ENDPOINT_CONFIGURATION_FIXES[statusCode] ?? REDIRECT_FIX;
}

/**
 * Delay before retry number `attempt` (1-based: the delay after the first failure):
 * `min(baseDelayMs · 2^(attempt−1), maxDelayMs)`, then ± `jitter` (a fraction, default 20 %).
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random, jitter = 0.2): number {
  const exact = Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), maxDelayMs);
  const spread = exact * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(exact + spread));
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP-date) into milliseconds from `now`, capped at
 * `maxMs`; `undefined` when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, now: number, maxMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(Math.max(0, ms), maxMs);
}

/** The wait before the next attempt: the endpoint's `Retry-After` when it gave one, else backoff. */
export function retryDelay(attempt: number, retryInMillis: number | undefined, baseDelayMs: number, maxDelayMs: number): number {
  return retryInMillis ?? backoffDelay(attempt, baseDelayMs, maxDelayMs);
}
