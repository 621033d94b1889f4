import type { DecisionStore } from '../decision-store.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';

/** One AI system as the summary shows it. */
export interface SystemSummary {
  aiSystemId: string;
  decisions: number;
  failed: number;
  reviewed: number;
  problems: number;
  firstDecidedAt: string;
  lastDecidedAt: string;
  /** Chains, services and hosts its records were written by. */
  chains: { chainId: string; service: string; instance: string; count: number }[];
}

const PROBLEM_WHERE = "hash_ok = 0 OR link IN ('broken-link', 'reordered') OR duplicate = 1 OR cp_state = 'bad-checkpoint'";

/** Per AI system, from the covering index decisions_system (no record is read) and the chain_sources table. */
export function readSystemSummaries(store: DecisionStore): SystemSummary[] {
  const db = store.database;
  const rows = db
    .prepare(
      `SELECT ai_system_id AS id, COUNT(*) AS n, SUM(status = 'failed') AS failed, SUM(human_review) AS reviewed,
         MIN(decided_ms) AS lo, MAX(decided_ms) AS hi
       FROM decisions INDEXED BY decisions_system WHERE operation IS NOT 'checkpoint' GROUP BY ai_system_id ORDER BY ai_system_id`,
    )
    .all() as { id: string; n: number; failed: number; reviewed: number; lo: number; hi: number }[];
  const problems = new Map(
    (db.prepare(`SELECT ai_system_id AS id, COUNT(*) AS n FROM decisions INDEXED BY decisions_problems WHERE ${PROBLEM_WHERE} GROUP BY ai_system_id`).all() as { id: string; n: number }[]).map(
      (r) => [r.id, r.n],
    ),
  );
  const sources = db.prepare(
    'SELECT chain_id AS chainId, service, instance, count FROM chain_sources WHERE ai_system_id = ? ORDER BY count DESC LIMIT 50',
  );
  return rows.map((r) => ({
    aiSystemId: r.id,
    decisions: r.n,
    failed: r.failed,
    reviewed: r.reviewed,
    problems: problems.get(r.id) ?? 0,
    firstDecidedAt: new Date(r.lo).toISOString(),
    lastDecidedAt: new Date(r.hi).toISOString(),
    chains: sources.all(r.id) as SystemSummary['chains'],
  }));
}

const n = (v: number) => v.toLocaleString('en-US');
const list = (params: Record<string, string>) => escapeHtml(`/report/decisions?${new URLSearchParams(params)}`);

/** `GET /report/systems`: a summary per AI system, every figure linking to the records behind it. */
export function renderSystemsPage(store: DecisionStore, options: { now?: number } = {}): string {
  const systems = readSystemSummaries(store);
  const rows = systems
    .map((s) => {
      const id = s.aiSystemId;
      const chains = s.chains.length
        ? s.chains
            .map(
              (c) =>
                `<a href="${list({ chainId: c.chainId, sort: 'received' })}"><code>${escapeHtml(c.chainId)}</code></a>${c.service || c.instance ? ` (${escapeHtml([c.service, c.instance && `on ${c.instance}`].filter(Boolean).join(' '))})` : ''}`,
            )
            .join('<br>')
        : 'no chain';
      return `<tr class="${s.problems > 0 ? 'bad' : ''}" data-ai-system-id="${escapeHtml(id)}">
  <th scope="row"><a href="${list({ aiSystemId: id, sort: '-decidedAt' })}">${escapeHtml(id)}</a></th>
  <td class="num"><a href="${list({ aiSystemId: id, sort: '-decidedAt' })}">${n(s.decisions)}</a></td>
  <td class="num"><a href="${list({ aiSystemId: id, status: 'failed', sort: '-decidedAt' })}">${n(s.failed)}</a></td>
  <td class="num"><a href="${list({ aiSystemId: id, humanReview: 'true', sort: '-decidedAt' })}">${n(s.reviewed)}</a></td>
  <td class="num">${s.problems > 0 ? `<span class="pill bad">${n(s.problems)}</span>` : '0'}</td>
  <td>${escapeHtml(s.firstDecidedAt)} — ${escapeHtml(s.lastDecidedAt)}</td>
  <td>${chains}</td>
</tr>`;
    })
    .join('\n');
  const body = `<p class="meta">Each AI system's decisions, failures, human reviews and integrity problems; every figure opens the records behind it.</p>
<div class="table-wrap"><table id="systems">
<caption>AI systems</caption>
<thead><tr><th scope="col">AI system</th><th scope="col" class="num">decisions</th><th scope="col" class="num">failed</th><th scope="col" class="num">human reviewed</th><th scope="col" class="num">flagged records</th><th scope="col">period</th><th scope="col">chains (service, host)</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="7">No decisions yet.</td></tr>'}
</tbody>
</table></div>`;
  return renderPage({ title: 'AI systems', section: 'systems', body, data: JSON.stringify(systems), ...(options.now === undefined ? {} : { now: options.now }) });
}
