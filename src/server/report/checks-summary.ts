import type { DatabaseSync } from 'node:sqlite';
import { escapeHtml } from './escape-html.js';

/** Checks and verdicts across the log: which checks ran, how often each fired, what was done. */
export interface ChecksSummary {
  /** Per check name, most often fired first. */
  checks: { name: string; ran: number; fired: number; passed: number }[];
  /** Per action (`allow`, `reject`, `escalate`, …). */
  actions: { action: string; count: number }[];
  /** The latest rejected or escalated decisions: what an auditor opens first. */
  attention: { decisionId: string; aiSystemId: string; decidedAt: string; action: string }[];
}

const MAX_CHECKS = 50;
const MAX_ATTENTION = 20;

/** Reads only records that carry checks or an action (partial indexes of migration 3). */
export function readChecksSummary(db: DatabaseSync): ChecksSummary {
  const checks = db
    .prepare(
      `SELECT json_extract(c.value, '$.name') AS name, COUNT(*) AS ran,
         SUM(json_extract(c.value, '$.fired') = 1) AS fired, SUM(json_extract(c.value, '$.fired') = 0) AS passed
       FROM decisions, json_each(decisions.body, '$.checks') AS c
       WHERE decisions.has_checks = 1 AND json_type(c.value, '$.name') = 'text'
       GROUP BY 1 ORDER BY fired DESC, ran DESC, name LIMIT ${MAX_CHECKS}`,
    )
    .all() as { name: string; ran: number; fired: number | null; passed: number | null }[];
  const actions = db
    .prepare('SELECT action, COUNT(*) AS count FROM decisions WHERE action IS NOT NULL GROUP BY action ORDER BY count DESC, action')
    .all() as { action: string; count: number }[];
  const attention = db
    .prepare(
      `SELECT decision_id AS decisionId, ai_system_id AS aiSystemId, decided_at AS decidedAt, action FROM decisions
       WHERE action IN ('reject', 'escalate') ORDER BY decided_ms DESC LIMIT ${MAX_ATTENTION}`,
    )
    .all() as ChecksSummary['attention'];
  return {
    checks: checks.map((c) => ({ name: String(c.name), ran: Number(c.ran), fired: Number(c.fired ?? 0), passed: Number(c.passed ?? 0) })),
    actions: actions.map((a) => ({ action: String(a.action), count: Number(a.count) })),
    attention: attention.map((a) => ({ ...a, action: String(a.action) })),
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const list = (params: Record<string, string>) => escapeHtml(`/report/decisions?${new URLSearchParams(params)}`);

/** The overview's "Checks and verdicts" section; empty when no record carries a check or an action. */
export function renderChecksSection(summary: ChecksSummary | undefined): string {
  if (!summary || (summary.checks.length === 0 && summary.actions.length === 0)) return '';
  const checkRows = summary.checks
    .map(
      (c) => `<tr><td><code>${escapeHtml(c.name)}</code></td><td class="num">${n(c.ran)}</td><td class="num">${n(c.passed)}</td>
  <td class="num">${c.fired > 0 ? `<a href="${list({ firedCheck: c.name, sort: '-decidedAt' })}">${n(c.fired)}</a>` : '0'}</td><td class="num">${n(c.ran - c.fired - c.passed)}</td></tr>`,
    )
    .join('\n');
  const actionItems = summary.actions.map((a) => `<li><a href="${list({ action: a.action, sort: '-decidedAt' })}">${escapeHtml(a.action)}</a>: ${n(a.count)}</li>`).join('');
  const attention = summary.attention
    .map((a) => `<li><span class="pill bad">${escapeHtml(a.action)}</span> <a href="${escapeHtml(`/report/decisions/${encodeURIComponent(a.decisionId)}`)}">${escapeHtml(`${a.decidedAt} · ${a.aiSystemId}`)}</a></li>`)
    .join('');
  return `<h2 id="checks-and-verdicts">Checks and verdicts</h2>
<p class="meta">Guardrails, evaluations and rules recorded on decisions (<code>checks</code>), and the action taken (<code>action</code>).</p>
${checkRows ? `<div class="table-wrap"><table id="checks-table">
<caption>Checks</caption>
<thead><tr><th scope="col">check</th><th scope="col" class="num">ran</th><th scope="col" class="num">passed</th><th scope="col" class="num">fired</th><th scope="col" class="num">no verdict</th></tr></thead>
<tbody>
${checkRows}
</tbody>
</table></div>` : ''}
${actionItems ? `<p>Actions taken:</p><ul id="actions">${actionItems}</ul>` : ''}
${attention ? `<p>Latest rejected or escalated decisions:</p><ul id="attention">${attention}</ul>` : ''}`;
}

/** One decision's checks, for its page. */
export function renderDecisionChecks(record: Record<string, unknown>): string {
  const checks = Array.isArray(record.checks) ? (record.checks as Record<string, unknown>[]) : [];
  const action = typeof record.action === 'string' ? record.action : undefined;
  if (checks.length === 0 && action === undefined) return '';
  const rows = checks
    .map((c) => {
      const verdict = c.fired === true ? '<span class="pill bad">fired</span>' : c.fired === false ? '<span class="pill ok">passed</span>' : '—';
      const score = [c.scoreValue, c.threshold !== undefined ? `threshold ${c.threshold}` : undefined, c.scoreLabel].filter((v) => v !== undefined).join(' · ');
      return `<tr><td><code>${escapeHtml(String(c.name))}</code></td><td>${verdict}</td><td>${escapeHtml(score)}</td><td>${escapeHtml(String(c.explanation ?? c.errorType ?? ''))}</td><td>${escapeHtml(String(c.evaluator ?? ''))}</td></tr>`;
    })
    .join('\n');
  return `<h2 id="decision-checks">Checks and verdict</h2>
${action ? `<p>Action taken: <strong id="decision-action">${escapeHtml(action)}</strong></p>` : ''}
${rows ? `<div class="table-wrap"><table><caption>Checks run on this decision</caption>
<thead><tr><th scope="col">check</th><th scope="col">verdict</th><th scope="col">score</th><th scope="col">explanation</th><th scope="col">evaluator</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>` : ''}`;
}
