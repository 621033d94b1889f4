// Renders a bench report (see bench/run.mjs) as a text table and as a self-contained HTML page with
// inline SVG bar charts (no scripts, no CDN).

export function fmt(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toFixed(3);
}

const range = (r) => (r.min !== undefined && r.max !== undefined && r.n !== 1 && Number.isFinite(r.min) ? `${fmt(r.min)}–${fmt(r.max)}` : '');
const ratio = (r) => (r.ratio === undefined || !Number.isFinite(r.ratio) ? '' : `${r.ratio.toFixed(2)}×${r.ratioMin !== undefined && r.n !== 1 ? ` (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)})` : ''}`);
const verdict = (r) => {
  if (r.goal && !Number.isFinite(r.median ?? r.value)) return 'NO DATA (a child failed; see stderr above / latest.json)';
  return r.verdict ?? (r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS');
};

export function goals(report) {
  return report.figures.flatMap((f) => f.rows.filter((r) => r.goal && (r.pass !== undefined || r.verdict)).map((r) => ({ figure: f.id, label: r.label, value: r.median ?? r.value, unit: r.unit, ratio: r.ratio, goal: r.goal, pass: r.pass, verdict: verdict(r) })));
}

export function renderTable(report) {
  const m = report.machine;
  const lines = [];
  lines.push('');
  lines.push(`@vaxelia/ai-otel bench — ${report.mode} run, ${report.startedAt}`);
  lines.push(`machine: ${m.nproc} cores (nproc), ${m.cpu}, ${m.ramGiB} GiB RAM, node ${m.node}, ${m.platform}`);
  lines.push(`load average at start: ${report.loadAverageAtStart.join(' ')} (1/5/15 min); at end: ${report.loadAverageAtEnd.join(' ')}; at the start of each figure: ${Object.entries(report.loadAveragePerFigure ?? {}).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ')}`);
  if (report.mergedFrom) lines.push(`merged: figures not re-taken come from the run of ${report.mergedFrom}`);
  if (report.mode === 'quick') lines.push('QUICK MODE: smaller sizes and fewer repetitions; not for quoting.');
  lines.push('');
  for (const f of report.figures) {
    lines.push(`${f.id}. ${f.title}`);
    const rows = f.rows.map((r) => [r.ours ? `* ${r.label}` : `  ${r.label}`, `${fmt(r.median ?? r.value)} ${r.unit ?? ''}`.trim(), range(r), ratio(r) ? `${ratio(r)}${r.ratioOf ? ` vs ${r.ratioOf}` : ''}` : '', r.goal ?? '', verdict(r), r.note ?? '']);
    const head = ['  contender', 'median', 'min–max', 'ratio', 'goal', 'result', 'note'];
    const widths = head.map((h, i) => Math.min(i === 0 ? 72 : i === 6 ? 200 : 44, Math.max(h.length, ...rows.map((r) => r[i].length))));
    const line = (cells) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
    lines.push(line(head));
    for (const r of rows) lines.push(line(r));
    if (f.note) lines.push(`   ${f.note}`);
    lines.push('');
  }
  lines.push('Goals:');
  for (const g of goals(report)) lines.push(`  [${g.verdict}] figure ${g.figure}: ${g.label} = ${fmt(g.value)} ${g.unit}${g.ratio !== undefined ? ` (${g.ratio.toFixed(2)}×)` : ''}; goal ${g.goal}`);
  lines.push('(* = @vaxelia/ai-otel)');
  lines.push('');
  return lines.join('\n');
}

const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** One horizontal bar chart per unit in a figure: median bars, min–max whiskers, ours highlighted. */
function svgCharts(f) {
  const byUnit = new Map();
  for (const r of f.rows) {
    const v = r.median ?? r.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || !r.unit) continue;
    if (!byUnit.has(r.unit)) byUnit.set(r.unit, []);
    byUnit.get(r.unit).push(r);
  }
  const out = [];
  for (const [unit, rows] of byUnit) {
    const rowH = 26;
    const labelW = 430;
    const barW = 420;
    const h = rows.length * rowH + 28;
    const top = Math.max(...rows.map((r) => Math.max(r.max ?? 0, r.median ?? r.value ?? 0)), 1e-9);
    const x = (v) => labelW + Math.max(0, (v / top) * barW);
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 130}" height="${h}" role="img" aria-label="${esc(f.title)} (${esc(unit)})">`];
    rows.forEach((r, i) => {
      const y = 8 + i * rowH;
      const v = r.median ?? r.value;
      const color = r.ours ? '#1f6feb' : '#8c959f';
      parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12" font-family="sans-serif">${esc(r.label.length > 68 ? `${r.label.slice(0, 66)}…` : r.label)}</text>`);
      parts.push(`<rect x="${labelW}" y="${y + 3}" width="${Math.max(1, x(v) - labelW)}" height="16" fill="${color}"><title>${esc(`${r.label}: ${fmt(v)} ${unit}`)}</title></rect>`);
      if (r.min !== undefined && r.max !== undefined && r.n > 1 && Number.isFinite(r.min)) {
        parts.push(`<line x1="${x(r.min)}" x2="${x(r.max)}" y1="${y + 11}" y2="${y + 11}" stroke="#000" stroke-width="1.5"/>`);
        parts.push(`<line x1="${x(r.min)}" x2="${x(r.min)}" y1="${y + 6}" y2="${y + 16}" stroke="#000"/><line x1="${x(r.max)}" x2="${x(r.max)}" y1="${y + 6}" y2="${y + 16}" stroke="#000"/>`);
      }
      const mark = r.verdict ? ` ${r.verdict}` : r.pass === undefined ? '' : r.pass ? ' ✓' : ' ✗ MISS';
      parts.push(`<text x="${Math.max(x(v), x(r.max ?? 0)) + 6}" y="${y + 15}" font-size="12" font-family="sans-serif">${esc(`${fmt(v)}${mark}`)}</text>`);
    });
    parts.push(`<text x="${labelW}" y="${h - 4}" font-size="11" font-family="sans-serif" fill="#57606a">${esc(unit)} — bar = median, whisker = min–max over repetitions${f.lowerIsBetter ? ' (lower is better)' : f.higherIsBetter ? ' (higher is better)' : ''}</text>`);
    parts.push('</svg>');
    out.push(parts.join(''));
  }
  return out.join('\n');
}

