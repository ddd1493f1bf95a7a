import { browser } from 'wxt/browser';
import { createConnectionService } from '../utils/connection';
import { classifySender, handleRequest } from '../utils/requests';
import { browserCookies, browserFetch, browserSettingsStore } from '../utils/platform/browser';
import { STATUS_CHANGED } from '../utils/platform/messaging';
import { TFSO_SESSION_COOKIE } from '../utils/tfso/session';

// Wiring only: messages → handlers, cookie changes → a fresh status for open pages.
export default defineBackground(() => {
  const connection = createConnectionService({
    http: browserFetch,
    cookies: browserCookies,
    settings: browserSettingsStore,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });

  const announce = () => {
    // Nobody listening (no popup open) is normal.
    browser.runtime.sendMessage({ type: STATUS_CHANGED }).catch(() => undefined);
  };

  browser.runtime.onMessage.addListener(async (message, sender) => {
    const settings = await browserSettingsStore.get();
    const kind = classifySender(
      { id: sender.id, url: sender.url, fromTab: sender.tab !== undefined },
      browser.runtime.id,
      browser.runtime.getURL('/'),
      settings.urls.busyWeb,
    );
    return handleRequest(message, kind, { connection, settings: browserSettingsStore, onStatusChanged: announce });
  });

  // Logging in or out in a tab changes the session cookies: re-check so open pages follow.
  let pending: ReturnType<typeof setTimeout> | undefined;
  browser.cookies.onChanged.addListener(({ cookie }) => {
    if (cookie.name !== TFSO_SESSION_COOKIE && !/busy/i.test(cookie.name)) return;
    clearTimeout(pending);
    pending = setTimeout(() => void connection.check().then(announce, announce), 300);
  });
});
