/** The host element's tag: one per page, whatever the page's scripts re-render. */
export const PANEL_TAG = 'busy24so-panel';

const CSS = `
:host { all: initial; display: block; }
:host(busy24so-panel) { position: fixed; right: 12px; bottom: 12px; z-index: 2147483646; }
.control { font: 14px/1.4 system-ui, sans-serif; color: #1d2430; border: 1px solid #c8ced6; border-radius: 8px;
  padding: 8px 12px; margin: 12px 0; background: #f7f9fb; }
.control h2 { font-size: 14px; margin: 0 0 6px; } .warn { color: #7a4b00; }
button.link { background: none; border: none; color: #1a5fb4; text-decoration: underline; cursor: pointer; padding: 0; }
.panel { font: 13px/1.4 system-ui, sans-serif; color: #1d2430; background: #fff; border: 1px solid #c8ced6;
  border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.15); padding: 8px 10px; max-width: 320px; }
.panel h2 { font-size: 13px; margin: 0 0 4px; }
.line { margin: 2px 0; }
.ok { color: #136f2e; } .bad { color: #a4201b; }
.card { margin-top: 6px; } .card h2 { font-size: 13px; margin: 0 0 4px; } .muted { color: #5b6573; font-size: 12px; }
.sync-row { display: flex; gap: 6px; align-items: center; margin: 4px 0; } .error { color: #a4201b; }
.warnings { margin: 0; padding-left: 16px; color: #7a4b00; max-height: 120px; overflow: auto; } h3 { font-size: 12px; margin: 6px 0 2px; }
button { font: inherit; }
button:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 2px; }
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
