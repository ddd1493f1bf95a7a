// What most Chromium tests start from: both simulators on a seed, Chromium with the SIM build,
// and a person logged in to both systems in a tab (the sessions the extension then uses).
import type { ChromiumWithExtension } from './chromium';
import { launchChromium } from './chromium';
import { loginBoth } from './logins';
import { startSims, type Sims } from './sims';

export interface ChromiumWorld { sims: Sims; ext: ChromiumWithExtension; close(): Promise<void> }

export async function startChromiumWorld(seed: Parameters<typeof startSims>[0] = 'demo'): Promise<ChromiumWorld> {
  const sims = await startSims(seed);
  const ext = await launchChromium();
  const tab = await ext.context.newPage();
  await loginBoth(tab, sims);
  await tab.close();
  return {
    sims, ext,
    async close() {
      await ext.close();
      await sims.close();
    },
  };
}

/** "Hent prosjekter" in the popup, until its last run shows as done (hours need linked master data). */
export async function syncProjectsInPopup(ext: ChromiumWithExtension): Promise<void> {
  const popup = await ext.openPopup();
  await popup.click('#sync-projects');
  await popup.waitForSelector('[data-testid="last-projects"][data-ok="true"]', { timeout: 90_000 });
  await popup.close();
}
