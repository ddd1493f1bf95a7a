import type { browser as Browser } from 'wxt/browser';

// The content script's extension API: the browser's own, not webextension-polyfill.
// Why: the content script runs on every Busy page and must stay small (issue 6: ≤ 15 KB gzip); the
// polyfill was 3 KB of it and buys nothing there, since all it uses (runtime.sendMessage,
// runtime.id, i18n) is promise-based in Chrome MV3 and Firefox alike. The content script's build
// resolves `wxt/browser` to this file (wxt.config.ts), so WXT's own content-script runtime and
// utils/platform/i18n.ts use it too there; the background, popup and options keep the polyfill.
const g = globalThis as unknown as { browser?: typeof Browser; chrome?: typeof Browser };
export const browser: typeof Browser = g.browser?.runtime?.id ? g.browser : g.chrome!;

/** What a polyfill-wrapped listener (the background's) answers on Chrome when its promise rejects. */
interface PolyfillRejection {
  __mozWebExtensionPolyfillReject__: true;
  message: string;
}
const isPolyfillRejection = (x: unknown): x is PolyfillRejection =>
  typeof x === 'object' && x !== null && (x as Partial<PolyfillRejection>).__mozWebExtensionPolyfillReject__ === true;

/**
 * runtime.sendMessage as the polyfill's: resolves with the answer, rejects when there is no
 * receiver or the background's handler failed (the polyfill's rejection marker, as its own
 * sendMessage reads it).
 */
export async function sendMessage(message: unknown): Promise<unknown> {
  const answer: unknown = await browser.runtime.sendMessage(message);
  if (isPolyfillRejection(answer)) throw new Error(answer.message);
  return answer;
}
