import type { DecisionDetail } from '../decision-detail.js';
import type { DecisionRow } from '../decision-reader.js';
import type { DecisionStore } from '../decision-store.js';
import { chainHref } from './chain-page.js';
import { renderDecisionChecks } from './checks-summary.js';
import { decisionHref } from './decisions-page.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';
import { renderContent } from './render-content.js';

type Record_ = Record<string, unknown>;

const listHref = (params: Record<string, string>) => `/report/decisions?${new URLSearchParams(params)}`;

function fact(label: string, value: string | undefined): string {
  return value === undefined ? '' : `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : escapeHtml(typeof v === 'string' ? v : JSON.stringify(v)));

function link(row: DecisionRow | undefined, label?: string): string {
  if (!row) return '';
  const what = label ?? `${row.decidedAt} · ${row.aiSystemId} · ${row.operation ?? row.model}`;
  return `<a href="${escapeHtml(decisionHref(row.decisionId))}">${escapeHtml(what)}</a>`;
}

function contextList(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.entries(value as Record_)
    .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(Array.isArray(v) ? v.join(', ') : String(v))}`)
    .join('<br>');
}

function metadata(r: Record_, row: DecisionRow): string {
  const usage = r.usage as Record_ | undefined;
  const service = r.service as Record_ | undefined;
  const agent = r.agent as Record_ | undefined;
  const tool = r.tool as Record_ | undefined;
  const error = r.error as Record_ | undefined;
  const redaction = r.redaction as { mode?: string; counts?: Record<string, number> } | undefined;
  const models = [r.requestModel && `requested ${r.requestModel}`, r.responseModel && `answered by ${r.responseModel}`].filter(Boolean).join(', ');
  return `<dl class="facts" id="metadata">
${fact('Decision id', `<code>${escapeHtml(row.decisionId)}</code>`)}
${fact('AI system', `<a href="${escapeHtml(listHref({ aiSystemId: row.aiSystemId }))}">${escapeHtml(row.aiSystemId)}</a>`)}
${fact('Model', `${escapeHtml(row.model)}${models ? ` (${escapeHtml(models)})` : ''}`)}
${fact('Provider', text(r.provider))}
${fact('Operation', text(r.operation))}
${fact('Status', `<span class="pill ${row.status === 'failed' ? 'bad' : 'ok'}">${escapeHtml(row.status)}</span>${error ? ` ${escapeHtml(String(error.type ?? ''))}${error.message ? `: ${escapeHtml(String(error.message))}` : ''}` : ''}`)}
${fact('Decided at', `<time datetime="${escapeHtml(row.decidedAt)}">${escapeHtml(row.decidedAt)}</time>`)}
${fact('Received at', escapeHtml(row.receivedAt))}
${fact('Latency', r.latencyMs === undefined ? undefined : `${escapeHtml(String(r.latencyMs))} ms`)}
${fact('Tokens', usage ? escapeHtml(Object.entries(usage).map(([k, v]) => `${k} ${v}`).join(', ')) : undefined)}
${fact('Finish reasons', text(Array.isArray(r.finishReasons) ? r.finishReasons.join(', ') : undefined))}
${fact('Service', service ? escapeHtml([service.namespace, service.name, service.version && `v${service.version}`, service.instanceId && `on ${service.instanceId}`].filter(Boolean).join(' ')) : undefined)}
${fact('Agent', agent ? escapeHtml([agent.name, agent.id].filter(Boolean).join(' · ')) : undefined)}
${fact('Tool', tool ? escapeHtml([tool.name, tool.type, tool.callId].filter(Boolean).join(' · ')) : undefined)}
${fact('Conversation', text(r.conversationId))}
${fact('Trace', row.traceId === null ? undefined : `<a href="${escapeHtml(listHref({ traceId: row.traceId, sort: 'decidedAt' }))}"><code>${escapeHtml(row.traceId)}</code></a>${row.spanId ? ` · span <code>${escapeHtml(row.spanId)}</code>` : ''}`)}
${fact('Redaction', redaction ? escapeHtml(`${redaction.mode ?? ''}: ${Object.entries(redaction.counts ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing found'}`) : undefined)}
${fact('Policy', contextList(r.policyContext))}
${fact('Human oversight', contextList(r.humanOversight))}
${fact('Data provenance', contextList(r.dataProvenance))}
${fact('Mapping warnings', Array.isArray(r.mappingWarnings) ? escapeHtml(r.mappingWarnings.join('; ')) : undefined)}
</dl>`;
}

function integrity(store: DecisionStore, d: DecisionDetail): string {
  const row = d.row;
  const checks = `<ul class="checks" id="checks">${d.checks
    .map((c) => `<li data-check="${c.check}" data-state="${c.state}"><span class="pill ${c.state}">${escapeHtml(c.state === 'note' ? 'note' : c.state.toUpperCase())}</span> ${escapeHtml(c.text)}</li>`)
    .join('')}</ul>`;
  if (row.chainId === null || row.seq === null) {
    return `<h2>Integrity</h2><p>This record: <span class="pill unchained" id="verdict">UNCHAINED</span></p>${checks}`;
  }
  const before = row.seq > 0 ? store.reader.atSeq(row.chainId, row.seq - 1) : [];
  const after = store.reader.atSeq(row.chainId, row.seq + 1);
  const cp = d.coveringCheckpoint;
  const cpBody = cp ? (JSON.parse(cp.body) as { checkpoint?: { firstSeq?: number; seq?: number; merkleRoot?: string; final?: boolean } }).checkpoint : undefined;
  const sources = d.chain?.sources.map((s) => [s.aiSystemId, s.service, s.instance && `on ${s.instance}`].filter(Boolean).join(' · ')).join('; ');
  return `<h2>Integrity</h2>
<p>This record: <span class="pill ${d.verdict}" id="verdict">${escapeHtml(d.verdict.toUpperCase())}</span></p>
${checks}
<h3>Chain position</h3>
<dl class="facts" id="chain-position">
${fact('Chain', `<a href="${escapeHtml(chainHref(row.chainId))}"><code>${escapeHtml(row.chainId)}</code></a>${sources ? ` — written by ${escapeHtml(sources)}` : ''}`)}
${fact('Chain status', `<span id="chain-status">${escapeHtml(d.chain?.status ?? 'unknown')}</span>${d.chain && !d.chain.ok ? ' — the chain has problems: see the overview' : ''}`)}
${fact('Seq', `${row.seq} (the chain's head is seq ${d.chain ? d.chain.head.seq : '?'})`)}
${fact('prevHash', `<code class="hash">${escapeHtml(row.prevHash ?? '')}</code>`)}
${fact('hash', `<code class="hash">${escapeHtml(row.hash ?? '')}</code>`)}
${fact('Previous record', before.length ? before.map((b) => link(b, `seq ${b.seq}`)).join(', ') : row.seq === 0 ? 'none: the chain starts here' : 'not stored (a gap)')}
${fact('Next record', after.length ? after.map((a) => link(a, `seq ${a.seq}`)).join(', ') : 'none stored')}
${fact('Covering checkpoint', cp ? `${link(cp, `checkpoint at seq ${cp.seq}`)} covers seq ${cpBody?.firstSeq}–${cpBody?.seq}${cpBody?.final ? ' (final: seals the chain)' : ''}, ${escapeHtml(cp.checkpointState ?? '')}<br><code class="hash">Merkle root ${escapeHtml(cpBody?.merkleRoot ?? '')}</code>` : 'none yet')}
</dl>`;
}

function linked(d: DecisionDetail): string {
  const items: string[] = [];
  for (const r of d.reviews) {
    const ctx = contextList((JSON.parse(r.body) as Record_).humanOversight);
    items.push(`<li>Reviewed by ${link(r)}${ctx ? `<br><span class="meta">${ctx}</span>` : ''}</li>`);
  }
  if (d.row.relatedDecisionId !== null) {
    items.push(
      d.reviewed
        ? `<li>Reviews ${link(d.reviewed)}</li>`
        : `<li>Reviews decision <code>${escapeHtml(d.row.relatedDecisionId)}</code> (not stored here)</li>`,
    );
  }
  const trace =
    d.trace.length > 0
      ? `<h3>The agent run it belongs to (trace <code>${escapeHtml(d.row.traceId ?? '')}</code>)</h3><ol>${d.trace.map((t) => `<li>${link(t)}${t.spanId !== null && t.spanId === d.row.parentSpanId ? ' — its parent' : ''}</li>`).join('')}</ol>`
      : '';
  return `<h2>Linked decisions</h2>${items.length ? `<ul id="links">${items.join('')}</ul>` : '<p class="meta">No review of this decision is stored, and it reviews none.</p>'}${trace}`;
}

/** `GET /report/decisions/{decisionId}`: everything about one record. */
export function renderDecisionPage(store: DecisionStore, d: DecisionDetail, options: { now?: number } = {}): string {
  const record = JSON.parse(d.row.body) as Record_;
  const body = `<p class="meta"><a href="/report/decisions">All decisions</a> · <a href="/v1/decisions/${escapeHtml(encodeURIComponent(d.row.decisionId))}">as JSON</a></p>
${metadata(record, d.row)}
${renderDecisionChecks(record)}
${integrity(store, d)}
${linked(d)}
<h2>Content (redacted)</h2>
<div class="panel" id="content-input">${renderContent(record.input, 'Input')}</div>
<div class="panel" id="content-output" style="margin-top:12px">${renderContent(record.output, 'Output')}</div>
<details class="no-print"><summary>The record exactly as stored</summary><pre id="raw-record">${escapeHtml(d.row.body)}</pre></details>`;
  return renderPage({
    title: `Decision ${d.row.decidedAt} · ${d.row.aiSystemId}`,
    section: 'decisions',
    body,
    data: d.row.body,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
