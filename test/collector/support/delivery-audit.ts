import type { DecisionRecord } from './stack.js';

/** The outcome of a fault scenario, decision by decision. */
export interface DeliveryAudit {
  expected: number;
  delivered: number;
  lost: string[];
  /** decision ids stored more than once (a retry chained twice would also leave a gap). */
  duplicated: string[];
  /** Stored decisions whose prompt still holds the e-mail or the phone. */
  unredacted: number;
  chains: number;
}

export function auditDelivery(expectedIds: string[], decisions: DecisionRecord[]): DeliveryAudit {
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d.decisionId, (counts.get(d.decisionId) ?? 0) + 1);
  const wanted = new Set(expectedIds);
  const mine = decisions.filter((d) => wanted.has(d.decisionId));
  return {
    expected: wanted.size,
    delivered: new Set(mine.map((d) => d.decisionId)).size,
    lost: expectedIds.filter((id) => !counts.has(id)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    unredacted: mine.filter((d) => /@example\.com|555 0134/.test(JSON.stringify(d.input))).length,
    chains: new Set(mine.map((d) => d.chainId)).size,
  };
}

/** Parses a Go duration as the Collector logs it ("5s", "1.5s", "750ms", "1m2.5s") into ms. */
export function goDurationMs(text: string): number {
  let ms = 0;
  for (const [, value, unit] of text.matchAll(/([\d.]+)(h|ms|µs|us|ns|m|s)/g)) {
    const n = Number(value);
    ms += unit === 'h' ? n * 3_600_000 : unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : unit === 'ms' ? n : n / 1000;
  }
  return ms;
}

export interface RetryLog {
  error: string;
  intervalMs: number;
}

/** The Collector exporter's "Will retry the request after interval" lines (its own account of each retry). */
export function retryLines(output: string): RetryLog[] {
  return output
    .split('\n')
    .filter((line) => line.includes('Exporting failed. Will retry the request after interval.'))
    .map((line) => ({ error: /"error": "((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? '', intervalMs: goDurationMs(/"interval": "([^"]+)"/.exec(line)?.[1] ?? '') }));
}
