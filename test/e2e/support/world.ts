// What most Chromium tests start from: both simulators on a seed, Chromium with the SIM build,
// and a person logged in to both systems in a tab (the sessions the extension then uses).
import type { Page } from 'playwright-core';
import type { ChromiumWithExtension } from './chromium';
import { launchChromium } from './chromium';
import { loginBoth } from './logins';
import { startSims, type Sims } from './sims';

export interface ChromiumWorld {
  sims: Sims;
  ext: ChromiumWithExtension;
  close(): Promise<void>;
}

export async function startChromiumWorld(seed: Parameters<typeof startSims>[0] = 'demo'): Promise<ChromiumWorld> {
  const sims = await startSims(seed);
  const ext = await launchChromium();
  const tab = await ext.context.newPage();
  await loginBoth(tab, sims);
  await tab.close();
  return {
    sims,
    ext,
    async close() {
      await ext.close();
      await sims.close();
    },
  };
}

/**
 * The admin confirmed the first-sync plan earlier: where a test is not about the plan, it starts
 * from there (the popup offers its fetch buttons only once the plan is confirmed, issue 17).
 * Written into the extension's storage from one of its pages, as the options page would.
 */
export async function markPlanConfirmed(ext: ChromiumWithExtension): Promise<void> {
  const page = await ext.openPopup();
  await page.evaluate(async () => {
    type Api = {
      runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> };
      storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: unknown): Promise<void> } };
    };
    const c = (globalThis as unknown as { chrome: Api }).chrome;
    const view = (await c.runtime.sendMessage({ type: 'settings/get' })).data;
    const stored = ((await c.storage.local.get('settings')).settings as Record<string, unknown> | undefined) ?? {
      version: 1,
      urls: view.urls,
      tfso: { applicationId: null, username: null, identityId: null },
      busy: { token: null },
      transferMode: view.transferMode,
      userOverrides: {},
      plan: { confirmed: false, decisions: {} },
      approvalPaths: view.approvalPaths,
    };
    await c.storage.local.set({ settings: { ...stored, plan: { ...(stored.plan as object), confirmed: true } } });
  });
  await page.close();
}

/** Waits until the popup shows a finished run that covered projects, newer than `after` (ISO). */
export async function projectsResult(popup: Page, after = '', timeout = 90_000): Promise<string> {
  const at = await popup.waitForFunction(
    (a) => {
      const el = document.querySelector('[data-testid="result-project"]');
      const v = el?.getAttribute('data-at') ?? '';
      return v !== '' && v > a && !document.querySelector('[data-testid="sync-progress"]') ? v : null;
    },
    after,
    { timeout, polling: 250 },
  );
  return (await at.jsonValue()) as string;
}

/** "Hent prosjekter" in the popup (the plan confirmed earlier), until its run shows as done (hours need linked master data). */
export async function syncProjectsInPopup(ext: ChromiumWithExtension): Promise<void> {
  await markPlanConfirmed(ext);
  const popup = await ext.openPopup();
  await popup.click('#sync-projects');
  await projectsResult(popup);
  await popup.close();
}
