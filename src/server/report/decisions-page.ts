import type { DecisionFilter, SortKey } from '../decision-filter.js';
import { encodeCursor, filterToParams } from '../decision-query.js';
import type { DecisionRow } from '../decision-reader.js';
import type { DecisionStore } from '../decision-store.js';
import { escapeHtml } from './escape-html.js';
import { type FilterOptions, readFilterOptions } from './filter-options.js';
import { renderPage } from './page-layout.js';
import { rowVerdict } from './row-integrity.js';

/** Rows counted at most, so the count never scans the whole log (a redaction filter reads each row it counts); more shows as "more than 999". */
export const COUNT_CAP = 1_000;
export const HTML_PAGE_SIZE = 50;

const n = (v: number) => v.toLocaleString('en-US');

const COLUMNS: readonly { label: string; sort?: SortKey; num?: boolean }[] = [
  { label: 'decided at', sort: 'decidedAt' },
  { label: 'AI system', sort: 'aiSystemId' },
  { label: 'model', sort: 'model' },
  { label: 'provider' },
  { label: 'operation' },
  { label: 'status', sort: 'status' },
  { label: 'human review' },
  { label: 'redactions' },
  { label: 'chain · seq' },
  { label: 'integrity' },
];

export function decisionHref(decisionId: string): string {
  return `/report/decisions/${encodeURIComponent(decisionId)}`;
}

function select(name: string, label: string, current: string | undefined, values: readonly string[], any = 'any'): string {
  const options = [`<option value="">${escapeHtml(any)}</option>`]
    .concat(values.map((v) => `<option value="${escapeHtml(v)}"${v === current ? ' selected' : ''}>${escapeHtml(v)}</option>`))
    .join('');
  return `<label>${escapeHtml(label)}<select name="${name}">${options}</select></label>`;
}

function input(name: string, label: string, value: string | undefined, type = 'text'): string {
  return `<label>${escapeHtml(label)}<input type="${type}" name="${name}" value="${escapeHtml(value ?? '')}"></label>`;
}

const day = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10));

/** The filter form: a plain GET form, so it works without JavaScript. */
function filterForm(filter: DecisionFilter, options: FilterOptions): string {
  const sort = `${filter.descending ? '-' : ''}${filter.sort}`;
  const review = filter.humanReview === undefined ? undefined : String(filter.humanReview);
  return `<form class="filters" method="get" action="/report/decisions" aria-label="Filter decisions">
  ${select('aiSystemId', 'AI system', filter.aiSystemId, options.aiSystemIds)}
  ${select('model', 'Model', filter.model, options.models)}
  ${select('provider', 'Provider', filter.provider, options.providers)}
  ${select('status', 'Status', filter.status, ['completed', 'failed'])}
  ${select('operation', 'Operation', filter.operation, options.operations)}
  ${input('from', 'From (UTC date)', day(filter.from), 'date')}
  ${input('to', 'Before (UTC date)', day(filter.to), 'date')}
  ${input('chainId', 'Chain', filter.chainId)}
  <label>Human review<select name="humanReview"><option value="">any</option><option value="true"${review === 'true' ? ' selected' : ''}>reviewed</option><option value="false"${review === 'false' ? ' selected' : ''}>not reviewed</option></select></label>
  ${select('redaction', 'Redaction type', filter.redaction, options.redactionTypes)}
  ${select('action', 'Action', filter.action, options.actions)}
  ${input('firedCheck', 'Fired check (* for any)', filter.firedCheck)}
  ${filter.traceId ? `<input type="hidden" name="traceId" value="${escapeHtml(filter.traceId)}">` : ''}
  ${filter.relatedDecisionId ? `<input type="hidden" name="relatedDecisionId" value="${escapeHtml(filter.relatedDecisionId)}">` : ''}
  <input type="hidden" name="sort" value="${escapeHtml(sort)}">
  <div class="actions"><button type="submit">Apply filters</button><a href="/report/decisions">Clear</a></div>
</form>`;
}

function headerCell(filter: DecisionFilter, column: (typeof COLUMNS)[number]): string {
  if (!column.sort) return `<th scope="col">${escapeHtml(column.label)}</th>`;
  const current = filter.sort === column.sort;
  const nextDescending = current ? !filter.descending : column.sort === 'decidedAt';
  const href = `/report/decisions?${filterToParams(filter, { sort: `${nextDescending ? '-' : ''}${column.sort}` })}`;
  const aria = current ? ` aria-sort="${filter.descending ? 'descending' : 'ascending'}"` : '';
  const arrow = current ? (filter.descending ? ' ▼' : ' ▲') : '';
  return `<th scope="col"${aria}><a href="${escapeHtml(href)}">${escapeHtml(column.label)}${arrow}</a></th>`;
}

function redactionText(counts: Record<string, number> | null): string {
  if (!counts) return '—';
  return Object.entries(counts)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
}

