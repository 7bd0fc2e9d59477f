// Connections: the warehouse and each store, pause and resume, budgets, shadow writes.

import { api } from './api.js';
import { h, clear, badge, card, empty, errorBox, fmtAgo, fmtTime, toast, table } from './ui.js';

function budgetText(raw) {
  if (!raw) return 'no reading yet';
  try {
    const b = JSON.parse(raw);
    if (b.capacity !== undefined) return `${Math.round(b.available)} of ${Math.round(b.capacity)} points (restores ${b.restoreRate}/s)`;
    if (b.remaining !== undefined) return `${b.remaining} requests left in the window`;
  } catch (e) {
    // shown as unreadable below
  }
  return 'not readable';
}

// Brightpearl requests of the last minute by purpose, against the minute's budget.
function callsSplit(calls) {
  if (!calls) return 'no reading yet';
  const parts = [['orders', 'orders'], ['stock', 'stock reads'], ['other', 'other']];
  const used = parts.reduce((sum, [key]) => sum + (calls[key] || 0), 0);
  return h('span', { id: 'brightpearl-calls', dataset: { used: String(used), limit: String(calls.limit) } },
    parts.map(([key, label], i) => [i ? ', ' : '',
      h('span', { class: 'call-purpose', dataset: { purpose: key, count: String(calls[key] || 0) } }, `${label} ${calls[key] || 0}`)]),
    ` (${used} of ${calls.limit} a minute)`);
}

export default {
  title: 'Connections',
  async render(main, params, ctx) {
    const body = h('div', {});
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Connections')), body);
    const shadowCache = {};

    async function setPaused(button, scope, paused) {
      button.disabled = true;
      try {
        if (paused) await api.post('/api/pauses', { scope });
        else await api.del(`/api/pauses/${encodeURIComponent(scope)}`);
        toast(paused ? `${scope} paused` : `${scope} resumed`);
        await load();
      } catch (e) {
        toast(e.message, 'bad');
        button.disabled = false;
      }
    }

    async function load() {
      let c;
      try {
        c = await api.get('/ui/api/connections');
      } catch (e) {
        clear(body).append(errorBox(e));
        return;
      }
      clear(body);
      if (!c.configured) {
        body.append(card(null, empty('No warehouse or stores configured', 'Add warehouse: and stores: to stockbridge.yaml; see the README.')));
        return;
      }
      const grid = h('div', { class: 'grid-2' });
      body.append(grid);
      if (c.warehouse) {
        grid.append(card(`Warehouse · Brightpearl ${c.warehouse.account}`,
          h('dl', { class: 'facts' }, h('dt', {}, 'State'), h('dd', {}, badge('active')),
            h('dt', {}, 'API'), h('dd', { class: 'mono' }, c.warehouse.baseUrl),
            h('dt', {}, 'Last webhook'), h('dd', {}, fmtAgo(c.warehouse.lastWebhook)),
            h('dt', {}, 'Budget'), h('dd', {}, budgetText(c.warehouse.budget)),
            h('dt', {}, 'Calls, last minute'), h('dd', {}, callsSplit(c.warehouse.callsLastMinute)))));
      }
      for (const s of c.stores) {
        const shadowBox = h('div', {});
        const flowScopes = c.pauses.filter((p) => p.startsWith('flow:'));
        grid.append(card(`Store · ${s.name}`,
          h('dl', { class: 'facts' },
            h('dt', {}, 'State'), h('dd', {}, s.paused ? badge('paused') : badge('active'), ' ', s.shadow ? badge('shadow') : null),
            h('dt', {}, 'Shop'), h('dd', { class: 'mono' }, s.shop),
            h('dt', {}, 'Flows'), h('dd', {}, s.flows.join(', ')),
            h('dt', {}, 'Last webhook'), h('dd', {}, fmtAgo(s.lastWebhook)),
            h('dt', {}, 'Budget'), h('dd', {}, budgetText(s.budget)),
            flowScopes.length ? [h('dt', {}, 'Paused flows'), h('dd', {}, flowScopes.join(', '))] : null),
          ctx.operator ? h('div', { class: 'actions' }, h('button', {
            class: s.paused ? 'btn btn-primary' : 'btn', type: 'button', dataset: { action: s.paused ? 'resume' : 'pause' },
            onclick: (e) => setPaused(e.target, s.pauseScope, !s.paused) }, s.paused ? 'Resume' : 'Pause')) : null,
          s.shadow ? [h('h3', {}, 'Shadow writes'), shadowBox] : null));
        if (s.shadow) {
          api.get(`/api/stores/${encodeURIComponent(s.name)}/shadow-writes?limit=5`).then((w) => {
            shadowCache[s.name] = w.writes;
            clear(shadowBox).append(w.writes.length
              ? table(['At', 'Flow', 'Target'], w.writes.map((x) => [fmtTime(x.at), x.flow, h('span', { class: 'mono' }, x.target)]))
              : empty('No shadow writes yet'));
          }).catch((e) => clear(shadowBox).append(errorBox(e)));
        }
      }
    }

    await load();
    return { refresh: load };
  },
};
