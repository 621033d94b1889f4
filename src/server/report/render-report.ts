import { chartJsSource } from './chart-js-source.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import type { ReportData } from './report-data.js';
import { REPORT_SCRIPT } from './report-script.js';

/** The line every report carries (the evidence pack's notice says the same at length). */
export const REPORT_NOTICE = 'This report is evidence, not legal advice.';

/** Content-Security-Policy of the report: everything is inline, nothing is fetched. */
export const REPORT_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

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

/** The self-contained evidence report: one HTML page with Chart.js and the aggregated data inlined. */
export function renderReport(data: ReportData, options: { title?: string } = {}): string {
  const title = options.title ?? 'AI decision log — evidence report';
  const verdict = integrityVerdict(data);
  const bad = data.chains.filter((c) => !c.ok);
  const redacted = data.redactions.reduce((sum, r) => sum + r.count, 0);
  const t = data.totals;
  const period = t.firstDecidedAt && t.lastDecidedAt ? `${t.firstDecidedAt} — ${t.lastDecidedAt}` : 'no decisions recorded';

  let banner: string;
  if (verdict === 'OK') {
    banner = `All ${n(data.chains.length)} chain${data.chains.length === 1 ? '' : 's'} intact: no gaps, no broken links, no edited or duplicated records.`;
  } else if (verdict === 'NO RECORDS') {
    banner = 'No records yet: nothing to verify.';
  } else {
    const parts: string[] = [];
    if (bad.length > 0) parts.push(`${n(bad.length)} of ${n(data.chains.length)} chains have problems (see the table below)`);
    if (t.unchained > 0) parts.push(`${n(t.unchained)} records carry no hash chain and cannot be verified`);
    banner = `${parts.join('; ')}.`;
  }

  const chainRows = data.chains
    .map((c) => {
      const problems = [
        ...(c.missing > 0 ? [`${n(c.missing)} missing (${c.gaps.map((g) => (g.from === g.to ? g.from : `${g.from}–${g.to}`)).join(', ')})`] : []),
        ...(c.problemCount > 0
          ? [`${n(c.problemCount)} flagged: ${c.problems.map((p) => `seq ${p.seq} ${p.kind}`).slice(0, 5).join(', ')}${c.problemCount > 5 ? ', …' : ''}`]
          : []),
      ];
      const cp = c.lastCheckpoint
        ? `seq ${n(c.lastCheckpoint.at)} (covers ${n(c.lastCheckpoint.firstSeq)}–${n(c.lastCheckpoint.seq)}, ${escapeHtml(c.lastCheckpoint.state)}${c.sealed ? ', sealed' : ''})<br><code title="${escapeHtml(c.lastCheckpoint.merkleRoot)}">root ${escapeHtml(short(c.lastCheckpoint.merkleRoot))}</code>`
        : '—';
      return `<tr class="${c.ok ? 'ok' : 'bad'}">
  <td><span class="pill ${c.ok ? 'ok' : 'bad'}">${c.ok ? 'OK' : 'PROBLEM'}</span></td>
  <td><code>${escapeHtml(c.chainId)}</code></td>
  <td class="num">${n(c.count)}</td>
  <td class="num">${n(c.head.seq)}<br><code title="${escapeHtml(c.head.hash)}">${escapeHtml(short(c.head.hash))}</code></td>
  <td>${escapeHtml(c.lastDecidedAt)}</td>
  <td>${cp}</td>
  <td>${problems.length ? escapeHtml(problems.join('; ')) : 'none'}</td>
</tr>`;
    })
    .join('\n');

  const modelRows = data.tokensByModel
    .map(
      (m) => `<tr><td><code>${escapeHtml(m.model)}</code></td><td class="num">${n(m.decisions)}</td><td class="num">${n(m.inputTokens)}</td><td class="num">${n(m.outputTokens)}</td></tr>`,
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

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
  main { max-width: 1200px; margin: 0 auto; padding: 24px; }
  h1 { font-size: 1.5rem; margin: 0 0 4px; }
  h2 { font-size: 1.1rem; margin: 28px 0 8px; }
  .meta { color: #4b5563; font-size: 0.9rem; }
  .banner { border-radius: 8px; padding: 16px 20px; margin: 20px 0; font-size: 1.05rem; border: 2px solid; }
  .banner strong { font-size: 1.3rem; margin-right: 12px; }
  .banner.ok { background: #ecfdf5; border-color: #16a34a; color: #14532d; }
  .banner.problem { background: #fef2f2; border-color: #dc2626; color: #7f1d1d; }
  .banner.none { background: #f3f4f6; border-color: #9ca3af; color: #374151; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; }
  .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; }
  .card .v { font-size: 1.4rem; font-weight: 600; }
  .card .k { color: #6b7280; font-size: 0.85rem; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
  .panel { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; }
  .panel h2 { margin-top: 0; }
  .chart { position: relative; height: 280px; }
  table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9rem; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.bad td { background: #fef2f2; }
  .pill { font-weight: 700; font-size: 0.8rem; padding: 2px 8px; border-radius: 999px; }
  .pill.ok { background: #dcfce7; color: #14532d; }
  .pill.bad { background: #fee2e2; color: #7f1d1d; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85em; }
  footer { margin-top: 32px; color: #4b5563; font-size: 0.9rem; border-top: 1px solid #e5e7eb; padding-top: 12px; }
  @media print { body { background: #fff; } .panel, .card { break-inside: avoid; } }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<div class="meta">Generated ${escapeHtml(data.generatedAt)} · period ${escapeHtml(period)} · time buckets of ${escapeHtml(data.bucket.label)} (UTC)</div>

<div class="banner ${verdict === 'OK' ? 'ok' : verdict === 'PROBLEM' ? 'problem' : 'none'}" id="integrity-banner" data-verdict="${verdict}">
  <strong>${verdict}</strong> Chain integrity: ${banner}
</div>

<section class="cards">
  <div class="card"><div class="v">${n(t.decisions)}</div><div class="k">decisions recorded</div></div>
  <div class="card"><div class="v">${n(t.failed)}</div><div class="k">failed</div></div>
  <div class="card"><div class="v">${n(redacted)}</div><div class="k">values redacted</div></div>
  <div class="card"><div class="v">${n(t.inputTokens)}</div><div class="k">input tokens</div></div>
  <div class="card"><div class="v">${n(t.outputTokens)}</div><div class="k">output tokens</div></div>
  <div class="card"><div class="v">${n(data.chains.length)}</div><div class="k">chains · ${n(t.checkpoints)} checkpoints</div></div>
</section>

<section class="grid" style="margin-top:16px">
  <div class="panel"><h2>Decisions over time, by model</h2><div class="chart"><canvas id="chart-models" role="img" aria-label="Decisions over time by model"></canvas></div></div>
  <div class="panel"><h2>Decisions over time, by status</h2><div class="chart"><canvas id="chart-status" role="img" aria-label="Decisions over time by status"></canvas></div></div>
  <div class="panel"><h2>Redactions by type</h2><div class="chart"><canvas id="chart-redactions" role="img" aria-label="Redactions by type"></canvas></div></div>
  <div class="panel"><h2>Token usage over time</h2><div class="chart"><canvas id="chart-tokens" role="img" aria-label="Token usage over time"></canvas></div></div>
</section>

<h2>Chain integrity</h2>
<table id="chains">
<thead><tr><th>status</th><th>chain</th><th class="num">records</th><th class="num">head</th><th>last decision</th><th>last checkpoint</th><th>problems</th></tr></thead>
<tbody>
${chainRows || '<tr><td colspan="7">No chained records yet.</td></tr>'}
</tbody>
</table>

<h2>Token usage by model</h2>
<table id="models">
<thead><tr><th>model</th><th class="num">decisions</th><th class="num">input tokens</th><th class="num">output tokens</th></tr></thead>
<tbody>
${modelRows || '<tr><td colspan="4">No decisions yet.</td></tr>'}
</tbody>
</table>

<footer>
  <p><strong>${escapeHtml(REPORT_NOTICE)}</strong> It shows what the decision log holds and whether its hash chains are intact;
  whether that satisfies an obligation is for your compliance and legal teams to assess.</p>
  <p>Integrity here is the server's on-ingest check. To verify independently, export the log and run the verifier:
  <code>curl -H "Authorization: Bearer …" "&lt;server&gt;/v1/decisions?format=jsonl" | npx vaxelia-otel verify -</code></p>
</footer>
</main>
<script type="application/json" id="report-data">${jsonForScript(chartData)}</script>
<script>${chartJsSource()}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