export function renderHtml(report) {
  const m = report.machine;
  const g = goals(report);
  const table = (f) =>
    `<table><tr><th>contender</th><th>median</th><th>min–max</th><th>ratio</th><th>goal</th><th>result</th><th>note</th></tr>${f.rows
      .map(
        (r) =>
          `<tr class="${r.ours ? 'ours' : ''}"><td>${esc(r.label)}</td><td class="n">${esc(`${fmt(r.median ?? r.value)} ${r.unit ?? ''}`)}</td><td class="n">${esc(range(r))}</td><td>${esc(ratio(r) ? `${ratio(r)}${r.ratioOf ? ` vs ${r.ratioOf}` : ''}` : '')}</td><td>${esc(r.goal)}</td><td class="${r.pass === false || r.verdict ? 'miss' : r.pass ? 'pass' : ''}">${esc(verdict(r))}</td><td>${esc(r.note)}</td></tr>`,
      )
      .join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>@vaxelia/ai-otel bench — ${esc(report.startedAt)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#1f2328}
table{border-collapse:collapse;font-size:13px;margin:.5rem 0 1rem}td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}tr.ours td:first-child{font-weight:600;color:#1f6feb}.pass{color:#1a7f37;font-weight:600}.miss{color:#cf222e;font-weight:700}
.warn{background:#fff8c5;padding:.5rem;border:1px solid #d4a72c}.note{color:#57606a;font-size:13px}
</style></head><body>
<h1>@vaxelia/ai-otel bench</h1>
<p>${esc(report.mode)} run, ${esc(report.startedAt)} → ${esc(report.finishedAt)}<br>
Machine: ${esc(m.nproc)} cores (nproc), ${esc(m.cpu)}, ${esc(m.ramGiB)} GiB RAM, Node ${esc(m.node)}, ${esc(m.platform)}<br>
Load average at start ${esc(report.loadAverageAtStart.join(' '))}, at end ${esc(report.loadAverageAtEnd.join(' '))} (1/5/15 min)</p>
${report.mode === 'quick' ? '<p class="warn">Quick mode: smaller sizes and fewer repetitions; not for quoting.</p>' : ''}
${report.loadAverageAtStart[0] > m.nproc * 0.5 ? `<p class="warn">The machine was busy at the start (1-min load ${esc(report.loadAverageAtStart[0])} on ${esc(m.nproc)} cores): figures are noisy.</p>` : ''}
<h2>Goals</h2><ul>${g.map((x) => `<li class="${x.pass ? 'pass' : 'miss'}">${esc(x.verdict)} — figure ${x.figure}: ${esc(x.label)} = ${esc(fmt(x.value))} ${esc(x.unit)}${x.ratio !== undefined ? ` (${x.ratio.toFixed(2)}×)` : ''}; goal ${esc(x.goal)}</li>`).join('')}</ul>
${report.figures.map((f) => `<h2>${f.id}. ${esc(f.title)}</h2>\n${svgCharts(f)}\n${table(f)}<p class="note">${esc(f.note)}</p>`).join('\n')}
</body></html>
`;
}

