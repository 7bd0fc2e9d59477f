// Small DOM helpers: elements from data (text only, never HTML), formats, shared states.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'style') Object.assign(el.style, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fmtNumber(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-GB');
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

export function fmtAgo(iso) {
  if (!iso) return 'never';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}

const STATUS_TONE = {
  succeeded: 'ok', resolved: 'ok', live: 'ok', active: 'ok', completed: 'ok',
  failed: 'bad', dead: 'bad', open: 'bad', paused: 'warn',
  waiting: 'warn', acknowledged: 'warn', shadow: 'info', retrying: 'warn',
  processing: 'info', queued: 'info', received: 'muted', running: 'info', ignored: 'muted',
  requested: 'info',
};

export function badge(text, tone) {
  return h('span', { class: `badge badge-${tone || STATUS_TONE[text] || 'muted'}` }, text);
}

export function empty(title, hint) {
  return h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, title), hint ? h('p', {}, hint) : null);
}

export function errorBox(error) {
  return h('div', { class: 'error-box', role: 'alert' },
    h('strong', {}, error.status === 403 ? 'Not allowed' : 'Could not load this'),
    h('p', {}, error.message || String(error)));
}

export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, ...body);
}

export function table(columns, rows, rowAttrs) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.map((cells, i) => h('tr', rowAttrs ? rowAttrs(i) : {}, cells.map((c) => h('td', {}, c)))))));
}

export function toast(message, tone) {
  const el = h('div', { class: `toast toast-${tone || 'ok'}`, role: 'status' }, message);
  document.body.append(el);
  setTimeout(() => el.remove(), 4000);
}

export function progress(parts, total) {
  const bar = h('div', { class: 'progress', role: 'progressbar' });
  let done = 0;
  for (const [tone, count] of parts) {
    if (!count) continue;
    const width = total > 0 ? Math.min(100, (100 * count) / total) : 0;
    bar.append(h('span', { class: `progress-${tone}`, style: { width: `${width}%` }, title: `${count}` }));
    done += count;
  }
  bar.setAttribute('aria-valuenow', String(total > 0 ? Math.round((100 * done) / total) : 0));
  return bar;
}
