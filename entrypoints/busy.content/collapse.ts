import { browser } from '../../utils/platform/native-browser';
import { t } from '../../utils/platform/i18n';
import { fill, h, place, setAttr } from './dom';

// Issue 17: the panels on Busy's pages collapse to a small pill (so they do not cover Busy's own
// content) and remember it, per panel, in the extension's storage (not the page's).

const KEY = 'ui.collapsed';

async function remembered(): Promise<Record<string, boolean>> {
  try {
    const v = (await browser.storage.local.get(KEY))[KEY] as unknown;
    return v && typeof v === 'object' ? (v as Record<string, boolean>) : {};
  } catch {
    return {};
  }
}

export interface Collapsible {
  /** The whole thing: the open panel or the pill. */
  el: HTMLElement;
  /** Where the panel's content goes. */
  body: HTMLElement;
  /** The pill's words (what it would say if opened: the state, a count). */
  setPill(text: string, severity: 'ok' | 'error' | 'action' | 'info'): void;
}

export function createCollapsible(id: string, title: string, testId: string, cls: string): Collapsible {
  let collapsed = false;
  const body = h('div', { id: `${id}-body` });
  const heading = h('h2', null, title);
  const hide = h(
    'button',
    { type: 'button', class: 'link collapse', 'aria-expanded': 'true', 'aria-controls': `${id}-body`, onclick: () => set(true) },
    t('collapse'),
  );
  const head = h('div', { class: 'head' }, heading, hide);
  const panel = h('section', { class: cls, 'aria-label': title, 'data-testid': testId }, head, body);
  const pillText = h('span');
  const pill = h(
    'button',
    { type: 'button', class: 'pill', 'aria-expanded': 'false', 'data-testid': `${testId}-pill`, onclick: () => set(false) },
    pillText,
  );
  const el = h('div', { 'data-collapsed': 'false' });

  const draw = () => {
    setAttr(el, 'data-collapsed', collapsed);
    place(el, collapsed ? pill : panel);
  };
  const set = (next: boolean) => {
    collapsed = next;
    draw();
    (collapsed ? pill : hide).focus();
    void remembered()
      .then((all) => browser.storage.local.set({ [KEY]: { ...all, [id]: collapsed } }))
      .catch(() => undefined);
  };
  draw();
  void remembered().then((all) => {
    if (all[id] === true && !collapsed) {
      collapsed = true;
      draw();
    }
  });
  return {
    el,
    body,
    setPill(text, severity) {
      setAttr(pill, 'aria-label', `${title}: ${text}`);
      setAttr(pill, 'data-severity', severity);
      fill(pillText, text);
    },
  };
}
