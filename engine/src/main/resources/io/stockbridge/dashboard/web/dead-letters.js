// Dead letters (redrive) and bulk replay: a filter, the dry-run count, confirm, progress.

import { api, query } from './api.js';
import { h, clear, card, empty, errorBox, fmtTime, table, toast, progress, fmtNumber } from './ui.js';
import { STATUSES } from './events.js';

export function batchProgress(batch) {
  const s = batch.byStatus || {};
  const done = s.succeeded || 0;
  const bad = (s.failed || 0) + (s.dead || 0);
  const total = Math.max(batch.total || 0, Object.values(s).reduce((a, b) => a + b, 0));
  const pct = total ? Math.round((100 * (done + bad)) / total) : 0;
  return h('div', { class: 'batch', dataset: { batchId: batch.id } },
    h('div', { class: 'batch-head' }, h('strong', {}, batch.name), h('span', { class: 'muted' }, ` #${batch.id} · ${fmtTime(batch.createdAt)}`),
      h('span', { class: 'spacer' }), h('span', { class: 'batch-figures' }, `${fmtNumber(done)} done · ${fmtNumber(bad)} failed · ${fmtNumber(total)} total · ${pct}%`)),
    progress([['ok', done], ['bad', bad], ['info', total - done - bad]], total));
}

export default {
  title: 'Dead letters',
  async render(main, params, ctx) {
    const list = h('div', {});
    const kind = h('input', { placeholder: 'flow (e.g. stock.sync)', 'aria-label': 'Flow of the dead letters' });
    const filterForm = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(); } },
      kind, h('button', { class: 'btn', type: 'submit' }, 'Filter'));

    const bulk = {};
    const bulkStatus = h('select', { 'aria-label': 'Status to replay' },
      STATUSES.map((s) => h('option', { value: s, selected: s === 'dead' }, s)));
    for (const f of ['source', 'type', 'store', 'flow']) bulk[f] = h('input', { placeholder: f, 'aria-label': f });
    const bulkResult = h('div', { class: 'bulk-result', id: 'bulk-result' });
    const progressBox = h('div', {});
    let watchBatch = null;
    function bulkFilter() {
      const filter = { status: bulkStatus.value };
      for (const [f, input] of Object.entries(bulk)) if (input.value.trim()) filter[f] = input.value.trim();
      return filter;
    }
    async function dryRun(e) {
      e.preventDefault();
      const filter = bulkFilter();
      try {
        const answer = await api.post('/api/replays', { filter, dryRun: true });
        clear(bulkResult).append(h('p', {}, h('strong', { id: 'bulk-count' }, fmtNumber(answer.matching)), ' events match.'),
          answer.matching > 0 && ctx.operator
            ? h('button', { class: 'btn btn-danger', type: 'button', id: 'bulk-confirm', onclick: (ev) => confirm(ev.target, filter, answer.matching) },
              `Replay ${fmtNumber(answer.matching)} events`)
            : null);
      } catch (err) {
        clear(bulkResult).append(errorBox(err));
      }
    }
    async function confirm(button, filter, matching) {
      button.disabled = true;
      try {
        const answer = await api.post('/api/replays', { filter, confirm: matching });
        watchBatch = answer.batchId;
        clear(bulkResult).append(h('p', {}, `Replaying ${fmtNumber(answer.replayed)} events as batch #${answer.batchId}.`));
        await load();
      } catch (err) {
        clear(bulkResult).append(errorBox(err));
      }
    }
    const bulkForm = h('form', { class: 'filters', onsubmit: dryRun }, bulkStatus, Object.values(bulk),
      h('button', { class: 'btn', type: 'submit', id: 'bulk-dry-run' }, 'Count matching'));

    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Dead letters')),
      ctx.operator
        ? card('Bulk replay', h('p', { class: 'muted' }, 'Pick a filter, count what it matches, then confirm that count.'),
          bulkForm, bulkResult, progressBox)
        : null,
      card('Dead letters', filterForm, list));

    async function redrive(ids) {
      try {
        const answer = await api.post('/api/dead-letters/redrive', { ids });
        toast(`${answer.redriven} sent back to the queue`);
        await load();
      } catch (e) {
        toast(e.message, 'bad');
      }
    }

    async function load() {
      if (watchBatch) {
        const batch = (await api.get('/ui/api/batches')).batches.find((b) => b.id === watchBatch);
        clear(progressBox).append(batch ? batchProgress(batch) : null);
      }
      let data;
      try {
        data = await api.get(`/api/dead-letters${query({ kind: kind.value.trim(), limit: 100 })}`);
      } catch (e) {
        clear(list).append(errorBox(e));
        return;
      }
      clear(list);
      if (!data.deadLetters.length) {
        list.append(empty('No dead letters', 'Items that run out of attempts land here with their last error.'));
        return;
      }
      if (ctx.operator) {
        list.append(h('div', { class: 'actions' }, h('button', { class: 'btn', type: 'button',
          onclick: () => redrive(data.deadLetters.map((d) => d.id)) }, `Redrive all ${data.deadLetters.length} shown`)));
      }
      list.append(table(['Item', 'Event', 'Flow', 'Store', 'Attempts', 'Error', 'Died', ''],
        data.deadLetters.map((d) => [
          h('span', { class: 'mono' }, `#${d.id}`),
          d.eventId ? h('a', { href: `#/events/${d.eventId}`, class: 'mono' }, `#${d.eventId}`) : '–',
          d.kind, d.store || '–', String(d.attempts),
          h('span', { class: 'error-text' }, h('strong', { class: 'mono' }, d.errorType || ''), ' ', d.error || ''),
          fmtTime(d.diedAt),
          ctx.operator ? h('button', { class: 'btn btn-small', type: 'button', onclick: () => redrive([d.id]) }, 'Redrive') : '',
        ])));
    }

    await load();
    return { refresh: load };
  },
};
