import type { DecisionRow } from '../decision-reader.js';
import type { DecisionStore } from '../decision-store.js';
import { decisionHref } from './decisions-page.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';

const MAX_REVIEWS = 200;
const n = (v: number) => v.toLocaleString('en-US');

interface Review {
  row: DecisionRow;
  oversight: Record<string, unknown>;
  reviewed: DecisionRow | undefined;
  override: boolean;
}

/** A review overrides when its humanOversight or operation says so (`outcome: override`, `action: overridden`, …). */
function isOverride(row: DecisionRow, oversight: Record<string, unknown>): boolean {
  const words = [row.operation ?? '', ...Object.values(oversight).map(String)];
  return words.some((w) => /\boverrid(e|den|ing)\b/i.test(w));
}

function readReviews(store: DecisionStore): { reviews: Review[]; total: number } {
  const db = store.database;
  const total = (db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE related_decision_id IS NOT NULL').get() as { n: number }).n;
  const ids = db
    .prepare('SELECT decision_id AS id FROM decisions WHERE related_decision_id IS NOT NULL ORDER BY decided_ms DESC, id DESC LIMIT ?')
    .all(MAX_REVIEWS) as { id: string }[];
  const reviews: Review[] = [];
  for (const { id } of ids) {
    const row = store.reader.byDecisionId(id);
    if (!row) continue;
    const record = JSON.parse(row.body) as { humanOversight?: unknown };
    const oversight = typeof record.humanOversight === 'object' && record.humanOversight !== null ? (record.humanOversight as Record<string, unknown>) : {};
    const reviewed = row.relatedDecisionId === null ? undefined : store.reader.byDecisionId(row.relatedDecisionId);
    reviews.push({ row, oversight, reviewed, override: isOverride(row, oversight) });
  }
  return { reviews, total };
}

function readPolicies(store: DecisionStore): { policy: string; count: number; from: string; to: string }[] {
  const rows = store.database
    .prepare(
      'SELECT policy, COUNT(*) AS n, MIN(decided_ms) AS lo, MAX(decided_ms) AS hi FROM decisions INDEXED BY decisions_policy WHERE policy IS NOT NULL GROUP BY policy ORDER BY lo LIMIT 100',
    )
    .all() as { policy: string; n: number; lo: number; hi: number }[];
  return rows.map((r) => ({ policy: r.policy, count: r.n, from: new Date(r.lo).toISOString(), to: new Date(r.hi).toISOString() }));
}

const describe = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');

/** `GET /report/oversight`: who reviewed which decisions, the overrides, the policy versions in force. */
export function renderOversightPage(store: DecisionStore, options: { now?: number } = {}): string {
  const { reviews, total } = readReviews(store);
  const policies = readPolicies(store);
  const overrides = reviews.filter((r) => r.override).length;
  const withContext = (store.database.prepare('SELECT COUNT(*) AS n FROM decisions WHERE human_review = 1').get() as { n: number }).n;
  const reviewRows = reviews
    .map(
      (r) => `<tr${r.override ? ' class="override"' : ''}>
  <td><a href="${escapeHtml(decisionHref(r.row.decisionId))}">${escapeHtml(r.row.decidedAt)}</a></td>
  <td>${escapeHtml(String(r.oversight.reviewerId ?? r.oversight.reviewer ?? '—'))}</td>
  <td>${r.reviewed ? `<a href="${escapeHtml(decisionHref(r.reviewed.decisionId))}">${escapeHtml(`${r.reviewed.aiSystemId} · ${r.reviewed.decidedAt}`)}</a>` : `<code>${escapeHtml(r.row.relatedDecisionId ?? '')}</code> (not stored)`}</td>
  <td>${r.override ? '<span class="pill bad">override</span>' : ''} ${escapeHtml(describe(r.oversight) || '—')}</td>
</tr>`,
    )
    .join('\n');
  const policyRows = policies
    .map(
      (p) => `<tr><td><code>${escapeHtml(p.policy)}</code></td><td class="num">${n(p.count)}</td><td>${escapeHtml(p.from)} — ${escapeHtml(p.to)}</td></tr>`,
    )
    .join('\n');
  const body = `<section class="cards" aria-label="Oversight figures">
  <div class="card"><div class="v">${n(total)}</div><div class="k">review records (relatedDecisionId)</div></div>
  <div class="card"><div class="v">${n(overrides)}</div><div class="k">overrides among the ${n(reviews.length)} latest</div></div>
  <div class="card"><div class="v">${n(withContext)}</div><div class="k">records reviewed or carrying humanOversight</div></div>
  <div class="card"><div class="v">${n(policies.length)}</div><div class="k">policy versions seen</div></div>
</section>
<h2>Human reviews</h2>
<p class="meta">Records that name the decision they review in <code>relatedDecisionId</code>, newest first${total > MAX_REVIEWS ? ` (the latest ${MAX_REVIEWS} of ${n(total)}; <a href="/report/decisions?humanReview=true&amp;sort=-decidedAt">all reviewed records</a>)` : ''}.</p>
<div class="table-wrap"><table id="reviews">
<caption>Reviews</caption>
<thead><tr><th scope="col">reviewed at</th><th scope="col">reviewer</th><th scope="col">decision reviewed</th><th scope="col">outcome (humanOversight)</th></tr></thead>
<tbody>${reviewRows || '<tr><td colspan="4">No review records.</td></tr>'}</tbody>
</table></div>
<h2>Policy versions in force</h2>
<p class="meta">Each distinct <code>policyContext</code> the records carried, with the period it was seen in.</p>
<div class="table-wrap"><table id="policies">
<caption>Policies</caption>
<thead><tr><th scope="col">policy context</th><th scope="col" class="num">decisions</th><th scope="col">in force (first — last decision)</th></tr></thead>
<tbody>${policyRows || '<tr><td colspan="3">No record carries a policyContext.</td></tr>'}</tbody>
</table></div>`;
  return renderPage({
    title: 'Human oversight and policy',
    section: 'oversight',
    body,
    data: JSON.stringify({ reviews: reviews.map((r) => r.row.body), policies }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
