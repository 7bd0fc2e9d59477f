// Events: filters, search by id / SKU / product id, newest first, keyset paging.

import { api, query } from './api.js';
import { h, clear, badge, empty, errorBox, fmtTime, table } from './ui.js';

export const STATUSES = ['received', 'queued', 'processing', 'waiting', 'succeeded', 'failed', 'dead'];
const FIELDS = ['source', 'type', 'store', 'flow', 'batch'];

export function eventRows(events) {
  return events.map((e) => [
    h('a', { href: `#/events/${e.id}`, class: 'mono', dataset: { eventLink: e.id } }, `#${e.id}`),
    fmtTime(e.receivedAt), e.source, e.type, h('span', { class: 'mono' }, e.key || '–'), e.store || '–',
    badge(e.status), String(e.attempts), e.flow || '–']);
}

export const EVENT_COLUMNS = ['Event', 'Received', 'Source', 'Type', 'Key', 'Store', 'Status', 'Attempts', 'Flow'];

function toIso(local) {
  return local ? new Date(local).toISOString() : '';
}

export default {
  title: 'Events',
  async render(main, params) {
    const filter = { status: params.status || '', source: params.source || '', type: params.type || '',
      store: params.store || '', flow: params.flow || '', batch: params.batch || '', from: '', to: '' };
    let pages = [null];
    let searchTerm = params.q || '';
    const results = h('div', {});
    const inputs = {};
    const status = h('select', { name: 'status', 'aria-label': 'Status' },
      h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s, selected: s === filter.status }, s)));
    inputs.status = status;
    const fieldInputs = FIELDS.map((f) => {
      inputs[f] = h('input', { name: f, placeholder: f, value: filter[f], 'aria-label': f });
      return inputs[f];
    });
    inputs.from = h('input', { name: 'from', type: 'datetime-local', 'aria-label': 'From' });
    inputs.to = h('input', { name: 'to', type: 'datetime-local', 'aria-label': 'To' });
    const search = h('input', { id: 'event-search', type: 'search', value: searchTerm,
      placeholder: 'Event id, SKU, Brightpearl product id or order name', 'aria-label': 'Search events' });
    const searchForm = h('form', { class: 'search', onsubmit: (e) => { e.preventDefault(); searchTerm = search.value.trim(); pages = [null]; load(); } },
      search, h('button', { class: 'btn btn-primary', type: 'submit', id: 'event-search-go' }, 'Find'));
    const filterForm = h('form', { class: 'filters', onsubmit: (e) => {
      e.preventDefault();
      for (const f of Object.keys(filter)) filter[f] = inputs[f].value.trim();
      filter.from = toIso(inputs.from.value);
      filter.to = toIso(inputs.to.value);
      searchTerm = '';
      search.value = '';
      pages = [null];
      load();
    } }, status, fieldInputs, inputs.from, inputs.to, h('button', { class: 'btn', type: 'submit' }, 'Apply filters'));
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Events')), searchForm, filterForm, results);

    async function load() {
      let data;
      try {
        if (searchTerm) {
          data = await api.get(`/ui/api/find${query({ q: searchTerm, before: pages[pages.length - 1] })}`);
        } else {
          data = await api.get(`/api/events${query({ ...filter, limit: 50, before: pages[pages.length - 1] })}`);
        }
      } catch (e) {
        clear(results).append(errorBox(e));
        return;
      }
      clear(results);
      if (searchTerm) {
        results.append(h('p', { class: 'muted' }, data.matchedBy.length
          ? `Matched by ${data.matchedBy.join(', ')}` : `Nothing matches “${searchTerm}”.`));
      }
      if (!data.events.length) {
        results.append(empty(searchTerm ? 'No events found' : 'No events match these filters',
          searchTerm ? 'Searched event ids, whole keys, SKUs, Brightpearl product ids (also inside ID set ranges) and order names.' : 'Widen the filters or the time range.'));
        return;
      }
      results.append(table(EVENT_COLUMNS, eventRows(data.events)));
      {
        results.append(h('div', { class: 'pager' },
          h('button', { class: 'btn', type: 'button', disabled: pages.length === 1, onclick: () => { pages.pop(); load(); } }, '← Newer'),
          h('span', { class: 'muted' }, `Page ${pages.length}`),
          h('button', { class: 'btn', type: 'button', disabled: !data.nextBefore, onclick: () => { pages.push(data.nextBefore); load(); } }, 'Older →')));
      }
    }

    await load();
    return { refresh: load };
  },
};
