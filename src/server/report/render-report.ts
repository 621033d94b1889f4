import { chartJsSource } from './chart-js-source.js';
import { renderChecksSection } from './checks-summary.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import type { ChainStatus } from '../chain-status.js';
import type { ReportData } from './report-data.js';
import { REPORT_SCRIPT } from './report-script.js';
import { countAiSystems } from './filter-options.js';
import { renderPage } from './page-layout.js';
import { chainHref } from './chain-page.js';
import { decisionHref } from './decisions-page.js';
import type { DecisionStore } from '../decision-store.js';

export { REPORT_NOTICE } from './page-layout.js';

/**
 * Content-Security-Policy of every workbench page: everything is inline, nothing is fetched; forms
 * submit only to this server (the filter form), and no other site may frame the pages.
 */
export const REPORT_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export type IntegrityVerdict = 'OK' | 'PROBLEM' | 'NO RECORDS';

export function integrityVerdict(data: ReportData): IntegrityVerdict {
  if (data.chains.some((c) => !c.ok)) return 'PROBLEM';
  if (data.chains.length === 0) return data.totals.decisions + data.totals.checkpoints === 0 ? 'NO RECORDS' : 'PROBLEM';
  return data.totals.unchained > 0 ? 'PROBLEM' : 'OK';
}

