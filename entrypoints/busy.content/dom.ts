// Plain DOM for the content script's small panels (issue 6: Preact alone was a quarter of the
// content script; the popup and options pages keep Preact). Elements are made once and updated in
// place, so a button keeps its focus and a click in progress while a poll redraws the panel, and
// an alert is not re-announced on every poll. Text only: never markup from strings.

type Attr = string | number | boolean | null | undefined | ((e: Event) => void);
export type Child = Node | string | number | null | undefined | false;

/** `h('p', { class: 'muted', onclick: f }, 'text', node)`: `on…` adds a listener, `false`/`null` leaves an attribute out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, Attr> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else setAttr(el, k, v);
  }
  el.append(...nodes(children));
  return el;
}

const nodes = (children: Child[]): (Node | string)[] =>
  children
    .filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false)
    .map((c) => (typeof c === 'number' ? String(c) : c));

/** Sets (or, for `false`/`null`/`undefined`, removes) an attribute, touching the DOM only on a change. */
export function setAttr(el: Element, name: string, value: Exclude<Attr, (e: Event) => void>): void {
  const next = value === false || value === null || value === undefined ? null : value === true ? '' : String(value);
  if (el.getAttribute(name) !== next) {
    if (next === null) el.removeAttribute(name);
    else el.setAttribute(name, next);
  }
}

/** Replaces an element's content with text and nodes, unless it already reads the same (text only). */
export function fill(el: Element, ...children: Child[]): void {
  const list = nodes(children);
  const sameText =
    list.every((c) => typeof c === 'string') &&
    [...el.childNodes].every((n) => n.nodeType === 3 /* text */) &&
    el.textContent === list.join('');
  if (!sameText) el.replaceChildren(...list);
}

/**
 * Makes `parent`'s children exactly `children` (falsy entries are left out) without moving the
 * ones that stay: the rest are removed, the missing ones inserted in place.
 */
export function place(parent: Element, ...children: (Node | null | undefined | false)[]): void {
  const want = children.filter((c): c is Node => !!c);
  const keep = new Set(want);
  for (const c of [...parent.childNodes]) if (!keep.has(c)) c.remove();
  let at = parent.firstChild;
  for (const n of want) {
    if (n === at) at = at.nextSibling;
    else parent.insertBefore(n, at);
  }
}