const SHORT = [
  [/^BatchSpanProcessor \+ OTLP\/HTTP JSON.*/, 'BSP + OTLP JSON'],
  [/^BatchSpanProcessor \+ OTLP\/HTTP protobuf.*/, 'BSP + OTLP proto'],
  [/^BatchSpanProcessor \(default queue\) \+ OTLP\/HTTP JSON/, 'BSP + OTLP JSON'],
  [/^BatchSpanProcessor \(default queue\) \+ OTLP\/HTTP protobuf/, 'BSP + OTLP proto'],
  [/^BatchSpanProcessor \+ OTLP\/HTTP.*/, 'BSP + OTLP'],
  [/^Langfuse \+ email mask \(gen_ai.*/, 'Langfuse + mask (mask skips gen_ai.*)'],
  [/^Langfuse \+ email mask \(content in langfuse.*/, 'Langfuse + mask (mask runs)'],
  [/^Langfuse.*/, 'Langfuse + mask'],
  [/^Braintrust.*/, 'Braintrust'],
  [/^raw ceiling: undici.*/, 'raw undici ceiling'],
  [/^raw ceiling: node:http.*/, 'raw node:http'],
  [/^@vaxelia\/ai-otel \(defaults\), SDK 2.x/, 'ours on SDK 2.x'],
  [/^@vaxelia\/ai-otel, concurrency 32.*/, 'ours, concurrency 32 (non-default)'],
  [/^bound: @vaxelia\/ai-otel \(defaults\) with no HTTP.*/, 'bound: ours with no HTTP'],
  [/^bound: the app alone.*/, 'bound: the app alone'],
];
/** PASS plain, anything else in bold. */
const md = (v) => (v === '' || v === 'PASS' ? v : `**${v}**`);
const short = (label) => {
  for (const [re, s] of SHORT) if (re.test(label)) return s;
  return label;
};

/** A compact table for the README: one line per figure (figure 6: one per collected goal or figure). */
export function renderMarkdown(report) {
  const m = report.machine;
  const out = [];
  const loads = Object.entries(report.loadAveragePerFigure ?? {}).map(([k, v]) => `${k} ${v[0]}`).join(', ');
  out.push(`Measured ${report.startedAt.slice(0, 10)} by \`npm run bench\` (${report.mode} run${report.mergedFrom ? `, merged with the run of ${report.mergedFrom}` : ''}) on ${m.nproc} cores (nproc), ${m.cpu}, ${m.ramGiB} GiB RAM, Node ${m.node}; 1-min load average at the start of each figure: ${loads}. Medians over repetitions; min–max and charts in \`bench/results/latest.{json,html}\`.`);
  out.push('');
  out.push('| # | figure | @vaxelia/ai-otel (defaults) | beside it | goal | result |');
  out.push('|---|---|---|---|---|---|');
  for (const f of report.figures) {
    if (f.id === 6) {
      for (const r of f.rows) {
        if ((r.value === undefined && r.median === undefined) || r.peerOf) continue;
        if (!r.goal && !/gateway (protobuf|json):|in-process|server/.test(r.label)) continue;
        out.push(`| 6 | ${r.label.replace(/\|/g, '/')} | ${fmt(r.median ?? r.value)} ${r.unit}${r.ratio !== undefined ? ` (${r.ratio.toFixed(2)}× ${r.ratioOf ?? ''})` : ''} | ${r.peers ? Object.entries(r.peers).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') : ''} | ${r.goal ?? 'reported'} | ${md(verdict(r))} |`);
      }
      continue;
    }
    const goalRows = f.rows.filter((r) => r.goal);
    const ours = goalRows[0] ?? f.rows.find((r) => r.ours);
    if (!ours) continue;
    const find = (re) => f.rows.find((r) => re.test(r.label));
    let oursCell = `${fmt(ours.median)} ${ours.unit}`;
    let besideRows = f.rows.filter((r) => (!r.ours || r.nonDefault) && !/^no processor$/.test(r.label));
    if (f.id === 1) {
      const cpu = find(/^@vaxelia.*CPU time$/);
      oursCell = `${ours.ratio?.toFixed(2)}× no processor (${fmt(ours.median)} vs ${fmt(find(/^no processor$/)?.median)} ns/span)${cpu ? `; CPU time ${cpu.ratio?.toFixed(2)}×` : ''}`;
      besideRows = besideRows.filter((r) => !/CPU time$/.test(r.label));
    } else if (f.id === 3) {
      oursCell = `${fmt(ours.median)} ${ours.unit} = ${ours.ratio?.toFixed(2)}× the undici ceiling`;
    } else if (f.id === 5) {
      const a50 = find(/^added.*p50$/);
      const aa99 = find(/^A\/A.*p99$/);
      oursCell = `added p50 ${fmt(a50?.median)} µs, p99 ${fmt(ours.median)} µs (A/A noise at p99 ${fmt(aa99?.median)} µs)`;
      besideRows = f.rows.filter((r) => /^instrumented, no processor/.test(r.label));
    }
    const beside = besideRows.map((r) => `${short(r.label)} ${fmt(r.median)}${f.id === 1 ? ` (${r.ratio?.toFixed(2)}×)` : ` ${r.unit}`}`).join('; ');
    const title = f.short ?? f.title;
    out.push(`| ${f.id} | ${title} | ${oursCell} | ${beside} | ${ours.goal ?? ''} | ${md(verdict(ours))} |`);
  }
  return `${out.join('\n')}\n`;
}
