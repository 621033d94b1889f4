import type { ChainStatus } from '../chain-status.js';
import type { DecisionFilter } from '../decision-filter.js';
import type { DecisionStore } from '../decision-store.js';
import { verifySelection } from '../export/evidence-export.js';
import { decisionHref } from './decisions-page.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';

const MAX_LISTED = 50;
const n = (v: number) => v.toLocaleString('en-US');

export function chainHref(chainId: string): string {
  return `/report/chains/${encodeURIComponent(chainId)}`;
}

interface CheckpointRow {
  decision_id: string;
  seq: number;
  cp_first: number | null;
  cp_seq: number | null;
  cp_state: string | null;
  final: number | null;
}

/** The record at `seq` of a chain as a link, or the bare seq when none is stored there. */
function seqLink(store: DecisionStore, chainId: string, seq: number, label: string): string {
  const row = seq >= 0 ? store.reader.atSeq(chainId, seq)[0] : undefined;
  return row ? `<a href="${escapeHtml(decisionHref(row.decisionId))}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

/**
 * `GET /report/chains/{chainId}`: why the chain says OK (or not). The on-ingest check's verdict in
 * words, its checkpoints, and the chain re-verified from the stored records by the same checker as
 * `vaxelia-otel verify` (verifyChain), every problem linked to the record it concerns.
 */
export function renderChainPage(store: DecisionStore, chain: ChainStatus, options: { now?: number } = {}): string {
  const id = chain.chainId;
  const checkpoints = store.database
    .prepare(
      `SELECT decision_id, seq, cp_first, cp_seq, cp_state, json_extract(body, '$.checkpoint.final') AS final FROM decisions
       WHERE chain_id = ? AND operation = 'checkpoint' ORDER BY seq DESC LIMIT ${MAX_LISTED}`,
    )
    .all(id) as unknown as CheckpointRow[];
  const started = performance.now();
  const filter: DecisionFilter = { chainId: id, sort: 'received', descending: false, limit: 1 };
  const verified = verifySelection(store.database, filter);
  const verifyMs = Math.round(performance.now() - started);
  const sources = chain.sources.map((s) => [s.aiSystemId, s.service, s.instance && `on ${s.instance}`].filter(Boolean).join(' · '));

  const cpRows = checkpoints
    .map(
      (c) => `<tr><td><a href="${escapeHtml(decisionHref(c.decision_id))}">seq ${c.seq}</a></td><td>${c.cp_first ?? '?'}–${c.cp_seq ?? '?'}</td>
  <td><span class="pill ${c.cp_state === 'ok' ? 'ok' : c.cp_state === 'pending' ? 'pending' : 'bad'}">${escapeHtml(c.cp_state ?? 'unknown')}</span></td><td>${c.final === 1 ? 'final (seal)' : ''}</td></tr>`,
    )
    .join('\n');
  const problems = verified.problems
    .slice(0, MAX_LISTED)
    .map((p) => `<li data-kind="${escapeHtml(p.kind)}">${seqLink(store, id, p.seq, `seq ${p.seq}`)}: ${escapeHtml(p.kind)}${p.detail ? ` — ${escapeHtml(p.detail)}` : ''}</li>`)
    .join('');
  const body = `<p class="meta"><a href="/report">Overview</a> · <a href="/report/decisions?chainId=${escapeHtml(encodeURIComponent(id))}&amp;sort=received">its records</a></p>
<dl class="facts" id="chain-facts">
  <dt>Chain</dt><dd><code>${escapeHtml(id)}</code></dd>
  <dt>Written by</dt><dd>${escapeHtml(sources.join('; ') || 'unknown')}</dd>
  <dt>Records</dt><dd>${n(chain.count)}, seq ${n(chain.firstSeq)}–${n(chain.head.seq)}, ${escapeHtml(chain.firstDecidedAt)} — ${escapeHtml(chain.lastDecidedAt)}</dd>
  <dt>Head</dt><dd><code class="hash">${escapeHtml(chain.head.hash)}</code></dd>
  <dt>Signature and seal</dt><dd id="chain-words">${escapeHtml(chain.status)}</dd>
  <dt>On-ingest check</dt><dd><span class="pill ${chain.ok ? 'ok' : 'bad'}">${chain.ok ? 'OK' : 'PROBLEM'}</span> ${n(chain.missing)} missing, ${n(chain.problemCount)} flagged</dd>
</dl>
<h2>Verified again from the stored records</h2>
<p>The records as stored, checked by <code>verifyChain</code> — the checker <code>vaxelia-otel verify</code> runs — in ${n(verifyMs)} ms:
<span class="pill ${verified.ok ? 'ok' : 'bad'}" id="reverify">${verified.ok ? 'OK' : `${n(verified.problems.length)} PROBLEM${verified.problems.length === 1 ? '' : 'S'}`}</span></p>
${problems ? `<ul id="reverify-problems">${problems}</ul>` : '<p class="meta">No edited record, broken link, gap, duplicate, reordering or bad checkpoint. Signatures are checked by <code>vaxelia-otel verify --public-key</code>: the server holds no public key.</p>'}
<h2>Checkpoints</h2>
<div class="table-wrap"><table id="checkpoints">
<caption>Checkpoint records, newest first${checkpoints.length === MAX_LISTED ? ` (the latest ${MAX_LISTED})` : ''}</caption>
<thead><tr><th scope="col">at</th><th scope="col">covers seq</th><th scope="col">state</th><th scope="col">seal</th></tr></thead>
<tbody>${cpRows || '<tr><td colspan="4">No checkpoint yet: nothing commits to the chain\'s length.</td></tr>'}</tbody>
</table></div>`;
  return renderPage({
    title: `Chain ${id}`,
    section: 'overview',
    body,
    data: JSON.stringify({ chain, verified }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
