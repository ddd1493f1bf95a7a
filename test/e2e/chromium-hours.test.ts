import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChromiumWithExtension } from './support/chromium';
import type { Sims } from './support/sims';
import { startChromiumWorld, syncProjectsInPopup, type ChromiumWorld } from './support/world';
import { tfsoData } from './support/checks';
import { tfsoHoursFor, userWithSubmittedHours } from './support/hours';

let sims: Sims;
let ext: ChromiumWithExtension;
let world: ChromiumWorld;

beforeAll(async () => {
  world = await startChromiumWorld('demo');
  ({ sims, ext } = world);
  // Master data first: hours need linked projects and work types.
  await syncProjectsInPopup(ext);
});
afterAll(async () => {
  await world?.close();
});

const control = (page: Page) => page.locator('busy24so-send-hours');

describe('Chromium: hours from the approval page', () => {
  it('R19: until a mode is chosen the control sends nothing and asks for the choice', async () => {
    const page = await ext.context.newPage();
    const { userId } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    await control(page).getByTestId('mode-not-chosen').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await control(page).locator('#send-hours').count()).toBe(0);
    await page.close();
  });

  it('R20, R22, R23: approving hours makes the control show them waiting; pressing it puts exactly those into 24SO on the right person, project and work type; pressing again sends nothing', async () => {
    const options = await ext.openOptions();
    await options.check('input[name="transferMode"][value="on-approval"]');
    await expect.poll(() => options.locator('input[name="transferMode"][value="on-approval"]').isChecked()).toBe(true);
    await options.close();

    const { userId, contactId, entries } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    const page = await ext.context.newPage();
    await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    const toApprove = entries.slice(0, 2).map((e) => e.id);
    for (const id of toApprove) await page.check(`tr.hour-entry[data-hour-entry-id="${id}"] input.hour-entry-select`);
    await Promise.all([page.waitForNavigation(), page.click('#approve-selected')]);

    const waitingIds = [...sims.busy.state.hourEntries.values()]
      .filter(
        (e) =>
          e.userId === userId && e.isActive && e.approvalStatus === 'approved' && e.startTime >= '2026-11-16' && e.startTime < '2026-11-23',
      )
      .map((e) => e.id);
    expect(waitingIds).toEqual(expect.arrayContaining(toApprove));
    await expect
      .poll(() => control(page).getByTestId('waiting').getAttribute('data-entries'), { timeout: 20_000 })
      .toBe(String(waitingIds.length));

    const before = tfsoData(sims).hours.length;
    await control(page).locator('#send-hours').click();
    await expect
      .poll(() => control(page).getByTestId('send-result').getAttribute('data-sent'), { timeout: 30_000 })
      .toBe(String(waitingIds.length));
    expect(tfsoData(sims).hours.length).toBe(before + waitingIds.length);

    const projects = new Map([...sims.busy.state.projects.values()].map((p) => [p.id, p]));
    const tags = new Map([...sims.busy.state.tags.values()].map((t) => [t.id, t]));
    for (const id of waitingIds) {
      const entry = sims.busy.state.hourEntries.get(id)!;
      const sent = tfsoHoursFor(sims, id);
      expect(sent, `Busy entry ${id}`).toHaveLength(1);
      expect(sent[0]!.contactId).toBe(contactId);
      expect(String(sent[0]!.projectId)).toBe(projects.get(entry.projectId!)!.externalId);
      expect(String(sent[0]!.typeOfWorkId)).toBe(tags.get(entry.tagId!)!.externalId);
      expect(sent[0]!.totalHours).toBeCloseTo(entry.totalMinutes / 60, 6);
      expect(entry.externalId).toBe(String(sent[0]!.id));
    }

    // Again: nothing waits, nothing is sent.
    await page.reload();
    await expect.poll(() => control(page).getByTestId('waiting').getAttribute('data-entries'), { timeout: 20_000 }).toBe('0');
    expect(await control(page).locator('#send-hours').isDisabled()).toBe(true);
    expect(tfsoData(sims).hours.length).toBe(before + waitingIds.length);
    await page.close();
  });

  it("R23: the control follows the page's client-side navigation and is never injected twice", async () => {
    const { userId } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    const page = await ext.context.newPage();
    await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    await control(page).getByTestId('waiting').waitFor({ state: 'visible', timeout: 20_000 });
    await page.click('#period-prev');
    await expect.poll(() => page.locator('#approval-view').getAttribute('data-week')).toBe('2026-W46');
    await expect.poll(() => control(page).count()).toBe(1);
    await control(page).getByTestId('waiting').waitFor({ state: 'visible', timeout: 20_000 });
    await page.goBack();
    await expect.poll(() => page.locator('#approval-view').getAttribute('data-week'), { timeout: 10_000 }).toBe('2026-W47');
    await expect.poll(() => control(page).count()).toBe(1);
    await page.close();
  });
});
