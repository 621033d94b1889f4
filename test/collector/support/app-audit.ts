import type { DecisionRecord } from './stack.js';

/** What one app's run became behind the Collector, checked call by call. */
export interface AppAudit {
  app: string;
  calls: number;
  /** Decisions whose responseId is one of the app's calls. */
  decisions: number;
  /** Calls with more than one decision. */
  duplicated: number;
  /** Calls whose decision holds the prompt's marker, i.e. the content was joined. */
  joined: number;
  /** Calls whose decision has both the e-mail and the phone replaced, and neither in clear. */
  redacted: number;
  /** Calls whose decision lacks the prompt's marker (content not joined), with what it holds. */
  unjoined: { call: number; content: string }[];
  /** The raw PII found anywhere in the app's decisions (must stay empty). */
  leaks: string[];
  chains: Set<string>;
}

/** One JSON line per call printed by every app: `{ call, responseId, stream }`. */
export function callsOf(lines: string[]): { call: number; responseId: string; stream: boolean }[] {
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

export function auditApp(app: string, marker: string, calls: ReturnType<typeof callsOf>, decisions: DecisionRecord[]): AppAudit {
  const byResponse = new Map<string, DecisionRecord[]>();
  for (const decision of decisions) {
    const id = String(decision.responseId);
    byResponse.set(id, [...(byResponse.get(id) ?? []), decision]);
  }
  const audit: AppAudit = { app, calls: calls.length, decisions: 0, duplicated: 0, joined: 0, redacted: 0, unjoined: [], leaks: [], chains: new Set() };
  for (const { call, responseId } of calls) {
    const mine = byResponse.get(responseId) ?? [];
    audit.decisions += mine.length;
    if (mine.length > 1) audit.duplicated++;
    const decision = mine[0];
    if (!decision) continue;
    audit.chains.add(decision.chainId);
    const text = JSON.stringify({ input: decision.input, output: decision.output });
    if (text.includes(`${marker} call ${call}]`)) audit.joined++;
    else audit.unjoined.push({ call, content: text.slice(0, 300) });
    const counts = (decision.redaction as { counts?: Record<string, number> } | undefined)?.counts ?? {};
    const clear = [`jane.doe${call}@example.com`, `555 01${String(call).padStart(2, '0')}`].filter((pii) => text.includes(pii));
    audit.leaks.push(...clear);
    if (clear.length === 0 && text.includes('[EMAIL]') && text.includes('[PHONE]') && (counts.EMAIL ?? 0) >= 1 && (counts.PHONE ?? 0) >= 1) audit.redacted++;
  }
  return audit;
}

export const decisionsFor = (calls: ReturnType<typeof callsOf>) => {
  const ids = new Set(calls.map((c) => c.responseId));
  return (decisions: DecisionRecord[]) => decisions.filter((d) => ids.has(String(d.responseId)));
};
