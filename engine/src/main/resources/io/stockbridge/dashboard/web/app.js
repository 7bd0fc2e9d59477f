// The dashboard's shell: login, navigation by URL hash, live refresh of the page shown.

import { api, setCsrf } from './api.js';
import { h, clear, errorBox } from './ui.js';
import overview from './overview.js';
import events from './events.js';
import eventPage from './event.js';
import deadLetters from './dead-letters.js';
import issues from './issues.js';
import connections from './connections.js';
import reconciliations from './reconciliations.js';
import batches from './batches.js';

const PAGES = {
  overview, events, event: eventPage, 'dead-letters': deadLetters, issues, connections, reconciliations, batches,
};
const REFRESH_MS = 2000;

let session = null;
let current = null;
let refreshing = false;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '') || 'overview';
  const [path, queryString] = raw.split('?');
  const parts = path.split('/').filter(Boolean);
  const params = Object.fromEntries(new URLSearchParams(queryString || ''));
  if (parts[0] === 'events' && parts[1]) return { name: 'event', params: { ...params, id: parts[1] } };
  return { name: PAGES[parts[0]] ? parts[0] : 'overview', params };
}

async function show() {
  if (!session) return;
  if (current && current.dispose) current.dispose();
  const { name, params } = parseHash();
  const page = PAGES[name];
  for (const link of document.querySelectorAll('#nav a')) {
    const active = link.dataset.page === (name === 'event' ? 'events' : name);
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const main = clear(document.getElementById('main'));
  document.title = `${page.title} · Stockbridge`;
  main.dataset.page = name;
  delete main.dataset.ready;
  const context = { session, operator: session.role === 'operator' };
  try {
    current = await page.render(main, params, context);
  } catch (e) {
    main.append(errorBox(e));
    current = null;
  }
  main.dataset.ready = 'true';
}

async function refresh() {
  if (!current || !current.refresh || refreshing || document.hidden) return;
  refreshing = true;
  const live = document.getElementById('live');
  try {
    await current.refresh();
    live.classList.remove('live-error');
    live.title = `Updated ${new Date().toLocaleTimeString('en-GB')}`;
  } catch (e) {
    live.classList.add('live-error');
    live.title = e.message;
  } finally {
    refreshing = false;
  }
}

function showLogin(message) {
  session = null;
  document.getElementById('shell').hidden = true;
  document.getElementById('login').hidden = false;
  const error = document.getElementById('login-error');
  error.hidden = !message;
  error.textContent = message || '';
  document.getElementById('login-key').focus();
}

function showShell() {
  setCsrf(session.csrfToken);
  document.getElementById('login').hidden = true;
  document.getElementById('shell').hidden = false;
  const who = clear(document.getElementById('who'));
  who.append(h('span', { class: 'who-name' }, session.name), ' ', h('span', { class: `role role-${session.role}` }, session.role));
  show();
}

async function start() {
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = document.getElementById('login-key');
    const button = document.getElementById('login-submit');
    button.disabled = true;
    try {
      session = await api.post('/ui/login', { key: input.value });
      input.value = '';
      showShell();
    } catch (err) {
      showLogin(err.status === 401 ? 'That key is not valid.' : err.message);
    } finally {
      button.disabled = false;
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await api.post('/ui/logout');
    } finally {
      if (current && current.dispose) current.dispose();
      current = null;
      showLogin();
    }
  });
  window.addEventListener('hashchange', show);
  window.addEventListener('sb-unauthorized', () => {
    if (session) showLogin('Your session ended. Sign in again.');
  });
  setInterval(refresh, REFRESH_MS);
  try {
    session = await api.get('/ui/session');
    showShell();
  } catch (e) {
    showLogin();
  }
}

start();
