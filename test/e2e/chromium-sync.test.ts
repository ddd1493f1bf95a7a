import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumWithExtension } from './support/chromium';
import type { Sims } from './support/sims';
import { startChromiumWorld, type ChromiumWorld } from './support/world';
import { projectMismatches, tfsoData } from './support/checks';

let sims: Sims;
let ext: ChromiumWithExtension;
let world: ChromiumWorld;

beforeAll(async () => {
  world = await startChromiumWorld('demo');
  ({ sims, ext } = world);
});
afterAll(async () => {
  await world?.close();
});

describe('Chromium: master data sync from the popup', () => {
  it('R8, R3, R6: pressing "Hent prosjekter" brings every demo project into Busy (inactive as archived) and the popup shows when and with what result', async () => {
    expect(projectMismatches(sims).length).toBeGreaterThan(0); // the demo starts out of step
    const popup = await ext.openPopup();
    await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
    await popup.click('#sync-projects');
    const last = popup.getByTestId('last-projects');
    await expect.poll(async () => last.getAttribute('data-ok'), { timeout: 90_000, interval: 500 }).toBe('true');
    expect(await last.textContent()).toMatch(/\d+ (created|opprettet)/);

    expect(projectMismatches(sims)).toEqual([]);
    // R3: every 24SO customer is in Busy, once.
    for (const c of tfsoData(sims).companies.filter((c) => c.active)) {
      const mirrors = [...sims.busy.state.clients.values()].filter((b) => b.externalId === String(c.id));
      expect(mirrors.map((m) => m.name), `customer ${c.id}`).toEqual([c.name]);
    }
  });

  it('R11: pressing it again creates nothing', async () => {
    const projectsBefore = sims.busy.state.projects.size;
    const tfsoProjectsBefore = tfsoData(sims).projects.length;
    const popup = await ext.openPopup();
    await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
    const before = await popup.getByTestId('last-projects').textContent();
    await popup.click('#sync-projects');
    await expect.poll(async () => popup.getByTestId('last-projects').textContent(), { timeout: 60_000, interval: 500 }).not.toBe(before);
    await expect.poll(async () => popup.getByTestId('last-projects').getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
    expect(await popup.getByTestId('last-projects').textContent()).toMatch(/\b0 (created|opprettet)/);
    expect(sims.busy.state.projects.size).toBe(projectsBefore);
    expect(tfsoData(sims).projects.length).toBe(tfsoProjectsBefore);
  });
});
