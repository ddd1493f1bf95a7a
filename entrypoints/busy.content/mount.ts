/** The host element's tag: one per page, whatever the page's scripts re-render. */
export const PANEL_TAG = 'busy24so-panel';

// Compact (it ships in every Busy page's content script): one rule a line.
const CSS = `
:host{all:initial;display:block}
:host(busy24so-panel){position:fixed;right:12px;bottom:12px;z-index:2147483646}
:host(busy24so-corner){position:fixed;left:12px;bottom:12px;z-index:2147483646}
.control,.panel{font:13px/1.4 system-ui,sans-serif;color:#1d2430;background:#fff;border:1px solid #c8ced6;border-radius:8px;padding:8px 12px}
.control{font-size:14px;margin:12px 0;background:#f7f9fb}
.panel{box-shadow:0 2px 8px rgba(0,0,0,.15);max-width:340px;max-height:70vh;overflow:auto}
h2{font-size:14px;margin:0 0 6px}
h3{font-size:12px;margin:6px 0 2px}
p{margin:3px 0}
.head{display:flex;justify-content:space-between;align-items:baseline;gap:12px}
.warn{color:#7a4b00}
.ok{color:#136f2e}
.bad,.error{color:#a4201b}
.muted{color:#5b6573;font-size:12px}
button{font:inherit;cursor:pointer}
button.link,a{background:none;border:none;color:#1a5fb4;text-decoration:underline;padding:0}
button:focus-visible,a:focus-visible{outline:2px solid #1a5fb4;outline-offset:2px}
button:disabled{opacity:.55;cursor:not-allowed}
button.primary{background:#1a5fb4;color:#fff;border:1px solid #1a5fb4;border-radius:4px;padding:3px 10px;font-weight:600}
.pill{font:600 12px/1 system-ui,sans-serif;border:1px solid #c8ced6;border-radius:14px;padding:6px 12px;background:#fff;color:#1d2430;box-shadow:0 2px 6px rgba(0,0,0,.15)}
.pill[data-severity="error"]{border-color:#a4201b}
.pill[data-severity="action"]{border-color:#b35c00}
.line{margin:2px 0}
.sync-row{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin:4px 0}
ul{margin:0;padding-left:16px}
.results{list-style:none;padding:0}
.items{list-style:none;padding:0;max-height:120px;overflow:auto}
.items li{padding:2px 6px;margin:2px 0;border-left:3px solid #4a6a8a}
.items li[data-severity="error"]{border-color:#a4201b}
.items li[data-severity="action"]{border-color:#b35c00}
.sev{font-size:10px;font-weight:700;text-transform:uppercase;margin-right:4px}
progress{width:100%}
`;

/** A host element with an open shadow root holding our styles and a root to render into. */
export function createShadowHost(doc: Document, tag: string): { host: HTMLElement; root: HTMLElement } {
  const host = doc.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const root = doc.createElement('div');
  shadow.append(style, root);
  return { host, root };
}

/**
 * Mounts `render` into an open shadow root on a host element appended to <html> (outside the
 * page's app root, so client-side re-rendering does not remove it). If the page removes it
 * anyway, it is put back; a second injection finds the first and does nothing.
 */
export function mountOnce(doc: Document, tag: string, renderInto: (root: HTMLElement) => void): HTMLElement | null {
  if (doc.querySelector(tag)) return null;
  const { host, root } = createShadowHost(doc, tag);
  doc.documentElement.append(host);
  renderInto(root);
  new MutationObserver(() => {
    if (!host.isConnected) doc.documentElement.append(host);
  }).observe(doc.documentElement, { childList: true });
  return host;
}
