/**
 * The report page's own script (plain browser JavaScript, inlined after Chart.js). It reads the
 * aggregated data from `#report-data` and draws the four charts; animation is off so the page is
 * complete as soon as it loads (and prints well). Sets `window.reportReady` when done.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#dc2626', '#4b5563', '#db2777', '#65a30d'];
  var statusColors = { completed: '#16a34a', failed: '#dc2626' };
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#374151';
  Chart.defaults.maintainAspectRatio = false;

  // Empty data still draws axes; this says why there are no bars.
  var noData = {
    id: 'noData',
    afterDraw: function (chart) {
      var total = 0;
      chart.data.datasets.forEach(function (d) { d.data.forEach(function (v) { total += v; }); });
      if (total > 0) return;
      var area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = '#6b7280';
      ctx.font = '14px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('No data recorded yet', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
      ctx.restore();
    }
  };
  Chart.register(noData);

  function stacked(id, datasets, yTitle) {
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: { labels: data.labels, datasets: datasets },
      options: {
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: yTitle } }
        },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  stacked('chart-models', data.byModel.map(function (s, i) {
    return { label: s.model, data: s.counts, backgroundColor: palette[i % palette.length] };
  }), 'decisions per ' + data.bucket.label);

  stacked('chart-status', data.byStatus.map(function (s, i) {
    return { label: s.status, data: s.counts, backgroundColor: statusColors[s.status] || palette[(i + 4) % palette.length] };
  }), 'decisions per ' + data.bucket.label);

  stacked('chart-tokens', [
    { label: 'input tokens', data: data.tokens.input, backgroundColor: '#2563eb' },
    { label: 'output tokens', data: data.tokens.output, backgroundColor: '#d97706' }
  ], 'tokens per ' + data.bucket.label);

  new Chart(document.getElementById('chart-redactions'), {
    type: 'bar',
    data: {
      labels: data.redactions.length ? data.redactions.map(function (r) { return r.type; }) : ['(none)'],
      datasets: [{ label: 'values redacted', data: data.redactions.length ? data.redactions.map(function (r) { return r.count; }) : [0], backgroundColor: '#9333ea' }]
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } }, plugins: { legend: { display: false } } }
  });
  window.reportReady = true;
})();
`;
