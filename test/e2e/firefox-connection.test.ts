import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox } from './support/firefox';
import { startSims, type Sims } from './support/sims';
import { loginBusyInTab, loginTfsoInTab } from './support/logins';
import { panelCount, panelState } from './support/panel';

// Firefox refuses to let the driver open moz-extension:// pages, so these tests read what the
// extension shows on the (simulated) Busy web app: the panel its content script injects.

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

describe('Firefox: connections', () => {
  it('R2, then R1: not logged in anywhere, then logged in to both in tabs: the background sees both sessions and the integration user', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${sims.busy.web}/login`);
    await expect
      .poll(() => panelState(page), { timeout: 20_000, interval: 250 })
      .toMatchObject({ tfso: 'notLoggedIn', busy: 'notLoggedIn' });

    await loginBusyInTab(page, sims.busy.web, sims.busy.email, sims.busy.password);
    await expect.poll(() => panelState(page), { timeout: 20_000, interval: 250 }).toMatchObject({ tfso: 'notLoggedIn', busy: 'connected' });

    const other = await ff.browser.newPage();
    await loginTfsoInTab(other, sims.tfso.api, sims.tfso.username, sims.tfso.password);
    await other.close();

    await page.reload();
    await expect.poll(() => panelState(page), { timeout: 20_000, interval: 250 }).toMatchObject({ tfso: 'connected', busy: 'connected' });
    const { text } = await panelState(page);
    expect(text).toContain('Ola Hansen');
    expect(text).toContain('Fjordlys Rådgivning AS');
    expect(text).toMatch(/ContactId \d+/);
    expect(await panelCount(page)).toBe(1);
    await page.close();
  });

  it('R2: an expired 24SO session shows as "not logged in" and recovers after logging in again', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${sims.busy.web}/`);
    await expect.poll(() => panelState(page), { timeout: 20_000, interval: 250 }).toMatchObject({ tfso: 'connected' });
    sims.tfso.expireSessions();
    await page.reload();
    await expect.poll(() => panelState(page), { timeout: 20_000, interval: 250 }).toMatchObject({ tfso: 'notLoggedIn', busy: 'connected' });

    const other = await ff.browser.newPage();
    await loginTfsoInTab(other, sims.tfso.api, sims.tfso.username, sims.tfso.password);
    await other.close();
    await page.reload();
    await expect.poll(() => panelState(page), { timeout: 20_000, interval: 250 }).toMatchObject({ tfso: 'connected', busy: 'connected' });
    await page.close();
  });
});