function rowHtml(row: DecisionRow, sealedAt: Map<string, number>): string {
  const verdict = rowVerdict(row, row.chainId === null ? undefined : sealedAt.get(row.chainId));
  const chain =
    row.chainId === null
      ? '—'
      : `<a href="/report/decisions?chainId=${encodeURIComponent(row.chainId)}&amp;sort=received"><code>${escapeHtml(row.chainId)}</code></a> · ${row.seq}`;
  return `<tr class="${verdict.state === 'problem' ? 'bad' : ''}" data-decision-id="${escapeHtml(row.decisionId)}">
  <td><a href="${escapeHtml(decisionHref(row.decisionId))}">${escapeHtml(row.decidedAt)}</a></td>
  <td>${escapeHtml(row.aiSystemId)}</td>
  <td>${escapeHtml(row.model)}</td>
  <td>${escapeHtml(row.provider ?? '—')}</td>
  <td>${escapeHtml(row.operation ?? '—')}</td>
  <td><span class="pill ${row.status === 'failed' ? 'bad' : 'ok'}">${escapeHtml(row.status)}</span></td>
  <td>${row.humanReview ? 'reviewed' : '—'}</td>
  <td>${escapeHtml(redactionText(row.redactionCounts))}</td>
  <td>${chain}</td>
  <td><span class="pill ${verdict.state}">${escapeHtml(verdict.label)}</span></td>
</tr>`;
}

/** Chains' last final checkpoints: a record after one is shown as written after seal. */
export function readSealedAt(store: DecisionStore): Map<string, number> {
  const rows = store.database.prepare('SELECT chain_id, last_final_at FROM chains WHERE last_final_at >= 0').all() as {
    chain_id: string;
    last_final_at: number;
  }[];
  return new Map(rows.map((r) => [r.chain_id, r.last_final_at]));
}

/** `GET /report/decisions`: the filtered, sorted, paged list. */
export function renderDecisionsPage(store: DecisionStore, filter: DecisionFilter, options: { now?: number } = {}): string {
  const page = store.reader.page(filter);
  const total = store.reader.countUpTo({ ...filter, after: undefined }, COUNT_CAP);
  const sealedAt = readSealedAt(store);
  const query = filterToParams(filter);
  const exportQuery = query.toString();
  const next = page.next === undefined ? undefined : filterToParams(filter, { sort: `${filter.descending ? '-' : ''}${filter.sort}`, cursor: encodeCursor(filter.sort, page.next) });
  const first = filterToParams(filter, { sort: `${filter.descending ? '-' : ''}${filter.sort}` });
  const countText = total >= COUNT_CAP ? `more than ${n(COUNT_CAP - 1)}` : n(total);
  const applied = [...filterToParams(filter)].map(([k, v]) => `${k} = ${v}`);
  const summary = `Filters: ${applied.length ? applied.join('; ') : 'none'} · sorted by ${filter.sort}${filter.descending ? ', descending' : ''}`;
  const body = `<p class="meta" id="filter-summary">${escapeHtml(summary)}</p>
<p class="meta" id="result-count">${countText} record${total === 1 ? '' : 's'} match${total === 1 ? 'es' : ''} these filters${
    filter.after ? '' : page.rows.length < total ? `; showing the first ${n(page.rows.length)}` : ''
  }.</p>
${filterForm(filter, readFilterOptions(store.database))}
<div class="toolbar" aria-label="Export">
  <a class="button" id="export-jsonl" href="/report/export${exportQuery ? `?${escapeHtml(exportQuery)}` : ''}" download="decisions.jsonl">Export JSON Lines (for verify)</a>
  <a class="button secondary" id="export-evidence" href="/report/export?${escapeHtml(filterToParams(filter, { format: 'evidence' }).toString())}" download="evidence-pack.jsonl">Export evidence pack</a>
  <span class="meta">Exports hold every matching record, plus the chain records needed to verify them.</span>
</div>
<div class="table-wrap">
<table id="decisions">
<caption>Decisions${filter.after ? ' (continued)' : ''}</caption>
<thead><tr>${COLUMNS.map((c) => headerCell(filter, c)).join('')}</tr></thead>
<tbody>
${page.rows.map((r) => rowHtml(r, sealedAt)).join('\n') || `<tr><td colspan="${COLUMNS.length}">No decision matches these filters.</td></tr>`}
</tbody>
</table>
</div>
<nav class="pager" aria-label="Pages">
  ${filter.after ? `<a href="/report/decisions?${escapeHtml(first.toString())}">First page</a>` : ''}
  ${next ? `<a id="next-page" href="/report/decisions?${escapeHtml(next.toString())}">Next page</a>` : '<span class="meta">Last page.</span>'}
</nav>`;
  return renderPage({
    title: 'Decisions',
    section: 'decisions',
    body,
    data: page.rows.map((r) => r.body).join('\n'),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
