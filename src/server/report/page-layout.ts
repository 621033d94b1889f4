import { createHash, randomUUID } from 'node:crypto';
import { escapeHtml } from './escape-html.js';
import { PAGE_STYLE, printPageRule } from './page-style.js';

/** The line every report carries (the evidence pack's notice says the same at length). */
export const REPORT_NOTICE = 'This report is evidence, not legal advice.';

export interface PageOptions {
  title: string;
  /** Which navigation entry is current. */
  section: 'overview' | 'decisions' | 'systems' | 'oversight';
  /** Inner HTML of `<main>`, already escaped. */
  body: string;
  /**
   * The data the page shows, as the exact text it was rendered from (record bodies, JSON): its
   * SHA-256 is printed, so a printout can be tied to the records it was made of.
   */
  data: string;
  /** Extra markup at the end of `<body>` (the overview's scripts). */
  scripts?: string;
  now?: number;
}

const NAV: readonly [PageOptions['section'], string, string][] = [
  ['overview', '/report', 'Overview'],
  ['decisions', '/report/decisions', 'Decisions'],
  ['systems', '/report/systems', 'AI systems'],
  ['oversight', '/report/oversight', 'Oversight & policy'],
];

/** SHA-256 (hex) of the text a page was rendered from. */
export function dataDigest(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/**
 * One workbench page: navigation, content, and the imprint a printout needs — report id,
 * generation time, SHA-256 of the data shown — with page numbers from the print stylesheet.
 */
export function renderPage(options: PageOptions): string {
  const reportId = randomUUID();
  const generatedAt = new Date(options.now ?? Date.now()).toISOString();
  const sha = dataDigest(options.data);
  const nav = NAV.map(
    ([key, href, label]) => `<a href="${href}"${key === options.section ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} — AI decision log</title>
<style>${PAGE_STYLE}
${printPageRule(reportId, sha)}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="top">
  <span class="brand">AI decision log</span>
  <nav aria-label="Workbench">${nav}</nav>
</header>
<main id="content">
<h1>${escapeHtml(options.title)}</h1>
${options.body}
</main>
<footer class="imprint" id="imprint" data-report-id="${reportId}" data-sha256="${sha}">
  <p><strong>${escapeHtml(REPORT_NOTICE)}</strong> It shows what the decision log holds and whether its hash chains are intact;
  whether that satisfies an obligation is for your compliance and legal teams to assess.</p>
  <dl>
    <div><dt>Report id</dt><dd><code>${reportId}</code></dd></div>
    <div><dt>Generated</dt><dd><time datetime="${generatedAt}">${generatedAt}</time></dd></div>
    <div><dt>SHA-256 of the data shown</dt><dd><code class="hash">${sha}</code></dd></div>
  </dl>
</footer>
${options.scripts ?? ''}
</body>
</html>
`;
}
