// Stopping an extension's service worker for real, through the DevTools protocol, as Chromium
// does when it decides the worker has been idle (or the user ends it in chrome://serviceworker-internals).
import type { BrowserContext, Page, Worker } from 'playwright-core';

/** Stops every service worker of the browser (ours is the only one): in-flight work dies with it. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The extension's worker as it runs now (a stopped one comes back on the next message or alarm). */
export async function currentWorker(context: BrowserContext, extensionId: string, wake?: () => Promise<unknown>): Promise<Worker> {
  const ours = () => context.serviceWorkers().filter((w) => w.url().includes(extensionId));
  for (let i = 0; i < 40; i++) {
    for (const w of ours().reverse()) {
      try {
        await w.evaluate(() => 1);
        return w;
      } catch {
        /* a stopped one: try the next */
      }
    }
    if (wake) await wake();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the extension service worker did not come back');
}

/** ISO week (YYYY-Www) of a UTC date, as Busy's approval pages name weeks. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
