import type { ServerResponse } from 'node:http';
import { readDecisionDetail } from '../decision-detail.js';
import { parseDecisionQuery } from '../decision-query.js';
import type { DecisionStore } from '../decision-store.js';
import { sendJson, sendText } from '../../http/responses.js';
import { exportDecisions } from '../read-routes.js';
import { renderChainPage } from './chain-page.js';
import { renderDecisionPage } from './decision-page.js';
import { HTML_PAGE_SIZE, renderDecisionsPage } from './decisions-page.js';
import { escapeHtml } from './escape-html.js';
import { renderOversightPage } from './oversight-page.js';
import { renderPage } from './page-layout.js';
import { REPORT_CSP, renderReport } from './render-report.js';
import { renderSystemsPage } from './systems-page.js';

const HTML_HEADERS = { 'content-security-policy': REPORT_CSP, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendText(res, status, html, 'text/html; charset=utf-8', HTML_HEADERS);
}

function errorPage(res: ServerResponse, status: number, message: string): void {
  const body = `<div class="banner problem" role="alert"><strong class="verdict">${status}</strong> ${escapeHtml(message)}</div>
<p><a href="/report/decisions">Back to the decision list</a></p>`;
  sendHtml(res, status, renderPage({ title: status === 404 ? 'Not found' : 'Bad request', section: 'decisions', body, data: message }));
}

/**
 * `GET /report…`: the auditor's workbench, server-rendered (it works without JavaScript; only the
 * overview's charts use it). `/report/export` serves `GET /v1/export` under the report's path, so a
 * browser signed in with HTTP Basic downloads it without a second prompt.
 */
export async function serveReport(res: ServerResponse, url: URL, store: DecisionStore, rest: string): Promise<void> {
  const path = rest.replace(/\/+$/, '');
  if (path === '') {
    const data = store.reportData();
    if (url.searchParams.get('format') === 'json') sendJson(res, 200, data);
    else sendHtml(res, 200, renderReport(data, { store }));
    return;
  }
  if (path === '/decisions') {
    const query = parseDecisionQuery(url.searchParams, { emptyIsAbsent: true, defaultSort: '-decidedAt' });
    if (!query.ok) return errorPage(res, 400, query.message);
    if (!url.searchParams.has('limit')) query.filter.limit = HTML_PAGE_SIZE;
    return sendHtml(res, 200, renderDecisionsPage(store, query.filter));
  }
  const one = /^\/decisions\/([^/]+)$/.exec(path);
  if (one) {
    let id: string;
    try {
      id = decodeURIComponent(one[1]!);
    } catch {
      return errorPage(res, 400, 'the decision id in the address is not valid');
    }
    const detail = readDecisionDetail(store, id);
    if (!detail) return errorPage(res, 404, `No decision with id ${id} is stored.`);
    return sendHtml(res, 200, renderDecisionPage(store, detail));
  }
  const chain = /^\/chains\/([^/]+)$/.exec(path);
  if (chain) {
    let chainId: string;
    try {
      chainId = decodeURIComponent(chain[1]!);
    } catch {
      return errorPage(res, 400, 'the chain id in the address is not valid');
    }
    const status = store.chains(chainId)[0];
    if (!status) return errorPage(res, 404, `No chain ${chainId} is stored.`);
    return sendHtml(res, 200, renderChainPage(store, status));
  }
  if (path === '/systems') return sendHtml(res, 200, renderSystemsPage(store));
  if (path === '/oversight') return sendHtml(res, 200, renderOversightPage(store));
  if (path === '/export') return exportDecisions(res, url, store);
  errorPage(res, 404, `There is no report page ${path}.`);
}
