// Issues: failures grouped by cause, their status, and replaying what they affect.

import { api } from './api.js';
import { h, clear, badge, card, empty, errorBox, fmtTime, fmtAgo, fmtNumber, toast } from './ui.js';

const TRANSITIONS = { open: ['acknowledged', 'resolved', 'ignored'], acknowledged: ['resolved', 'ignored', 'open'],
  resolved: ['open'], ignored: ['open'] };
const VERB = { acknowledged: 'Acknowledge', resolved: 'Resolve', ignored: 'Ignore', open: 'Reopen' };

export default {
  title: 'Issues',
  async render(main, params, ctx) {
    const list = h('div', { class: 'issues' });
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Issues')),
      h('p', { class: 'muted' }, 'Failures grouped by flow, store, error type and message shape. A resolved issue reopens when it fails again.'),
      list);

    async function act(button, path, body, done) {
      button.disabled = true;
      try {
        const answer = await api.post(path, body);
        toast(done(answer));
        await load();
      } catch (e) {
        toast(e.message, 'bad');
        button.disabled = false;
      }
    }

    function issueCard(issue) {
      const actions = ctx.operator ? h('div', { class: 'actions' },
        issue.failingNow > 0 ? h('button', { class: 'btn btn-primary', type: 'button', dataset: { action: 'replay-issue' },
          onclick: (e) => act(e.target, `/ui/api/issues/${issue.fingerprint}/replay`, {},
            (a) => `${a.redriven} dead items sent back; ${a.alreadyRetrying} already retrying`) }, 'Replay all affected') : null,
        TRANSITIONS[issue.status].map((next) => h('button', { class: 'btn', type: 'button',
          onclick: (e) => act(e.target, `/ui/api/issues/${issue.fingerprint}/status`, { status: next }, () => `Issue ${next}`) }, VERB[next])))
        : null;
      return h('article', { class: 'card issue', dataset: { fingerprint: issue.fingerprint, status: issue.status } },
        h('div', { class: 'issue-head' }, badge(issue.status), h('strong', { class: 'mono' }, issue.errorType),
          h('span', { class: 'chip' }, issue.flow), issue.store ? h('span', { class: 'chip' }, issue.store) : null),
        h('p', { class: 'issue-shape mono' }, issue.messageShape),
        h('dl', { class: 'facts facts-inline' },
          h('dt', {}, 'First seen'), h('dd', {}, fmtTime(issue.firstSeen)),
          h('dt', {}, 'Last seen'), h('dd', {}, fmtAgo(issue.lastSeen)),
          h('dt', {}, 'Failures seen'), h('dd', {}, fmtNumber(issue.occurrences)),
          h('dt', {}, 'Failing now'), h('dd', {}, `${fmtNumber(issue.failingNow)} (${fmtNumber(issue.deadNow)} dead)`),
          issue.statusBy ? [h('dt', {}, 'Status by'), h('dd', {}, `${issue.statusBy}, ${fmtAgo(issue.statusAt)}`)] : null),
        issue.affectedEvents.length ? h('div', { class: 'affected' }, 'Affected: ',
          issue.affectedEvents.slice(0, 12).map((id) => h('a', { href: `#/events/${id}`, class: 'chip mono' }, `#${id}`)),
          issue.affectedEvents.length > 12 ? ` and ${issue.affectedEvents.length - 12} more` : null) : null,
        actions);
    }

    async function load() {
      let data;
      try {
        data = await api.get('/ui/api/issues');
      } catch (e) {
        clear(list).append(errorBox(e));
        return;
      }
      clear(list);
      if (!data.issues.length) {
        list.append(card(null, empty('No issues', 'Nothing has failed. Failures appear here grouped by cause.')));
        return;
      }
      list.append(...data.issues.map(issueCard));
    }

    await load();
    return { refresh: load };
  },
};
