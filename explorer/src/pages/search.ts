import { api } from '../api.js';
import { h, link } from '../dom.js';
import { parseSearch, searchRoute } from '../search.js';
import type { Rendered } from './context.js';

/**
 * Where a search leads: straight to its page when the text says what it is; a bare number is looked up
 * as a batch and as an account idx, and the page lists what exists (or goes there when only one does).
 */
export async function resolveSearch(text: string): Promise<{ go: string } | { choices: Array<{ href: string; label: string }> } | { error: string }> {
  const q = parseSearch(text);
  const direct = searchRoute(q);
  if (direct !== null) return { go: direct };
  if (q.kind === 'invalid') return { error: `"${q.text}" is not a tx hash, an L1 address, an L2 key (ax ay), a batch number or an idx` };
  if (q.kind !== 'number') return { error: 'unreachable' };
  const named = await api.numbers(q.value);
  const choices = [
    ...(named.batch ? [{ href: `#/batch/${q.value}`, label: `batch ${q.value}` }] : []),
    ...(named.account ? [{ href: `#/account/${q.value}`, label: `account idx ${q.value}` }] : []),
  ];
  if (choices.length === 1) return { go: choices[0]!.href };
  if (choices.length === 0) return { error: `no batch ${q.value} and no account idx ${q.value}` };
  return { choices };
}

export async function searchPage(text: string): Promise<Rendered> {
  const found = await resolveSearch(text);
  if ('go' in found) {
    location.replace(found.go);
    return { title: 'search', body: h('p', {}, 'found'), live: false };
  }
  const body = 'error' in found
    ? h('p', { class: 'error' }, found.error)
    : h('div', {}, h('p', {}, `"${text}" is both:`), h('ul', {}, ...found.choices.map((c) => h('li', {}, link(c.href, c.label)))));
  return { title: `search: ${text}`, body, live: false };
}