function label(ms: number, bucketMs: number): string {
  const iso = new Date(ms).toISOString();
  return bucketMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const n = (v: number) => escapeHtml(v.toLocaleString('en-US'));
const short = (hash: string) => `${hash.slice(0, 12)}…`;

const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;
const listHref = (params: Record<string, string>) => escapeHtml(`/report/decisions?${new URLSearchParams(params)}`);

/** The records a chain's problems concern, as links: every flagged record, and the first record after each gap. */
function problemLinks(store: DecisionStore | undefined, c: ChainStatus): string[] {
  const links: string[] = [];
  for (const g of c.gaps.slice(0, 5)) {
    const range = g.from === g.to ? `seq ${g.from}` : `seqs ${g.from}–${g.to}`;
    const after = store?.reader.atSeq(c.chainId, g.to + 1)[0];
    links.push(
      after
        ? `${escapeHtml(range)} missing: <a href="${escapeHtml(decisionHref(after.decisionId))}">the record after the gap (seq ${g.to + 1})</a>`
        : `${escapeHtml(range)} missing`,
    );
  }
  for (const p of c.problems.slice(0, 10)) {
    links.push(`<a href="${escapeHtml(decisionHref(p.decisionId))}" data-problem="${escapeHtml(p.kind)}">seq ${p.seq}: ${escapeHtml(p.kind)}</a>`);
  }
  const more = c.problemCount - Math.min(10, c.problems.length);
  if (more > 0) links.push(`<a href="${listHref({ chainId: c.chainId, sort: 'received' })}">${n(more)} more flagged</a>`);
  return links;
}

/** The overview: OK / PROBLEM banner with links to the records concerned, figures, charts, chains. */
export function renderReport(data: ReportData, options: { title?: string; store?: DecisionStore; now?: number } = {}): string {
  const title = options.title ?? 'Evidence report';
  const systems = options.store ? countAiSystems(options.store) : 0;
  const verdict = integrityVerdict(data);
  const bad = data.chains.filter((c) => !c.ok);
  const redacted = data.redactions.reduce((sum, r) => sum + r.count, 0);
  const t = data.totals;
  const period = t.firstDecidedAt && t.lastDecidedAt ? `${t.firstDecidedAt} — ${t.lastDecidedAt}` : 'no decisions recorded';

  let banner: string;
  if (verdict === 'OK') {
    banner = `All ${plural(data.chains.length, 'chain', 'chains')} intact: no gaps, no broken links, no edited or duplicated records.`;
  } else if (verdict === 'NO RECORDS') {
    banner = 'No records yet: nothing to verify.';
  } else {
    const parts: string[] = [];
    if (bad.length > 0) {
      parts.push(`${n(bad.length)} of ${plural(data.chains.length, 'chain', 'chains')} ${bad.length === 1 ? 'has' : 'have'} problems`);
    }
    if (t.unchained > 0) parts.push(`${plural(t.unchained, 'record carries', 'records carry')} no hash chain and cannot be verified`);
    const items = bad
      .map((c) => `<li><a href="#chain-${escapeHtml(encodeURIComponent(c.chainId))}"><code>${escapeHtml(c.chainId)}</code></a>: ${problemLinks(options.store, c).join('; ')}</li>`)
      .join('');
    banner = `${parts.join('; ')}.${items ? `<ul id="problem-list">${items}</ul>` : ''}`;
  }

  const chainRows = data.chains
    .map((c) => {
      const problems = problemLinks(options.store, c);
      const cp = c.lastCheckpoint
        ? `seq ${n(c.lastCheckpoint.at)} (covers ${n(c.lastCheckpoint.firstSeq)}–${n(c.lastCheckpoint.seq)}, ${escapeHtml(c.lastCheckpoint.state)}${c.lastCheckpoint.final ? ', final' : ''})<br><code title="${escapeHtml(c.lastCheckpoint.merkleRoot)}">root ${escapeHtml(short(c.lastCheckpoint.merkleRoot))}</code>`
        : '—';
      const sources = c.sources.map((s) => [s.aiSystemId, s.service, s.instance && `on ${s.instance}`].filter(Boolean).join(' · ')).join('<br>');
      return `<tr class="${c.ok ? 'ok' : 'bad'}" id="chain-${escapeHtml(encodeURIComponent(c.chainId))}">
  <td><span class="pill ${c.ok ? 'ok' : 'bad'}">${c.ok ? 'OK' : 'PROBLEM'}</span></td>
  <td><a href="${escapeHtml(chainHref(c.chainId))}"><code>${escapeHtml(c.chainId)}</code></a><br><span class="meta">${escapeHtml(sources) || 'writer unknown'}</span></td>
  <td class="num"><a href="${listHref({ chainId: c.chainId, sort: 'received' })}">${n(c.count)}</a></td>
  <td class="num">${n(c.head.seq)}<br><code title="${escapeHtml(c.head.hash)}">${escapeHtml(short(c.head.hash))}</code></td>
  <td>${escapeHtml(c.status)}</td>
  <td>${cp}</td>
  <td>${problems.length ? problems.join('<br>') : 'none'}</td>
</tr>`;
    })
    .join('\n');

  const modelRows = data.tokensByModel
    .map(
      (m) => `<tr><td><a href="${listHref({ model: m.model, sort: '-decidedAt' })}"><code>${escapeHtml(m.model)}</code></a></td><td class="num">${n(m.decisions)}</td><td class="num">${n(m.inputTokens)}</td><td class="num">${n(m.outputTokens)}</td></tr>`,
    )
    .join('\n');

  const chartData = {
    labels: data.buckets.map((b) => label(b, data.bucket.ms)),
    bucket: data.bucket,
    byModel: data.byModel,
    byStatus: data.byStatus,
    tokens: data.tokens,
    redactions: data.redactions,
  };

  const body = `<div class="meta">Period ${escapeHtml(period)} · time buckets of ${escapeHtml(data.bucket.label)} (UTC)</div>

<div class="banner ${verdict === 'OK' ? 'ok' : verdict === 'PROBLEM' ? 'problem' : 'none'}" id="integrity-banner" data-verdict="${verdict}" role="status">
  <strong class="verdict">${verdict}</strong> Chain integrity: ${banner}
</div>

<section class="cards" aria-label="Figures">
  <div class="card"><div class="v"><a href="/report/decisions">${n(t.decisions)}</a></div><div class="k">decisions recorded</div></div>
  <div class="card"><div class="v"><a href="/report/decisions?status=failed&amp;sort=-decidedAt">${n(t.failed)}</a></div><div class="k">failed</div></div>
  <div class="card"><div class="v">${n(redacted)}</div><div class="k">values redacted</div></div>
  <div class="card"><div class="v">${n(t.inputTokens)}</div><div class="k">input tokens</div></div>
  <div class="card"><div class="v">${n(t.outputTokens)}</div><div class="k">output tokens</div></div>
  <div class="card"><div class="v">${n(data.chains.length)}</div><div class="k">chains · ${n(t.checkpoints)} checkpoints</div></div>
  <div class="card"><div class="v"><a href="/report/systems">${n(systems)}</a></div><div class="k">AI systems</div></div>
</section>

<section class="grid" aria-label="Charts">
  <div class="panel"><h2>Decisions over time, by model</h2><div class="chart"><canvas id="chart-models" role="img" aria-label="Decisions over time by model"></canvas></div></div>
  <div class="panel"><h2>Decisions over time, by status</h2><div class="chart"><canvas id="chart-status" role="img" aria-label="Decisions over time by status"></canvas></div></div>
  <div class="panel"><h2>Redactions by type</h2><div class="chart"><canvas id="chart-redactions" role="img" aria-label="Redactions by type"></canvas></div></div>
  <div class="panel"><h2>Token usage over time</h2><div class="chart"><canvas id="chart-tokens" role="img" aria-label="Token usage over time"></canvas></div></div>
</section>

<h2>Chain integrity</h2>
<p class="meta">Integrity here is the server's on-ingest check. To verify independently, export and run the verifier:
<code>curl -H "Authorization: Bearer $READ_KEY" "&lt;server&gt;/v1/export" | npx vaxelia-otel verify -</code></p>
<div class="table-wrap"><table id="chains">
<caption>Chains</caption>
<thead><tr><th scope="col">status</th><th scope="col">chain (written by)</th><th scope="col" class="num">records</th><th scope="col" class="num">head</th><th scope="col">signature and seal</th><th scope="col">last checkpoint</th><th scope="col">problems</th></tr></thead>
<tbody>
${chainRows || '<tr><td colspan="7">No chained records yet.</td></tr>'}
</tbody>
</table></div>

<h2>Token usage by model</h2>
<div class="table-wrap"><table id="models">
<caption>Models</caption>
<thead><tr><th scope="col">model</th><th scope="col" class="num">decisions</th><th scope="col" class="num">input tokens</th><th scope="col" class="num">output tokens</th></tr></thead>
<tbody>
${modelRows || '<tr><td colspan="4">No decisions yet.</td></tr>'}
</tbody>
</table></div>
${renderChecksSection(data.checks)}`;

  const scripts = `<script type="application/json" id="report-data">${jsonForScript(chartData)}</script>
<script>${chartJsSource()}</script>
<script>${REPORT_SCRIPT}</script>`;
  return renderPage({
    title,
    section: 'overview',
    body,
    data: JSON.stringify(data),
    scripts,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
