// Time charts with uPlot (from its WebJar). Each chart fits its container's width.

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

export function color(i) {
  return PALETTE[i % PALETTE.length];
}

/**
 * Draws a chart into `el`: `times` in seconds, `series` a list of {label, values, color, dash}.
 * Returns the uPlot instance, or null with a message when there is nothing to draw.
 */
export function timeChart(el, times, series, options) {
  const uPlot = window.uPlot;
  el.classList.add('chart');
  if (!uPlot) {
    el.textContent = 'The chart library did not load.';
    return null;
  }
  const width = Math.max(260, el.clientWidth || 600);
  const opts = {
    width,
    height: (options && options.height) || 200,
    padding: [8, 8, 0, 0],
    cursor: { drag: { x: false, y: false } },
    legend: { live: false },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' } },
      { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' }, size: 50,
        values: (u, vals) => vals.map((v) => (options && options.unit ? `${v}${options.unit}` : v)) },
    ],
    series: [{}].concat(series.map((s, i) => ({
      label: s.label,
      stroke: s.color || color(i),
      width: 2,
      dash: s.dash,
      fill: s.fill,
      points: { show: false },
    }))),
  };
  const data = [times].concat(series.map((s) => s.values));
  const chart = new uPlot(opts, data, el);
  el.dataset.chartDrawn = 'true';
  const observer = new ResizeObserver(() => {
    const w = Math.max(260, el.clientWidth);
    if (Math.abs(w - chart.width) > 4) chart.setSize({ width: w, height: opts.height });
  });
  observer.observe(el);
  chart.sbObserver = observer;
  return chart;
}

export function disposeChart(chart) {
  if (!chart) return;
  if (chart.sbObserver) chart.sbObserver.disconnect();
  chart.destroy();
}
