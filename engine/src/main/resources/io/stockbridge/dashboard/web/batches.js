// Batches (imports, full syncs, replays, reconciliations) with their live counts and state, and the
// per-store read models (the flattened category trees) with their live version.

import { api } from './api.js';
import { h, clear, card, empty, errorBox, badge, fmtNumber, fmtTime, fmtAgo, table, toast, progress } from './ui.js';

const STATE_TONE = { open: 'info', closed: 'warn', completed: 'ok', reference: 'muted' };

function batchRow(batch) {
  const done = batch.succeeded || 0;
  const bad = (batch.failed || 0) + (batch.dead || 0);
  const total = Math.max(batch.total || 0, batch.expected || 0);
  const ended = done + (batch.dead || 0);
  const pct = total ? Math.round((100 * ended) / total) : 0;
  const figures = batch.state === 'reference'
    ? `${fmtNumber(batch.expected || 0)} writes`
    : `${fmtNumber(done)} done · ${fmtNumber(batch.failed || 0)} failing · ${fmtNumber(batch.dead || 0)} dead · ${fmtNumber(batch.total || 0)} total · ${pct}%`;
  return h('div', { class: 'batch', dataset: { batchId: batch.id, state: batch.state } },
    h('div', { class: 'batch-head' },
      h('strong', {}, batch.name),
      h('span', { class: 'muted' }, ` #${batch.id} · ${batch.kind} · ${fmtTime(batch.createdAt)} `),
      badge(batch.state, STATE_TONE[batch.state]),
      batch.completedAt ? h('span', { class: 'muted' }, ` completed ${fmtAgo(batch.completedAt)}`) : null,
      h('span', { class: 'spacer' }),
      h('span', { class: 'batch-figures' }, figures)),
    batch.state === 'reference' ? null : progress([['ok', done], ['bad', bad], ['info', total - done - bad]], total));
}

function readModelsTable(models, reload) {
  if (!models.length) {
    return empty('No stores configured', 'Each configured store gets a read model of its category tree.');
  }
  return table(
    ['Store', 'Version', 'Built', 'Categories', 'Product rows', 'Build time', ''],
    models.map((m) => [
      m.store,
      m.version ? String(m.version) : badge('none', 'muted'),
      m.building ? badge('building', 'info') : (m.builtAt ? fmtAgo(m.builtAt) : '-'),
      fmtNumber(m.categories),
      fmtNumber(m.productRows),
      m.buildMillis == null ? '-' : `${fmtNumber(m.buildMillis)} ms`,
      h('button', {
        class: 'btn btn-small',
        type: 'button',
        onclick: async () => {
          try {
            await api.post(`/api/stores/${encodeURIComponent(m.store)}/categories/rebuild`);
            toast(`Rebuild of ${m.store} queued`);
            reload();
          } catch (e) {
            toast(e.message, 'bad');
          }
        },
      }, 'Rebuild'),
    ]),
    (i) => ({ dataset: { store: models[i].store } }));
}

export default {
  title: 'Batches',
  async render(main) {
    const list = h('div', {});
    const models = h('div', { id: 'read-models' });
    main.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Batches')),
      card(null, list),
      card('Read models', models));

    async function load() {
      let data;
      try {
        data = await api.get('/api/batches?limit=50');
      } catch (e) {
        clear(list).append(errorBox(e));
        return;
      }
      clear(list);
      if (!data.batches.length) {
        list.append(empty('No batches yet', 'Full syncs, reconciliations, bulk replays, API batches and batched writes appear here.'));
      } else {
        list.append(...data.batches.map(batchRow));
      }
      try {
        const rm = await api.get('/api/read-models');
        clear(models).append(readModelsTable(rm.readModels, load));
      } catch (e) {
        clear(models).append(errorBox(e));
      }
    }

    await load();
    return { refresh: load };
  },
};
