// Batches (imports, full syncs, replays, reconciliations) with their progress.

import { api } from './api.js';
import { h, clear, card, empty, errorBox } from './ui.js';
import { batchProgress } from './dead-letters.js';

export default {
  title: 'Batches',
  async render(main) {
    const list = h('div', {});
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Batches')), card(null, list));

    async function load() {
      let data;
      try {
        data = await api.get('/ui/api/batches');
      } catch (e) {
        clear(list).append(errorBox(e));
        return;
      }
      clear(list);
      if (!data.batches.length) {
        list.append(empty('No batches yet', 'Full syncs, reconciliations, bulk replays and batched writes appear here.'));
        return;
      }
      list.append(...data.batches.map(batchProgress));
    }

    await load();
    return { refresh: load };
  },
};
