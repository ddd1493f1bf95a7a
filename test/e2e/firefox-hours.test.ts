import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchFirefox } from './support/firefox';
import { startSims, type Sims } from './support/sims';
import { loginBoth } from './support/logins';
import { tfsoData } from './support/checks';
import { tfsoHoursFor, userWithSubmittedHours } from './support/hours';

// Firefox: the same flow as in Chromium, driven through Busy's pages only (the driver cannot open
// extension pages), so it uses a sim build whose transfer mode is preset to "on approval".

const DIR = resolve('.output-sim-on-approval/firefox-mv2');
let sims: Sims;
let ff: Awaited<ReturnType<typeof launchFirefox>>;

beforeAll(async () => {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
    env: { ...process.env, SIM_BUILD: '1', SIM_TRANSFER_MODE: 'on-approval' },
    stdio: 'pipe',
  });
  sims = await startSims('demo');
  ff = await launchFirefox(DIR);
});
afterAll(async () => {
  await ff?.close();
  await sims?.close();
});

function shadow<T>(page: Page, tag: string, fn: string): Promise<T> {
  return page.evaluate(
    (t, src) => {
      const root = document.querySelector(t)?.shadowRoot;
      return root ? (new Function('root', `return (${src})(root)`) as (r: ShadowRoot) => unknown)(root) : null;
    },
    tag,
    fn,
  ) as Promise<T>;
}
const controlAttr = (page: Page, testId: string, attr: string) =>
  shadow<string | null>(
    page,
    'busy24so-send-hours',
    `(root) => root.querySelector('[data-testid="${testId}"]')?.getAttribute('${attr}') ?? null`,
  );

describe('Firefox: hours from the approval page', () => {
  it('R20, R22, R23: approved hours show as waiting; the control sends exactly those, on the right person; pressing again sends nothing', async () => {
    const page = await ff.browser.newPage();
    await loginBoth(page, sims);

    // Master data first, from the panel on Busy's pages ("Hent prosjekter").
    await expect
      .poll(() => shadow<boolean>(page, 'busy24so-panel', `(root) => !!root.querySelector('#sync-projects:not([disabled])')`), {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(true);
    // A real click (trusted input), as a person's: the extension ignores clicks from page scripts.
    await page.click('pierce/#sync-projects');
    await expect
      .poll(
        () =>
          shadow<boolean>(
            page,
            'busy24so-panel',
            `(root) => !!root.querySelector('[data-testid="result-project"]')?.getAttribute('data-at')`,
          ),
        { timeout: 90_000, interval: 500 },
      )
      .toBe(true);

    const { userId, contactId, entries } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    const toApprove = entries.slice(0, 2).map((e) => e.id);
    for (const id of toApprove) await page.click(`tr.hour-entry[data-hour-entry-id="${id}"] input.hour-entry-select`);
    await Promise.all([page.waitForNavigation(), page.click('#approve-selected')]);
    const waitingIds = [...sims.busy.state.hourEntries.values()]
      .filter(
        (e) =>
          e.userId === userId && e.isActive && e.approvalStatus === 'approved' && e.startTime >= '2026-11-16' && e.startTime < '2026-11-23',
      )
      .map((e) => e.id);
    expect(waitingIds).toEqual(expect.arrayContaining(toApprove));
    await expect
      .poll(() => controlAttr(page, 'waiting', 'data-entries'), { timeout: 30_000, interval: 250 })
      .toBe(String(waitingIds.length));

    const before = tfsoData(sims).hours.length;
    await page.click('pierce/#send-hours');
    await expect
      .poll(() => controlAttr(page, 'send-result', 'data-sent'), { timeout: 60_000, interval: 250 })
      .toBe(String(waitingIds.length));
    expect(tfsoData(sims).hours.length).toBe(before + waitingIds.length);
    for (const id of waitingIds) {
      const sent = tfsoHoursFor(sims, id);
      expect(sent, `Busy entry ${id}`).toHaveLength(1);
      expect(sent[0]!.contactId).toBe(contactId);
    }

    await page.reload();
    await expect.poll(() => controlAttr(page, 'waiting', 'data-entries'), { timeout: 30_000, interval: 250 }).toBe('0');
    expect(tfsoData(sims).hours.length).toBe(before + waitingIds.length);
    await page.close();
  });
});
