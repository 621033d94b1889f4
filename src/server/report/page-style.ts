/**
 * The workbench stylesheet: screen and print. Colours meet WCAG AA contrast (axe checks the pages).
 * The print part hides navigation and forms, keeps tables whole where it can, and leaves the
 * imprint (report id, time, SHA-256) on the last page; page numbers come from {@link printPageRule}.
 */
export const PAGE_STYLE = `
  :root { color-scheme: light; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; line-height: 1.45; }
  .skip { position: absolute; left: -9999px; }
  .skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px 10px; z-index: 10; }
  header.top { display: flex; gap: 24px; align-items: center; padding: 10px 24px; background: #1f2937; color: #fff; flex-wrap: wrap; }
  header.top .brand { font-weight: 700; }
  header.top nav { display: flex; gap: 4px; flex-wrap: wrap; }
  header.top nav a { color: #e5e7eb; text-decoration: none; padding: 6px 10px; border-radius: 6px; }
  header.top nav a[aria-current="page"] { background: #374151; color: #fff; font-weight: 600; }
  header.top nav a:hover, header.top nav a:focus { background: #4b5563; color: #fff; }
  main { max-width: 1280px; margin: 0 auto; padding: 20px 24px; }
  h1 { font-size: 1.5rem; margin: 0 0 8px; }
  h2 { font-size: 1.15rem; margin: 28px 0 8px; }
  h3 { font-size: 1rem; margin: 16px 0 6px; }
  a { color: #1d4ed8; }
  .meta { color: #4b5563; font-size: 0.9rem; }
  .banner { border-radius: 8px; padding: 16px 20px; margin: 16px 0; font-size: 1.05rem; border: 2px solid; }
  .banner strong.verdict { font-size: 1.3rem; margin-right: 12px; }
  .banner ul { margin: 8px 0 0; }
  .banner.ok { background: #ecfdf5; border-color: #15803d; color: #14532d; }
  .banner.problem { background: #fef2f2; border-color: #b91c1c; color: #7f1d1d; }
  .banner.problem a { color: #7f1d1d; font-weight: 600; }
  .banner.none { background: #f3f4f6; border-color: #6b7280; color: #374151; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; }
  .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; }
  .card .v { font-size: 1.4rem; font-weight: 600; }
  .card .k { color: #4b5563; font-size: 0.85rem; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; margin-top: 16px; }
  .panel { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; }
  .panel h2 { margin-top: 0; }
  .chart { position: relative; height: 280px; }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.88rem; }
  caption { text-align: left; font-weight: 600; padding: 6px 0; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th a { color: inherit; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.bad td, tr.bad th { background: #fef2f2; }
  .pill { display: inline-block; font-weight: 700; font-size: 0.78rem; padding: 1px 8px; border-radius: 999px; white-space: nowrap; }
  .pill.ok { background: #dcfce7; color: #14532d; }
  .pill.bad, .pill.problem { background: #fee2e2; color: #7f1d1d; }
  .pill.pending, .pill.note, .pill.unchained { background: #fef3c7; color: #78350f; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85em; }
  code.hash { word-break: break-all; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f3f4f6; padding: 8px 10px; border-radius: 6px; margin: 4px 0; }
  form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px 14px; background: #fff;
    border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; align-items: end; }
  form.filters label { display: flex; flex-direction: column; font-size: 0.85rem; color: #374151; gap: 3px; }
  form.filters input, form.filters select { font: inherit; padding: 5px 6px; border: 1px solid #6b7280; border-radius: 5px; background: #fff; color: #111827; }
  form.filters .actions { display: flex; gap: 8px; align-items: center; }
  button, .button { font: inherit; background: #1d4ed8; color: #fff; border: 0; border-radius: 6px; padding: 6px 14px; cursor: pointer; text-decoration: none; display: inline-block; }
  .button.secondary { background: #fff; color: #1d4ed8; border: 1px solid #1d4ed8; }
  .toolbar { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin: 12px 0; }
  .pager { display: flex; gap: 12px; margin: 12px 0; align-items: center; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; margin: 0; }
  dl.facts dt { color: #4b5563; }
  dl.facts dd { margin: 0; }
  ul.checks { list-style: none; padding: 0; margin: 0; }
  ul.checks li { padding: 4px 0; }
  .message { background: #fff; border: 1px solid #e5e7eb; border-left: 4px solid #6b7280; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
  .message.role-user { border-left-color: #1d4ed8; }
  .message.role-assistant { border-left-color: #15803d; }
  .message.role-system { border-left-color: #7c3aed; }
  .message.role-tool { border-left-color: #b45309; }
  .message .role { font-weight: 600; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.03em; color: #374151; }
  .part-label { font-size: 0.8rem; color: #4b5563; font-weight: 600; }
  footer.imprint { max-width: 1280px; margin: 32px auto 24px; padding: 12px 24px 0; color: #374151; font-size: 0.85rem; border-top: 1px solid #e5e7eb; }
  footer.imprint dl { display: flex; gap: 8px 24px; flex-wrap: wrap; margin: 0; }
  footer.imprint dt { font-weight: 600; }
  footer.imprint dd { margin: 0; word-break: break-all; }
  @media print {
    body { background: #fff; font-size: 10pt; }
    table { font-size: 8pt; }
    th, td { padding: 3px 5px; }
    header.top, form.filters, .toolbar, .pager, .skip, .no-print { display: none !important; }
    main { max-width: none; padding: 0; }
    a { color: inherit; text-decoration: none; }
    .panel, .card, .message, tr, dl.facts { break-inside: avoid; }
    thead { display: table-header-group; }
    .table-wrap { overflow: visible; }
    footer.imprint { margin: 16px 0 0; padding: 8px 0 0; }
    details > *:not(summary) { display: block; }
  }
`;

/**
 * The `@page` rule of one page: its margins carry the report id and the page number ("Page 2 of 5",
 * CSS paged-media counters), so every printed sheet can be tied to the report it belongs to.
 */
export function printPageRule(reportId: string, sha256: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9 .:·–-]/g, '');
  return `@page { size: A4; margin: 16mm 12mm 18mm;
    @bottom-left { content: "Report ${safe(reportId)} · SHA-256 ${safe(sha256.slice(0, 16))}…"; font-size: 8pt; color: #374151; font-family: system-ui, sans-serif; }
    @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #374151; font-family: system-ui, sans-serif; } }`;
}
