import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { ChromiumWithExtension } from './support/chromium';
import type { Sims } from './support/sims';
import { markPlanConfirmed, projectsResult, startChromiumWorld, type ChromiumWorld } from './support/world';
import { userWithSubmittedHours } from './support/hours';

// Issue 5, accessibility: axe-core on the popup, the options page and the controls injected into
// Busy's pages (no serious or critical violation), and the popup usable by keyboard alone.

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** axe as a page script (DevTools evaluation is not bound by the extension's CSP), then run. */
async function axe(page: Page, context?: unknown): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(
    (ctx) =>
      (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown[] }> } }).axe.run(ctx ?? document, {
        resultTypes: ['violations'],
      }),
    context ?? null,
  )) as { violations: Violation[] };
  if (process.env.A11Y_VERBOSE)
    console.log(page.url(), JSON.stringify(result.violations.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target)])));
  return result.violations;
}

const serious = (vs: Violation[]) =>
  vs
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.html)
          .join(' | ')
          .slice(0, 300)}`,
    );

describe('axe-core: no serious or critical violation', () => {
  it('popup (connected, with the sync panel and hour overview)', async () => {
    const popup = await ext.openPopup();
    await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
    expect(serious(await axe(popup))).toEqual([]);
    await popup.close();
  });

  it('options page', async () => {
    const options = await ext.openOptions();
    await options.waitForSelector('input[name="transferMode"]', { timeout: 30_000 });
    await options.waitForTimeout(500); // the mapping table and log load from the background
    expect(serious(await axe(options))).toEqual([]);
    await options.close();
  });

  it('the status panel and the "send hours" control on a Busy approval page (ours only; the page is Busy\'s)', async () => {
    const options = await ext.openOptions();
    await options.check('input[name="transferMode"][value="on-approval"]');
    await options.waitForSelector('input[name="transferMode"][value="on-approval"]:checked');
    await options.close();
    const { userId } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    const page = await ext.context.newPage();
    await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    await page.locator('busy24so-send-hours').getByTestId('waiting').waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('busy24so-panel [data-system="busy"]').waitFor({ timeout: 20_000 });
    const ours = (await axe(page))
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => JSON.stringify(n.target).includes('busy24so-')) }))
      .filter((v) => v.nodes.length);
    expect(serious(ours)).toEqual([]);
    await page.close();
  });
});

describe('keyboard', () => {
  it('Tab reaches every control of the popup in document order, and Enter on "Hent prosjekter" starts the sync', async () => {
    const popup = await ext.openPopup();
    await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
    const controls = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [tabindex]')]
        .filter((el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.offsetParent !== null)
        .map((el, i) => {
          el.dataset.a11yOrder = String(i);
          return i;
        }),
    );
    expect(controls.length).toBeGreaterThanOrEqual(5);
    const reached: number[] = [];
    for (let i = 0; i < controls.length; i++) {
      await popup.keyboard.press('Tab');
      reached.push(await popup.evaluate(() => Number((document.activeElement as HTMLElement | null)?.dataset.a11yOrder ?? -1)));
    }
    expect(reached).toEqual(controls);

    // Every control has a name a screen reader can say.
    const unnamed = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, input, select, a[href]')]
        .filter((el) => !(el.getAttribute('aria-label') || el.textContent?.trim() || (el as HTMLInputElement).labels?.length))
        .map((el) => el.outerHTML),
    );
    expect(unnamed).toEqual([]);

    await popup.focus('#sync-projects');
    await popup.keyboard.press('Enter');
    await projectsResult(popup);
    await popup.close();
  });
});
