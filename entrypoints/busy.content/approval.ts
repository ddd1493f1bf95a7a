import { NAVIGATION_EVENTS, SELECTORS, looksLikeApproval, readApprovalView } from '../../utils/domain/busy-pages';
import { createShadowHost } from './mount';
import { createSendHoursControl, viewSource, type SendHoursControl } from './send-hours';
import { createCornerControl, type CornerControl } from './corner';
import { request } from './request';

export const CONTROL_TAG = 'busy24so-send-hours';
export const CORNER_TAG = 'busy24so-corner';
/** Single-page apps change the address without an event a content script can hear: look this often. */
const URL_POLL_MS = 1_000;

/**
 * Keeps the control next to the approval view through Busy's client-side navigation and
 * re-rendering: one host, placed after the view (which Busy replaces wholesale), shown with the
 * view the page shows now, removed when the page shows none. Where the view cannot be read but the
 * address looks like approval (the admin's patterns, issue 14), the corner control instead.
 */
export function watchApprovalPages(doc: Document): void {
  let host: HTMLElement | null = null;
  let control: SendHoursControl | null = null;
  let shown = '';
  let corner: { host: HTMLElement; control: CornerControl; url: string } | null = null;
  /** Null until the background has said which paths look like approval. */
  let patterns: readonly string[] | null = null;

  const removeInline = () => {
    if (!host) return;
    control!.close();
    host.remove();
    host = control = null;
    shown = '';
  };
  const removeCorner = () => {
    if (!corner) return;
    corner.control.close();
    corner.host.remove();
    corner = null;
  };

  const update = () => {
    const anchor = doc.querySelector(SELECTORS.controlAnchor);
    const view = readApprovalView(doc);
    if (!anchor || !view) {
      removeInline();
      const url = location.href;
      if (!patterns || !looksLikeApproval(url, patterns)) return removeCorner();
      if (!corner?.host.isConnected) {
        removeCorner();
        doc.querySelectorAll(CORNER_TAG).forEach((el) => el.remove());
        const made = createShadowHost(doc, CORNER_TAG);
        const c = createCornerControl();
        made.root.append(c.el);
        // Outside the page's app root, so re-rendering the app does not remove it.
        doc.documentElement.append(made.host);
        corner = { host: made.host, control: c, url: '' };
      }
      if (corner.url !== url) {
        corner.url = url;
        corner.control.refresh();
      }
      return;
    }
    removeCorner();
    if (!host?.isConnected) {
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
      control!.show(viewSource(view));
    }
  };

  update();
  void request({ type: 'page/config' }).then((res) => {
    if (res.ok) patterns = res.data.approvalPaths;
    update();
  });
  for (const ev of NAVIGATION_EVENTS) doc.addEventListener(ev, update);
  window.addEventListener('popstate', update);
  let lastUrl = location.href;
  setInterval(() => {
    if (location.href !== lastUrl || (corner && !corner.host.isConnected)) {
      lastUrl = location.href;
      update();
    }
  }, URL_POLL_MS);
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
