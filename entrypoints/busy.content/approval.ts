import { NAVIGATION_EVENTS, SELECTORS, readApprovalView } from '../../utils/busy-pages';
import { createShadowHost } from './mount';
import { createSendHoursControl, type SendHoursControl } from './send-hours';

export const CONTROL_TAG = 'busy24so-send-hours';

/**
 * Keeps the control next to the approval view through Busy's client-side navigation and
 * re-rendering: one host, placed after the view (which Busy replaces wholesale), shown with the
 * view the page shows now, removed when the page shows none.
 */
export function watchApprovalPages(doc: Document): void {
  let host: HTMLElement | null = null;
  let control: SendHoursControl | null = null;
  let shown = '';

  const update = () => {
    const anchor = doc.querySelector(SELECTORS.controlAnchor);
    const view = readApprovalView(doc);
    if (!anchor || !view) {
      if (host) {
        control!.close();
        host.remove();
        host = control = null;
        shown = '';
      }
      return;
    }
    if (!host || !host.isConnected) {
      control?.close();
      doc.querySelectorAll(CONTROL_TAG).forEach((el) => el.remove());
      const made = createShadowHost(doc, CONTROL_TAG);
      host = made.host;
      control = createSendHoursControl();
      made.root.append(control.el);
      shown = '';
    }
    if (anchor.nextElementSibling !== host) anchor.after(host);
    const key = JSON.stringify(view);
    if (key !== shown) {
      shown = key;
      control!.show(view);
    }
  };

  update();
  for (const ev of NAVIGATION_EVENTS) doc.addEventListener(ev, update);
  window.addEventListener('popstate', update);
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      update();
    });
  }).observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
}
