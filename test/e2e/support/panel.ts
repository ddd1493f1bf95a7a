import type { Page } from 'puppeteer-core';

/** Reads the extension's status panel (an open shadow root) on a Busy page. */
export async function panelState(page: Page): Promise<{ tfso: string | null; busy: string | null; text: string }> {
  return page.evaluate(() => {
    const root = document.querySelector('busy24so-panel')?.shadowRoot;
    const state = (s: string) => root?.querySelector(`[data-system="${s}"]`)?.getAttribute('data-state') ?? null;
    return { tfso: state('tfso'), busy: state('busy'), text: root?.textContent ?? '' };
  });
}

export async function panelCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('busy24so-panel').length);
}
