import type { ServerResponse } from 'node:http';
import type { DecisionStore } from '../decision-store.js';
import { sendError, sendJson, sendText } from '../http-responses.js';
import { REPORT_CSP, renderReport } from './render-report.js';

const HTML_HEADERS = { 'content-security-policy': REPORT_CSP, 'referrer-policy': 'no-referrer' };

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendText(res, status, html, 'text/html; charset=utf-8', HTML_HEADERS);
}

/** `GET /report…`: the auditor's workbench pages (server-rendered; they work without JavaScript). */
export function serveReport(res: ServerResponse, url: URL, store: DecisionStore, rest: string): void {
  if (rest === '' || rest === '/') {
    const data = store.reportData();
    if (url.searchParams.get('format') === 'json') sendJson(res, 200, data);
    else sendHtml(res, 200, renderReport(data));
    return;
  }
  sendError(res, 404, 'not_found', `no report page ${rest}`);
}
