// Overview: what needs attention, charts over time, the connections' health.

import { api } from './api.js';
import { h, clear, card, empty, badge, fmtNumber, fmtAgo, fmtDuration, table } from './ui.js';
import { timeChart, disposeChart, color } from './charts.js';

function bucketTimes(data) {
  const times = [];
  for (let i = 0; i < data.buckets; i++) times.push((data.since + i * data.bucketMillis) / 1000);
  return times;
}

function stat(label, value, tone, href, hint) {
  return h('a', { class: `stat stat-${tone}`, href, dataset: { stat: label } },
    h('span', { class: 'stat-value' }, value),
    h('span', { class: 'stat-label' }, label),
    hint ? h('span', { class: 'stat-hint' }, hint) : null);
}

export default {
  title: 'Overview',
  async render(main) {
    let minutes = 15;
    let charts = [];
    const picker = h('select', { 'aria-label': 'Time window', onchange: (e) => { minutes = Number(e.target.value); load(); } },
      [5, 15, 60].map((m) => h('option', { value: m, selected: m === minutes }, `Last ${m} min`)));
    const alerts = h('div', { class: 'alerts', role: 'status', 'aria-live': 'polite' });
    const stats = h('div', { class: 'stats' });
    const chartGrid = h('div', { class: 'grid-2' });
    const health = h('div', {});
    main.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Overview'), picker),
      alerts, stats, chartGrid, card('Connections', health));

    function chartCard(title, draw, note) {
      const box = h('div', { class: 'chart-box' });
      chartGrid.append(card(title, box, note ? h('p', { class: 'note' }, note) : null));
      draw(box);
    }

    async function load() {
      const data = await api.get(`/ui/api/overview?minutes=${minutes}`);
      const a = data.attention;
      const firing = data.alerts || [];
      clear(alerts);
      alerts.hidden = firing.length === 0;
      if (firing.length) {
        alerts.append(h('div', { class: 'alert-banner' },
          h('strong', {}, `${firing.length} alert${firing.length > 1 ? 's' : ''} firing`),
          h('ul', {}, firing.map((al) => h('li', { dataset: { alert: al.rule } },
            h('a', { href: '#/issues' }, al.rule),
            ` · ${al.subject || ''}: ${al.message || ''}`,
            h('span', { class: 'muted' }, ` (since ${fmtAgo(new Date(al.since).toISOString())})`))))));
      }
      clear(stats).append(
        stat('Dead letters', fmtNumber(a.dead), a.dead > 0 ? 'bad' : 'ok', '#/dead-letters'),
        stat('Open issues', fmtNumber(a.openIssues), a.openIssues > 0 ? 'bad' : 'ok', '#/issues'),
        stat('Retrying', fmtNumber(a.retrying), a.retrying > 0 ? 'warn' : 'ok', '#/events?status=failed'),
        stat('Waiting', fmtNumber(a.waiting), a.waiting > 0 ? 'warn' : 'ok', '#/events?status=waiting'),
        stat('Ready in queue', fmtNumber(a.ready), 'info', '#/events?status=queued'),
        stat('Oldest ready', a.oldestReadyAgeMillis > 0 ? fmtDuration(a.oldestReadyAgeMillis) : '–',
          a.oldestReadyAgeMillis > 60000 ? 'warn' : 'info', '#/events?status=queued'));
      charts.forEach(disposeChart);
      charts = [];
      clear(chartGrid);
      const times = bucketTimes(data);
      const perMinute = 60000 / data.bucketMillis;
      const sources = Object.keys(data.received);
      chartCard('Events received by source (per minute)', (box) => {
        if (!sources.length) return box.append(empty('No events in this window', 'Webhooks and events appear here as they arrive.'));
        charts.push(timeChart(box, times, sources.map((s, i) => ({
          label: s, values: data.received[s].map((v) => v * perMinute), color: color(i) }))));
      });
      const flows = Object.keys(data.settled);
      chartCard('Processed and failed by flow (per minute)', (box) => {
        if (!flows.length) return box.append(empty('Nothing processed in this window'));
        const series = [];
        flows.forEach((flow, i) => {
          const s = data.settled[flow];
          const zero = new Array(data.buckets).fill(0);
          series.push({ label: `${flow} done`, values: (s.succeeded || zero).map((v) => v * perMinute), color: color(i) });
          const failed = zero.map((_, j) => ((s.failed || zero)[j] + (s.dead || zero)[j]) * perMinute);
          series.push({ label: `${flow} failed`, values: failed, color: color(i), dash: [4, 4] });
        });
        charts.push(timeChart(box, times, series));
      });
      chartCard('Queue depth', (box) => {
        if (data.queue.length < 2) return box.append(empty('Collecting samples…', 'The node samples its queue every 5 seconds.'));
        const qt = data.queue.map((q) => q.at / 1000);
        charts.push(timeChart(box, qt, [
          { label: 'ready', values: data.queue.map((q) => q.ready) },
          { label: 'running', values: data.queue.map((q) => q.running) },
          { label: 'waiting', values: data.queue.map((q) => q.waiting) },
          { label: 'dead', values: data.queue.map((q) => q.dead) },
        ]));
      });
      chartCard('Oldest ready item (seconds)', (box) => {
        if (data.queue.length < 2) return box.append(empty('Collecting samples…'));
        charts.push(timeChart(box, data.queue.map((q) => q.at / 1000), [
          { label: 'age', values: data.queue.map((q) => q.oldestReadyAgeMillis / 1000), color: color(3) }]));
      });
      const budgets = Object.keys(data.budgets);
      chartCard('API budget left per connection', (box) => {
        if (!budgets.length) {
          return box.append(empty('No budget readings yet',
            'Budgets appear once a connector has talked to its API with budgets kept in the database. Per-call costs are in /metrics.'));
        }
        // Budgets appear in the samples at different times: align them on every sampled time.
        const at = [...new Set(budgets.flatMap((n) => data.budgets[n].map((l) => l.at)))].sort((x, y) => x - y);
        charts.push(timeChart(box, at.map((t) => t / 1000), budgets.map((name, i) => {
          const byTime = new Map(data.budgets[name].map((l) => [l.at, l.capacity ? (100 * l.left) / l.capacity : l.left]));
          return { label: name, values: at.map((t) => (byTime.has(t) ? byTime.get(t) : null)), color: color(i) };
        })));
      }, 'Shopify: % of the cost bucket available. Brightpearl: requests left in the window.');
      const throttled = Object.keys(data.throttles || {});
      chartCard('Throttles (per minute)', (box) => {
        const samples = throttled.flatMap((n) => data.throttles[n]);
        if (samples.length < 2) return box.append(empty('Collecting samples…', 'The node counts throttled answers per connection every 5 seconds.'));
        if (!samples.some((t) => t.count > 0)) {
          return box.append(empty('No throttled answers', 'No API answered THROTTLED, 429 or 503 to this node in this window.'));
        }
        const at = [...new Set(samples.map((t) => t.at))].sort((x, y) => x - y);
        const perMinute = 60000 / 5000;
        charts.push(timeChart(box, at.map((t) => t / 1000), throttled.map((name, i) => {
          const byTime = new Map(data.throttles[name].map((t) => [t.at, t.count * perMinute]));
          return { label: name, values: at.map((t) => (byTime.has(t) ? byTime.get(t) : null)), color: color(i) };
        })));
      }, 'Throttled answers (THROTTLED, 429, 503) this node got, per connection.');

      const c = data.connections;
      clear(health);
      if (!c.configured) {
        health.append(empty('No warehouse or stores configured', 'Add warehouse: and stores: to stockbridge.yaml.'));
      } else {
        const rows = [];
        if (c.warehouse) rows.push([h('strong', {}, `Brightpearl ${c.warehouse.account}`), 'warehouse', badge('active'), fmtAgo(c.warehouse.lastWebhook)]);
        for (const s of c.stores) {
          rows.push([h('strong', {}, s.name), `Shopify ${s.shop}`,
            h('span', {}, s.paused ? badge('paused') : badge('active'), ' ', s.shadow ? badge('shadow') : null),
            fmtAgo(s.lastWebhook)]);
        }
        health.append(table(['Connection', 'Kind', 'State', 'Last webhook'], rows));
      }
    }

    await load();
    return {
      refresh: load,
      dispose: () => charts.forEach(disposeChart),
    };
  },
};
