/**
 * Delay before retry number `attempt` (1-based: the delay after the first failure):
 * `min(baseDelayMs · 2^(attempt−1), maxDelayMs)`, then ± `jitter` (a fraction, default 20 %).
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random, jitter = 0.2): number {
  const exact = Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), maxDelayMs);
  const spread = exact * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(exact + spread));
}
