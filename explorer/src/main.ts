import './style.css';
import { api, type Token } from './api.js';
import { h } from './dom.js';
import { formatTime } from './format.js';
import { accountPage, addressPage, keyPage } from './pages/account.js';
import { batchPage } from './pages/batch.js';
import type { PageContext, Rendered } from './pages/context.js';
import { batchesPage, overviewPage } from './pages/overview.js';
import { proversPage } from './pages/provers.js';
import { resolveSearch, searchPage } from './pages/search.js';
import { txPage } from './pages/tx.js';
import { parseRoute, type Route } from './router.js';

/** How often a live page is read again (polling: every read is a plain GET of the public API). */
const REFRESH_MS = 3_000;

let tokens: Token[] = [{ tokenId: 0, symbol: 'ETH', decimals: 18, address: null }];
let generation = 0;
let live = false;
let busy = false;

function render(route: Route, ctx: PageContext): Promise<Rendered> {
  const again = () => void show(false);
  switch (route.page) {
    case 'overview': return overviewPage(ctx);
    case 'batches': return batchesPage(route.before, ctx);
    case 'batch': return batchPage(route.batchNumber, ctx, again);
    case 'tx': return txPage(route.hash, ctx);
    case 'account': return accountPage(route.idx, route.before, ctx);
    case 'key': return keyPage(route.ax, route.ay, ctx);
    case 'address': return addressPage(route.ethAddr, ctx);
    case 'provers': return proversPage(ctx);
    case 'search': return searchPage(route.text);
    case 'not-found': return Promise.resolve({ title: 'not found', body: h('p', { class: 'error' }, `no page ${route.path}`), live: false });
  }
}

/** Replaces the page's content, keeping the keyboard focus and scroll position across a refresh. */
function swap(main: HTMLElement, page: Rendered, navigated: boolean): void {
  const focused = document.activeElement;
  const key = focused instanceof HTMLElement && main.contains(focused) ? focused.getAttribute('href') ?? focused.textContent : null;
  const scroll = window.scrollY;
  main.replaceChildren(h('h1', { id: 'page-title', tabindex: -1 }, page.title), page.body);
  document.title = `${page.title} · Modulo explorer`;
  // Which route is on screen (tests wait for it: a hash change re-renders without a page load).
  document.body.dataset.rendered = location.hash;
  if (navigated) {
    window.scrollTo(0, 0);
    (main.querySelector('#page-title') as HTMLElement).focus({ preventScroll: true });
    return;
  }
  window.scrollTo(0, scroll);
  if (key !== null) {
    const again = [...main.querySelectorAll<HTMLElement>('a, button')].find((el) => (el.getAttribute('href') ?? el.textContent) === key);
    again?.focus({ preventScroll: true });
  }
}

async function show(navigated: boolean): Promise<void> {
  const mine = ++generation;
  const main = document.getElementById('main')!;
  const status = document.getElementById('live')!;
  busy = true;
  try {
    const page = await render(parseRoute(location.hash), { tokens, now: Date.now() });
    if (mine !== generation) return;
    swap(main, page, navigated);
    live = page.live;
    status.textContent = live ? `live · updated ${formatTime(Date.now()).slice(11)}` : `updated ${formatTime(Date.now()).slice(11)}`;
    status.className = 'live ok';
  } catch (error) {
    if (mine !== generation) return;
    status.textContent = `the sequencer did not answer: ${(error as Error).message}`;
    status.className = 'live error';
    if (navigated) {
      main.replaceChildren(h('h1', { id: 'page-title', tabindex: -1 }, 'error'), h('p', { class: 'error' }, (error as Error).message));
      document.body.dataset.rendered = location.hash;
    }
  } finally {
    if (mine === generation) busy = false;
  }
}

function layout(): void {
  const input = h('input', { type: 'search', id: 'search', name: 'q', placeholder: 'tx hash, idx, L1 address, batch number…', 'aria-label': 'search: a tx hash, an idx, an L1 address, an L2 key (ax ay) or a batch number', autocomplete: 'off', spellcheck: 'false' });
  const message = h('span', { class: 'search-message', role: 'status' });
  const form = h('form', { role: 'search', class: 'search', onsubmit: (event: Event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    message.textContent = '';
    void resolveSearch(text).then((found) => {
      if ('go' in found) location.hash = found.go;
      else if ('choices' in found) location.hash = `#/search/${encodeURIComponent(text)}`;
      else message.textContent = found.error;
    }, (error: Error) => (message.textContent = error.message));
  } }, input, h('button', { type: 'submit' }, 'search'), message);
  document.body.replaceChildren(
    h('a', { href: '#main', class: 'skip', onclick: (e: Event) => { e.preventDefault(); document.getElementById('page-title')?.focus(); } }, 'skip to content'),
    h('header', {},
      h('div', { class: 'brand' }, h('a', { href: '#/' }, 'Modulo'), h('span', { class: 'muted' }, ' explorer')),
      h('nav', { 'aria-label': 'pages' }, h('a', { href: '#/' }, 'overview'), h('a', { href: '#/batches' }, 'batches'), h('a', { href: '#/provers' }, 'provers')),
      form),
    h('p', { id: 'live', class: 'live', role: 'status', 'aria-live': 'off' }, 'loading…'),
    h('main', { id: 'main' }),
    h('footer', {}, 'Reads the sequencer\'s public API (', h('a', { href: '/documentation' }, 'API docs'), '). Press / to search.'));
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}

layout();
window.addEventListener('hashchange', () => void show(true));
void api.tokens().then((t) => (tokens = t.tokens), () => undefined).finally(() => void show(true));
setInterval(() => {
  if (live && !busy && document.visibilityState === 'visible') void show(false);
}, REFRESH_MS);
