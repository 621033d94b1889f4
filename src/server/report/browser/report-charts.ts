/**
 * The overview page's own script, run in the browser after Chart.js (inlined before it as a UMD
 * bundle that defines the global `Chart`). It reads the aggregated data from `#report-data` and
 * draws the four charts; animation is off so the page is complete as soon as it loads (and prints
 * well). Sets `window.reportReady` when done. Bundled into report-script.ts by
 * scripts/build-report-script.mjs (esbuild) at build time; type-checked with the DOM library by
 * this folder's tsconfig.json.
 */
import type { Chart as ChartClass, ChartDataset, Plugin } from 'chart.js';

declare const Chart: typeof ChartClass;

declare global {
  interface Window {
    reportReady?: boolean;
  }
}

/** What render-report.ts writes into `#report-data`. */
interface ChartData {
  labels: string[];
  bucket: { ms: number; label: string };
  byModel: { model: string; counts: number[] }[];
  byStatus: { status: string; counts: number[] }[];
  tokens: { input: number[]; output: number[] };
  redactions: { type: string; count: number }[];
}

const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#dc2626', '#4b5563', '#db2777', '#65a30d'];
const STATUS_COLORS: Record<string, string> = { completed: '#16a34a', failed: '#dc2626' };

function readData(): ChartData {
  const element = document.getElementById('report-data');
  if (!element?.textContent) throw new Error('report data missing');
  return JSON.parse(element.textContent) as ChartData;
}

function canvas(id: string): HTMLCanvasElement {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLCanvasElement)) throw new Error(`no canvas #${id}`);
  return element;
}

/** Empty data still draws axes; this says why there are no bars. */
const noData: Plugin<'bar'> = {
  id: 'noData',
  afterDraw(chart) {
    let total = 0;
    for (const dataset of chart.data.datasets) for (const value of dataset.data) total += typeof value === 'number' ? value : 0;
    if (total > 0) return;
    const { chartArea: area, ctx } = chart;
    ctx.save();
    ctx.fillStyle = '#4b5563';
    ctx.font = '14px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('No data recorded yet', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
    ctx.restore();
  },
};

function stacked(id: string, labels: string[], datasets: ChartDataset<'bar', number[]>[], yTitle: string): void {
  new Chart(canvas(id), {
    type: 'bar',
    data: { labels, datasets },
    options: {
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: yTitle } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function draw(): void {
  const data = readData();
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#374151';
  Chart.defaults.maintainAspectRatio = false;
  Chart.register(noData);
  const per = `per ${data.bucket.label}`;

  stacked(
    'chart-models',
    data.labels,
    data.byModel.map((s, i) => ({ label: s.model, data: s.counts, backgroundColor: PALETTE[i % PALETTE.length] })),
    `decisions ${per}`,
  );
  stacked(
    'chart-status',
    data.labels,
    data.byStatus.map((s, i) => ({ label: s.status, data: s.counts, backgroundColor: STATUS_COLORS[s.status] ?? PALETTE[(i + 4) % PALETTE.length] })),
    `decisions ${per}`,
  );
  stacked(
    'chart-tokens',
    data.labels,
    [
      { label: 'input tokens', data: data.tokens.input, backgroundColor: '#2563eb' },
      { label: 'output tokens', data: data.tokens.output, backgroundColor: '#d97706' },
    ],
    `tokens ${per}`,
  );
  const none = data.redactions.length === 0;
  new Chart(canvas('chart-redactions'), {
    type: 'bar',
    data: {
      labels: none ? ['(none)'] : data.redactions.map((r) => r.type),
      datasets: [{ label: 'values redacted', data: none ? [0] : data.redactions.map((r) => r.count), backgroundColor: '#9333ea' }],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } }, plugins: { legend: { display: false } } },
  });
  window.reportReady = true;
}

draw();
