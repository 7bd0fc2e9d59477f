// One event: status timeline, errors with their causes, payload, related events, replay.

import { api, query } from './api.js';
import { h, clear, badge, card, empty, errorBox, fmtTime, fmtDuration, toast, table } from './ui.js';
import { eventRows, EVENT_COLUMNS } from './events.js';

function timeline(history) {
  if (!history.length) return empty('No history yet');
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  history.forEach((step, i) => {
    // A run lasts from its 'processing' step to the next step of the same flow (items of several
    // flows interleave in one history).
    const end = step.status === 'processing'
      ? history.slice(i + 1).find((s) => s.flow === step.flow && s.status !== 'processing')
      : null;
    const took = end ? new Date(end.at) - new Date(step.at) : null;
    list.append(h('li', { class: `step step-${step.status}`, dataset: { status: step.status, attempt: step.attempt ?? '' } },
      h('div', { class: 'step-head' }, badge(step.status), h('span', { class: 'step-time' }, fmtTime(step.at)),
        step.attempt ? h('span', { class: 'chip' }, `attempt ${step.attempt}`) : null,
        step.node ? h('span', { class: 'chip' }, `node ${step.node}`) : null,
        step.flow ? h('span', { class: 'chip' }, step.flow) : null,
        took !== null ? h('span', { class: 'chip' }, `took ${fmtDuration(took)}`) : null),
      step.detail ? h('div', { class: 'step-detail' }, step.detail) : null));
  });
  return list;
}

function causes(text) {
  if (!text) return null;
  let chain;
  try {
    chain = JSON.parse(text);
  } catch (e) {
    chain = String(text).split('\n');
  }
  if (!Array.isArray(chain)) chain = [JSON.stringify(chain)];
  return h('ol', { class: 'causes' }, chain.map((c) => h('li', { class: 'mono' }, typeof c === 'string' ? c : JSON.stringify(c))));
}

export default {
  title: 'Event',
  async render(main, params, ctx) {
    const id = params.id;
    const head = h('div', { class: 'page-head' });
    const meta = h('div', {});
    const timelineBox = h('div', {});
    const errors = h('div', {});
    const payload = h('div', {});
    const related = h('div', {});
    main.append(head, h('div', { class: 'grid-2' }, card('Details', meta), card('Timeline', timelineBox)),
      card('Errors', errors), card('Payload', payload), card('Related events', related));
    let relatedKey = null;

    async function replay(button) {
      button.disabled = true;
      try {
        await api.post(`/api/events/${id}/replay`);
        toast(`Event #${id} queued again`);
        await load();
      } catch (e) {
        toast(e.message, 'bad');
      } finally {
        button.disabled = false;
      }
    }

    async function load() {
      let event;
      try {
        event = await api.get(`/api/events/${encodeURIComponent(id)}`);
      } catch (e) {
        clear(head).append(h('h1', {}, `Event #${id}`));
        clear(meta).append(errorBox(e));
        return;
      }
      clear(head).append(h('h1', {}, `Event #${event.id} `, badge(event.status)),
        ctx.operator ? h('button', { class: 'btn btn-primary', id: 'replay', type: 'button', onclick: (e) => replay(e.target) }, 'Replay') : null);
      clear(meta).append(h('dl', { class: 'facts' }, [
        ['Source', event.source], ['Type', event.type], ['Key', event.key], ['Store', event.store], ['Flow', event.flow],
        ['Attempts', event.attempts], ['Trace id', event.traceId], ['Batch', event.batchId],
        ['Received', fmtTime(event.receivedAt)], ['Updated', fmtTime(event.updatedAt)], ['Payload', event.payloadStored],
      ].map(([k, v]) => [h('dt', {}, k), h('dd', { class: k === 'Trace id' || k === 'Key' ? 'mono' : '' },
        k === 'Batch' && v ? h('a', { href: `#/events?batch=${v}` }, `#${v}`) : (v ?? '–'))])));
      clear(timelineBox).append(timeline(event.history));
      const failures = (await api.get(`/ui/api/events/${event.id}/failures`)).failures;
      clear(errors).append(failures.length ? h('div', {}, failures.map((f) => h('div', { class: 'failure' },
        h('div', { class: 'failure-head' }, badge(f.state === 'ready' ? 'retrying' : f.state), h('strong', { class: 'mono' }, f.errorType),
          h('span', { class: 'chip' }, f.flow), f.store ? h('span', { class: 'chip' }, f.store) : null,
          h('span', { class: 'chip' }, `attempts ${f.attempts}`)),
        h('p', {}, f.error), causes(f.causes)))) : empty('No failures', 'Nothing about this event is failing now.'));
      clear(payload).append(event.payload.available
        ? h('pre', { class: 'payload' }, event.payload.json !== undefined ? JSON.stringify(event.payload.json, null, 2) : event.payload.text)
        : empty('Payload not stored', `It was ${event.payloadStored} by retention.`));
      if (relatedKey !== `${event.batchId}|${event.key}`) {
        relatedKey = `${event.batchId}|${event.key}`;
        const lists = [];
        if (event.batchId) lists.push(['Same batch', await api.get(`/api/events${query({ batch: event.batchId, limit: 10 })}`)]);
        if (event.key) lists.push([`Same key (${event.key})`, await api.get(`/api/events${query({ key: event.key, limit: 10 })}`)]);
        clear(related);
        for (const [title, data] of lists) {
          const others = data.events.filter((e) => e.id !== event.id);
          related.append(h('h3', {}, title), others.length ? table(EVENT_COLUMNS, eventRows(others)) : h('p', { class: 'muted' }, 'No other events.'));
        }
        if (!lists.length) related.append(empty('No related events', 'This event has no batch and no key.'));
      }
    }

    await load();
    return { refresh: load };
  },
};
