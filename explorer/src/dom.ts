/**
 * A tiny element builder: text is always set as text (never parsed as HTML), so nothing the sequencer
 * returns can inject markup.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'class') el.className = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

export function link(href: string, text: Child, attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', { href, ...attrs }, text);
}

/** A value that may be long (a hash, a field element): shown whole, breakable, selectable. */
export function mono(text: string, attrs: Attrs = {}): HTMLElement {
  return h('span', { class: 'mono', ...attrs }, text);
}

export function badge(status: string, title?: string): HTMLElement {
  return h('span', { class: `badge badge-${status}`, title: title ?? null }, status);
}

/** A definition list from [term, value] pairs. */
export function facts(rows: ReadonlyArray<readonly [string, Child]>): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** A table that scrolls sideways on a narrow screen instead of overflowing it. */
export function table(caption: string, head: readonly string[], rows: ReadonlyArray<readonly Child[]>, empty = 'none'): HTMLElement {
  if (rows.length === 0) return h('section', {}, h('h3', {}, caption), h('p', { class: 'muted' }, empty));
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))));
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', {}, h('h2', {}, title), ...children);
}
