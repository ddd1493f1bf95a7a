import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumWithExtension } from './support/chromium';
import { startSims, type Sims } from './support/sims';
import { loginBoth } from './support/logins';

let sims: Sims;
let ext: ChromiumWithExtension | undefined;

beforeAll(async () => {
  sims = await startSims('demo');
});
afterAll(async () => {
  await sims?.close();
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

/** The system's card (options) or set-up step (popup, issue 17's checklist): both carry its state. */
const card = (page: Page, system: 'tfso' | 'busy') => page.locator(`[data-system="${system}"]`).first();

async function expectState(page: Page, system: 'tfso' | 'busy', state: string, timeout = 20_000) {
  await expect.poll(async () => card(page, system).getAttribute('data-state'), { timeout, interval: 250 }).toBe(state);
}

async function loginBothInTabs(c: ChromiumWithExtension) {
  const tab = await c.context.newPage();
  await loginBoth(tab, sims);
  await tab.close();
}

describe('Chromium: connections', () => {
  it('R1, R2: after logging in to both systems in tabs, the popup shows both connected and names the integration user', async () => {
    ext = await launchChromium();
    await loginBothInTabs(ext);
    const popup = await ext.openPopup();
    await expectState(popup, 'tfso', 'connected');
    await expectState(popup, 'busy', 'connected');
    const who = await popup.getByTestId('tfso-who').textContent();
    expect(who).toContain('Ola Hansen');
    expect(who).toMatch(/ContactId \d+/);
    expect(who).toContain('Fjordlys Rådgivning AS');
    expect(await popup.getByTestId('busy-who').textContent()).toContain('app.busy.localhost');
  });

  it('R2: the popup says "not logged in" with the way to log in, and recovers while open after logging in', async () => {
    ext = await launchChromium();
    const popup = await ext.openPopup();
    await expectState(popup, 'tfso', 'notLoggedIn');
    await expectState(popup, 'busy', 'notLoggedIn');
    expect(await card(popup, 'tfso').locator('a').getAttribute('href')).toBe(`${sims.tfso.api}/login`);
    expect(await card(popup, 'busy').locator('a').getAttribute('href')).toBe(`${sims.busy.web}/login`);

    await loginBothInTabs(ext);
    await expectState(popup, 'tfso', 'connected');
    await expectState(popup, 'busy', 'connected');
  });

  it('R2: sessions that expire while the popup is open are noticed', async () => {
    ext = await launchChromium();
    await loginBothInTabs(ext);
    const popup = await ext.openPopup();
    await expectState(popup, 'tfso', 'connected');
    await expectState(popup, 'busy', 'connected');
    sims.tfso.expireSessions();
    sims.busy.expireSessions();
    await expectState(popup, 'tfso', 'notLoggedIn', 25_000);
    await expectState(popup, 'busy', 'notLoggedIn', 25_000);
  });

  it('R1: the options page connects 24SO with username, password and ApplicationId, stores no password, and lets the admin choose the client', async () => {
    ext = await launchChromium();
    const options = await ext.openOptions();
    await options.fill('#tfso-username', sims.tfso.username);
    await options.fill('#tfso-password', sims.tfso.password);
    await options.fill('#tfso-application-id', sims.tfso.applicationId);
    await options.click('#tfso-connect');
    await expectState(options, 'tfso', 'connected');
    expect(await options.getByTestId('tfso-who').textContent()).toContain('Fjordlys Rådgivning AS');

    // Nothing the extension stored holds the password.
    const stored = await ext.worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> } } } }).chrome;
      return JSON.stringify(await api.storage.local.get(null));
    });
    expect(stored).toContain(sims.tfso.username);
    expect(stored).not.toContain(sims.tfso.password);

    // The session is on both service hosts (the webservices host got it through the cookies API).
    const cookies = await ext.context.cookies([sims.tfso.api, sims.tfso.webservices]);
    const session = cookies.filter((c) => c.name === 'ASP.NET_SessionId');
    expect(new Set(session.map((c) => c.domain))).toEqual(new Set(['api.24so.localhost', 'webservices.24so.localhost']));
    expect(new Set(session.map((c) => c.value)).size).toBe(1);

    // Two identities: choosing the second switches the integration to that client.
    await options.waitForSelector('#tfso-identity');
    const holding = await options.locator('#tfso-identity option', { hasText: 'Fjordlys Holding AS' }).getAttribute('value');
    await options.selectOption('#tfso-identity', holding!);
    await options.click('#tfso-use-identity');
    await expect.poll(async () => options.getByTestId('tfso-who').textContent(), { timeout: 15_000 }).toContain('Fjordlys Holding AS');
  });

  it('R2: wrong 24SO credentials give a plain error and no session', async () => {
    ext = await launchChromium();
    const options = await ext.openOptions();
    await options.fill('#tfso-username', sims.tfso.username);
    await options.fill('#tfso-password', 'wrong password');
    await options.fill('#tfso-application-id', sims.tfso.applicationId);
    await options.click('#tfso-connect');
    await expect
      .poll(async () => options.locator('form [role="alert"]').first().textContent(), { timeout: 15_000 })
      .toMatch(/ApplicationId/);
    await expectState(options, 'tfso', 'notLoggedIn');
  });
});
