// Reconciliation runs: drift found and fixed per store, with the corrections' batch.

import { api } from './api.js';
import { h, clear, badge, card, empty, errorBox, fmtTime, fmtNumber, progress, table, toast } from './ui.js';

function perStore(detail) {
  if (!detail || typeof detail !== 'object') return null;
  const stores = detail.stores && typeof detail.stores === 'object' ? detail.stores : detail;
  const rows = [];
  for (const [name, figures] of Object.entries(stores)) {
    if (figures && typeof figures === 'object' && !Array.isArray(figures)) {
      rows.push([name, fmtNumber(figures.checked), fmtNumber(figures.drifted), fmtNumber(figures.fixed), fmtNumber(figures.failed)]);
    }
  }
  return rows.length ? table(['Store', 'Checked', 'Drifted', 'Fixed', 'Failed'], rows) : null;
}

export default {
  title: 'Reconciliation',
  async render(main, params, ctx) {
    const list = h('div', {});
    const run = ctx.operator ? h('button', { class: 'btn btn-primary', type: 'button', onclick: async (e) => {
      e.target.disabled = true;
      try {
        const answer = await api.post('/api/reconciliations');
        toast(`Reconciliation #${answer.id} requested`);
        await load();
      } catch (err) {
        toast(err.message, 'bad');
      } finally {
        e.target.disabled = false;
      }
    } }, 'Reconcile now') : null;
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Reconciliation runs'), run), list);

    async function load() {
      let data;
      try {
        data = await api.get('/api/reconciliations?limit=30');
      } catch (e) {
        clear(list).append(errorBox(e));
        return;
      }
      clear(list);
      if (!data.reconciliations.length) {
        list.append(card(null, empty('No reconciliation runs yet', 'The nightly run and on-demand runs appear here with what drifted and what was fixed.')));
        return;
      }
      for (const r of data.reconciliations) {
        list.append(card(null,
          h('div', { class: 'issue-head' }, h('strong', {}, `Run #${r.id}`), badge(r.status),
            h('span', { class: 'chip' }, r.requestedBy), h('span', { class: 'muted' }, fmtTime(r.startedAt)),
            r.batchId ? h('a', { class: 'chip', href: `#/events?batch=${r.batchId}` }, `corrections: batch #${r.batchId}`) : null),
          h('p', {}, `${fmtNumber(r.checked)} checked · ${fmtNumber(r.drifted)} drifted · ${fmtNumber(r.fixed)} fixed · ${fmtNumber(r.failed)} failed`),
          r.drifted > 0 ? progress([['ok', r.fixed], ['bad', r.failed]], r.drifted) : null,
          perStore(r.detail)));
      }
    }

    await load();
    return { refresh: load };
  },
};
