// Issue 13 end to end: two installations of the built extension (two Chromium profiles, two admins
// logged in to the same company) press "send hours" on the same approval page at the same moment:
// every approved hour reaches 24SO once. Both then know which installation runs the schedule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumWithExtension } from './support/chromium';
import { loginBoth } from './support/logins';
import { startSims, type Sims } from './support/sims';
import { tfsoData } from './support/checks';
import { tfsoHoursFor, userWithSubmittedHours } from './support/hours';
import { syncProjectsInPopup } from './support/world';
import { approveEntries } from '../sim/busy/orders';

let sims: Sims;
let a: ChromiumWithExtension;
let b: ChromiumWithExtension;

beforeAll(async () => {
  sims = await startSims('demo');
  [a, b] = await Promise.all([launchChromium(), launchChromium()]);
  for (const ext of [a, b]) {
    const tab = await ext.context.newPage();
    await loginBoth(tab, sims);
    await tab.close();
  }
  // The first admin fetches the master data; the second installation adopts it as it goes.
  await syncProjectsInPopup(a);
  await syncProjectsInPopup(b);
  for (const ext of [a, b]) {
    const options = await ext.openOptions();
    await options.check('input[name="transferMode"][value="on-approval"]');
    await options.waitForFunction(
      () => (document.querySelector('input[name="transferMode"][value="on-approval"]') as HTMLInputElement | null)?.checked === true,
    );
    await options.close();
  }
}, 240_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await sims?.close();
});

const control = (page: Page) => page.locator('busy24so-send-hours');

describe('issue 13: two installations of the extension', () => {
  it('each popup says which installation runs the schedule: one runs it, the other stands by naming it; "take over" moves it', async () => {
    const line = async (ext: ChromiumWithExtension) => {
      const popup = await ext.openPopup();
      await popup.waitForSelector('[data-testid="coordination"]', { timeout: 60_000 });
      return popup;
    };
    const [pa, pb] = await Promise.all([line(a), line(b)]);
    const rolesNow = () => Promise.all([pa, pb].map((p) => p.locator('[data-testid="coordination"]').getAttribute('data-role')));
    // The first heartbeats may find no runner yet (the register just made); the next decide.
    await expect.poll(async () => [...(await rolesNow())].sort(), { timeout: 120_000, interval: 1000 }).toEqual(['runner', 'standby']);
    const roles = await rolesNow();
    const standby = roles[0] === 'standby' ? pa : pb;
    const runner = standby === pa ? pb : pa;
    const text = (await standby.locator('[data-testid="coordination"]').textContent()) ?? '';
    expect(text).toMatch(/Chrom/); // the runner named: browser · person
    // Take over, confirmed: this browser runs the schedule now.
    await standby.locator('[data-testid="coordination"] button.link').click();
    await standby.locator('[data-testid="coordination"] button.primary').click();
    await expect.poll(() => standby.locator('[data-testid="coordination"]').getAttribute('data-role'), { timeout: 30_000 }).toBe('runner');
    void runner;
    await Promise.all([pa.close(), pb.close()]);
  }, 240_000);

  it('R22, R23: both admins press "send hours" on the same approval page at once: each approved hour reaches 24SO exactly once', async () => {
    const { userId, entries } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    approveEntries(
      sims.busy.state,
      entries.map((e) => e.id),
    );
    const waiting = [...sims.busy.state.hourEntries.values()]
      .filter(
        (e) =>
          e.userId === userId &&
          e.isActive &&
          e.approvalStatus === 'approved' &&
          e.startTime >= '2026-11-16' &&
          e.startTime < '2026-11-23' &&
          !e.externalId,
      )
      .map((e) => e.id);
    expect(waiting.length).toBeGreaterThan(1);
    const before = tfsoData(sims).hours.length;

    const pages = await Promise.all(
      [a, b].map(async (ext) => {
        const page = await ext.context.newPage();
        await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
        await expect
          .poll(() => control(page).getByTestId('waiting').getAttribute('data-entries'), { timeout: 30_000 })
          .toBe(String(waiting.length));
        return page;
      }),
    );
    // The same moment: both clicks dispatched together.
    await Promise.all(pages.map((p) => control(p).locator('#send-hours').click()));
    for (const p of pages) await control(p).getByTestId('send-result').waitFor({ state: 'visible', timeout: 60_000 });

    for (const id of waiting) expect(tfsoHoursFor(sims, id), `Busy entry ${id}`).toHaveLength(1);
    expect(tfsoData(sims).hours.length).toBe(before + waiting.length);
    // Between them, the two installations report every hour as sent once (the other found it sent).
    const sent = await Promise.all(pages.map(async (p) => Number(await control(p).getByTestId('send-result').getAttribute('data-sent'))));
    expect(sent.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(waiting.length);
    for (const p of pages) await p.close();
  }, 180_000);
});
