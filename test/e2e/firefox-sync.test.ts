import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox } from './support/firefox';
import { startSims, type Sims } from './support/sims';
import { loginBoth } from './support/logins';
import { projectMismatches } from './support/checks';

// Firefox: the same full sync, started from the panel the extension puts on Busy's pages.

let sims: Sims;
let ff: Awaited<ReturnType<typeof launchFirefox>>;

beforeAll(async () => {
  sims = await startSims('demo');
  ff = await launchFirefox();
});
afterAll(async () => {
  await ff?.close();
  await sims?.close();
});

const inPanel = <T>(page: Page, fn: (root: ShadowRoot) => T) =>
  page.evaluate((src) => {
    const root = document.querySelector('busy24so-panel')?.shadowRoot;
    return root ? (new Function('root', `return (${src})(root)`) as (r: ShadowRoot) => unknown)(root) : null;
  }, fn.toString()) as Promise<T | null>;

describe('Firefox: master data sync', () => {
  it('R8, R6, R11: "Hent prosjekter" on a Busy page runs the full sync; every 24SO project is in Busy exactly once', async () => {
    const page = await ff.browser.newPage();
    await loginBoth(page, sims);
    expect(projectMismatches(sims).length).toBeGreaterThan(0);

    await expect
      .poll(() => inPanel(page, (root) => !!root.querySelector('#sync-projects:not([disabled])')), { timeout: 30_000, interval: 250 })
      .toBe(true);
    // A real click (trusted input), as a person's: the extension ignores clicks from page scripts.
    await page.click('pierce/#sync-projects');
    await expect
      .poll(() => inPanel(page, (root) => !!root.querySelector('[data-testid="result-project"]')?.getAttribute('data-at')), {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(true);
    expect(projectMismatches(sims)).toEqual([]);
    await page.close();
  });
});
