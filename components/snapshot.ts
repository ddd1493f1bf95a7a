import { browser } from 'wxt/browser';

// The popup renders what it showed last time before it asks the background anything (issue 17:
// first render within 1.5× a blank page), then replaces it with the answers as they come. The
// snapshot holds answers that were validated when they arrived; it is kept per extension version
// (an update may change their shape) and in this page's localStorage (synchronous, so the first
// render needs no round trip). Nothing secret is in it: states, names, counts.

const KEY = 'popup.snapshot';

export function readSnapshot<T extends object>(): Partial<T> {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { v?: string; data?: Partial<T> } | null;
    return raw && raw.v === browser.runtime.getManifest().version && raw.data && typeof raw.data === 'object' ? raw.data : {};
  } catch {
    return {};
  }
}

export function writeSnapshot<T extends object>(data: T): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ v: browser.runtime.getManifest().version, data }));
  } catch {
    /* storage full or unavailable: the next popup just starts empty */
  }
}
