// Who sent a message to the background: our popup, our options page, our content script on the
// configured Busy web app, or anyone else (refused). Pure: the background passes in the facts it
// reads from browser.runtime.

export type Sender = 'popup' | 'options' | 'content';
export type SenderKind = Sender | 'refused';

export interface SenderFacts {
  /** runtime.MessageSender.id */
  id?: string;
  /** runtime.MessageSender.url: the page (or frame) that sent it. */
  url?: string;
  /** True when it came from a tab: a content script, or one of our pages opened in a tab. */
  fromTab: boolean;
}

/** Our pages, by the path the build gives them. */
const PAGES: Readonly<Record<string, Sender>> = { '/popup.html': 'popup', '/options.html': 'options' };

/**
 * Only our own pages and our own content script on the configured Busy web app may ask.
 * Origins are compared as scheme://host:port strings built here: URL.origin is "null" for
 * non-special schemes (chrome-extension:, moz-extension:, data:) in spec-following engines, and
 * "null" === "null" must never let anyone in.
 */
export function classifySender(sender: SenderFacts, ownId: string, ownOrigin: string, busyWeb: string): SenderKind {
  if (sender.id !== ownId || !sender.url) return 'refused';
  const from = originOf(sender.url);
  if (from === null) return 'refused';
  // Our pages may sit in a tab too (options opens in one), so the origin and path decide, not the tab.
  if (from === originOf(ownOrigin)) return PAGES[new URL(sender.url).pathname] ?? 'refused';
  if (sender.fromTab && from === originOf(busyWeb)) return 'content';
  return 'refused';
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}
