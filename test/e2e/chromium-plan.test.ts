import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChromiumWithExtension } from './support/chromium';
import type { Sims } from './support/sims';
import { projectsResult, startChromiumWorld, type ChromiumWorld } from './support/world';
import { projectMismatches, tfsoData } from './support/checks';
import { OVERLAP_EXPECTED } from '../sim/seeds/overlap';

// Issue 7: a company with data on both sides. The first connection shows the plan in the options
// page, nothing is written before the admin confirms, and the confirmed plan is what happens.

let sims: Sims;
let ext: ChromiumWithExtension;
let world: ChromiumWorld;

beforeAll(async () => {
  world = await startChromiumWorld('overlap');
  ({ sims, ext } = world);
});
afterAll(async () => {
  await world?.close();
});

const writes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([op]) => /^(POST|PATCH|PUT|DELETE) |^Save|^Delete/.test(op))
    .reduce((n, [, v]) => n + v, 0);

async function planCount(page: Page, kind: string, col: string): Promise<number> {
  return Number(await page.locator(`#plan tr[data-kind="${kind}"] td[data-col="${col}"]`).getAttribute('data-count'));
}

describe('Chromium: the first-sync plan', () => {
  it('shows the plan on the first connection, writes nothing before the admin confirms, and the confirmed plan is what happens', async () => {
    const options = await ext.openOptions();
    await options.waitForSelector('[data-testid="plan-table"]', { timeout: 60_000 });
    expect(writes(sims.busy.counts()) + writes(sims.tfso.counts()), 'nothing written while planning').toBe(0);

    const figures = {
      customersLinked: await planCount(options, 'customer', 'link'),
      customersCreatedInBusy: await planCount(options, 'customer', 'createBusy'),
      projectsCreatedInBusy: await planCount(options, 'project', 'createBusy'),
      projectsCreatedInTfso: await planCount(options, 'project', 'createTfso'),
      projectDecisions: await planCount(options, 'project', 'decisions'),
    };
    expect(figures.customersLinked).toBeGreaterThanOrEqual(Object.keys(OVERLAP_EXPECTED.clients).length);
    expect(figures.projectDecisions).toBeGreaterThan(0);

    // The admin answers each open decision, as the seed's ground truth says.
    for (const [key, answer] of Object.entries(OVERLAP_EXPECTED.decisions)) {
      const select = options.locator(`select[id="decision-${key}"]`);
      await select.selectOption(`pick:${answer.pick}`);
      await expect.poll(() => select.inputValue()).toBe(`pick:${answer.pick}`);
    }
    // Answering re-reads the plan: the decisions are now links, still nothing written.
    await expect.poll(() => planCount(options, 'project', 'decisions'), { timeout: 30_000 }).toBe(0);
    expect(writes(sims.busy.counts()) + writes(sims.tfso.counts())).toBe(0);
    const confirmedFigures = {
      projectsCreatedInBusy: await planCount(options, 'project', 'createBusy'),
      projectsCreatedInTfso: await planCount(options, 'project', 'createTfso'),
      customersCreatedInBusy: await planCount(options, 'customer', 'createBusy'),
    };
    const before = {
      busyClients: sims.busy.state.clients.size,
      busyProjects: sims.busy.state.projects.size,
      tfsoProjects: tfsoData(sims).projects.length,
    };

    await options.click('#plan-confirm');
    await options.waitForSelector('[data-testid="plan-confirmed"]', { timeout: 30_000 });
    const popup = await ext.openPopup();
    await projectsResult(popup, '', 120_000);

    // The plan's figures are what happened, and nothing exists twice.
    expect(sims.busy.state.clients.size - before.busyClients).toBe(confirmedFigures.customersCreatedInBusy);
    expect(sims.busy.state.projects.size - before.busyProjects).toBe(confirmedFigures.projectsCreatedInBusy);
    expect(tfsoData(sims).projects.length - before.tfsoProjects).toBe(confirmedFigures.projectsCreatedInTfso);
    expect(projectMismatches(sims)).toEqual([]);
    for (const [busyId, tfsoId] of Object.entries(OVERLAP_EXPECTED.projects)) {
      expect(sims.busy.state.projects.get(busyId)!.externalId, `Busy project ${busyId}`).toBe(String(tfsoId));
    }
    for (const busyId of Object.keys(OVERLAP_EXPECTED.lookAlikes.projects)) {
      const ext24 = sims.busy.state.projects.get(busyId)!.externalId;
      const twin = tfsoData(sims).projects.find((p) => String(p.id) === ext24);
      expect(twin?.name, `look-alike ${busyId} kept apart`).toBe(sims.busy.state.projects.get(busyId)!.name);
    }
  });
});
