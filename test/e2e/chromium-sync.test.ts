import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumWithExtension } from './support/chromium';
import type { Sims } from './support/sims';
import { markPlanConfirmed, projectsResult, startChromiumWorld, type ChromiumWorld } from './support/world';
import { projectMismatches, tfsoData } from './support/checks';

let sims: Sims;
let ext: ChromiumWithExtension;
let world: ChromiumWorld;

beforeAll(async () => {
  world = await startChromiumWorld('demo');
  ({ sims, ext } = world);
  await markPlanConfirmed(ext);
});
afterAll(async () => {
  await world?.close();
});

describe('Chromium: master data sync from the popup', () => {
  it('R8, R3, R6: pressing "Hent prosjekter" brings every demo project into Busy (inactive as archived) and the popup shows when and with what result', async () => {
    expect(projectMismatches(sims).length).toBeGreaterThan(0); // the demo starts out of step
    const popup = await ext.openPopup();
    await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
    const projectsBefore = sims.busy.state.projects.size + tfsoData(sims).projects.length;
    await popup.click('#sync-projects');
    await projectsResult(popup);
    // Issue 17: the projects line has the projects' own count (created on either side), not the whole run's.
    const line = popup.getByTestId('result-project');
    expect(await line.textContent()).toMatch(/\d+ (new|nye?)/);
    expect(Number(await line.getAttribute('data-created'))).toBe(
      sims.busy.state.projects.size + tfsoData(sims).projects.length - projectsBefore,
    );

    expect(projectMismatches(sims)).toEqual([]);
    // R3: every 24SO customer is in Busy, once.
    for (const c of tfsoData(sims).companies.filter((c) => c.active)) {
      const mirrors = [...sims.busy.state.clients.values()].filter((b) => b.externalId === String(c.id));
      expect(
        mirrors.map((m) => m.name),
        `customer ${c.id}`,
      ).toEqual([c.name]);
    }
  });

  it('R11: pressing it again creates nothing', async () => {
    const projectsBefore = sims.busy.state.projects.size;
    const tfsoProjectsBefore = tfsoData(sims).projects.length;
    const popup = await ext.openPopup();
    await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
    const before = (await popup.getByTestId('result-project').getAttribute('data-at')) ?? '';
    const changedBefore = await popup.getByTestId('result-project').getAttribute('data-changed-at');
    await popup.click('#sync-projects');
    await projectsResult(popup, before, 60_000);
    // Nothing changed: the line still names the earlier run that did change something.
    expect(await popup.getByTestId('result-project').getAttribute('data-changed-at')).toBe(changedBefore);
    expect(sims.busy.state.projects.size).toBe(projectsBefore);
    expect(tfsoData(sims).projects.length).toBe(tfsoProjectsBefore);
  });
});
