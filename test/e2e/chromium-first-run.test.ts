import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumWithExtension } from './support/chromium';
import { startSims, type Sims } from './support/sims';
import { loginBoth, loginTfsoInTab } from './support/logins';
import { projectMismatches, tfsoData } from './support/checks';
import { tfsoHoursFor, userWithSubmittedHours } from './support/hours';
import { projectsResult } from './support/world';
import { axeViolations, firstBlock, msg, popupHeight, shot, stem, TECHNICAL, visibleText, type Lang } from './support/ui';
import { approveEntries } from '../sim/busy/orders';
import { createNodeFetch } from '../../cli/node-fetch';

// Issue 17, "Done means": the first run from a fresh install to the first hours sent, in English and
// in Norwegian (Debian's chromium-l10n gives Chromium its Norwegian UI): each connection state in
// its own words with its way out, the popup within 600 px and what needs attention first, each
// kind's own result, a refused token named as such, no warning that names an HTTP method or path,
// axe clean on every screen. Issue 14's corner control on Busy's plain-markup pages sends exactly
// the waiting hours, once. Screenshots of each state go to docs/screenshots/<lang>/ (the README's).

const POPUP = { width: 400, height: 600 };

describe.each([
  ['en', 'en-US'],
  ['nb', 'nb-NO'],
] as const)('Chromium, first run (%s)', (lang: Lang, locale) => {
  let sims: Sims;
  let ext: ChromiumWithExtension;
  let popup: Page;
  let options: Page;

  beforeAll(async () => {
    sims = await startSims('demo');
    ext = await launchChromium({ language: locale });
    popup = await ext.openPopup();
    await popup.setViewportSize(POPUP);
  });
  afterAll(async () => {
    await ext?.close();
    await sims?.close();
  });

  const step = (system: string) => popup.locator(`[data-step="${system}"]`);
  const state = (page: Page, system: 'tfso' | 'busy') => page.locator(`[data-system="${system}"]`).first().getAttribute('data-state');
  const recheck = async (system: 'tfso' | 'busy', expected: string) => {
    await popup.click('#recheck');
    await expect.poll(() => state(popup, system), { timeout: 20_000, interval: 200 }).toBe(expected);
  };
  /** Every popup state: within 600 px, no technical words, axe clean; then its picture. */
  const checkPopup = async (name: string) => {
    expect(await popupHeight(popup), `${name}: popup height`).toBeLessThanOrEqual(600);
    expect(await popup.locator('.popup .primary').count(), `${name}: one primary action at most`).toBeLessThanOrEqual(1);
    expect(await visibleText(popup), `${name}: words a person reads`).not.toMatch(TECHNICAL);
    expect(await axeViolations(popup), `${name}: axe`).toEqual([]);
    await shot(popup.locator('.popup'), lang, `popup-${name}`);
  };
  const openOptions = async () => {
    options ??= await ext.openOptions();
    await options.setViewportSize({ width: 900, height: 1200 });
    return options;
  };

  it('a fresh install: the set-up checklist, each system "not logged in" with the login page as its way out', async () => {
    await expect.poll(() => state(popup, 'tfso'), { timeout: 20_000 }).toBe('notLoggedIn');
    await expect.poll(() => state(popup, 'busy'), { timeout: 20_000 }).toBe('notLoggedIn');
    expect(await step('tfso').textContent()).toContain(stem(lang, 'adviceNotLoggedInTfso'));
    expect(await step('tfso').locator('a').getAttribute('href')).toBe(`${sims.tfso.api}/login`);
    expect(await step('tfso').locator('a').textContent()).toBe(msg(lang, 'wayLogInTfso'));
    expect(await step('busy').locator('a').getAttribute('href')).toBe(`${sims.busy.web}/login`);
    // The plan cannot be reviewed before both are connected, and says why; no fetch buttons yet.
    expect(await step('plan').locator('button').isDisabled()).toBe(true);
    expect(await step('plan').textContent()).toContain(msg(lang, 'stepNeedsConnections'));
    expect(await popup.locator('#sync-projects').count()).toBe(0);
    expect(await popup.locator('[data-step="tfso"][aria-current="step"]').count()).toBe(1);
    await checkPopup('01-first-run');

    const o = await openOptions();
    await o.waitForSelector('#tfso-username');
    expect(await axeViolations(o), 'options, first run: axe').toEqual([]);
    await shot(o, lang, 'options-01-first-run');
  });

  it('a Busy token Busy refuses is named as refused by its field and not saved; an accepted one is "accepted and saved"', async () => {
    const o = await openOptions();
    await o.fill('#busy-token', 'not-the-token');
    await o.click('#save-busy-token');
    const result = o.getByTestId('busy-token-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 20_000 }).toBe('false');
    expect(await result.textContent()).toContain(msg(lang, 'errTokenRefused'));
    expect(await result.textContent()).toContain(msg(lang, 'tokenNotSaved'));
    expect(await o.locator('#busy-token').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => state(o, 'busy')).toBe('notLoggedIn');
    // The scopes the token needs are said by the field (issue 14).
    expect(await o.getByTestId('busy-token-scopes').textContent()).toMatch(/users:read|projects:read/);
    expect(await axeViolations(o), 'options, token refused: axe').toEqual([]);
    await shot(o.locator('#step-busy'), lang, 'options-02-token-refused');

    await o.fill('#busy-token', sims.busy.token);
    await o.click('#save-busy-token');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 20_000 }).toBe('true');
    expect(await result.textContent()).toBe(msg(lang, 'tokenAccepted'));
    await expect.poll(() => state(o, 'busy'), { timeout: 20_000 }).toBe('connected');
  });

  it('a stored token Busy stops accepting is "token refused" (not "not logged in"), and its way out is a new token', async () => {
    const good = sims.busy.state.token;
    sims.busy.state.token = 'rotated-by-the-admin';
    try {
      await recheck('busy', 'tokenRefused');
      expect(await step('busy').textContent()).toContain(msg(lang, 'adviceTokenRefused'));
      const way = step('busy').locator('button[data-way="step-busy"]');
      expect(await way.textContent()).toBe(msg(lang, 'wayNewToken'));
      await checkPopup('02-token-refused');
    } finally {
      sims.busy.state.token = good;
    }
    await recheck('busy', 'connected');
  });

  it('logged in to both in tabs: both connected, naming the integration user and the client', async () => {
    const tab = await ext.context.newPage();
    await loginBoth(tab, sims);
    await tab.close();
    await recheck('tfso', 'connected');
    await recheck('busy', 'connected');
    expect(await popup.getByTestId('tfso-who').textContent()).toContain('Ola Hansen');
    expect(await popup.getByTestId('tfso-who').textContent()).toContain('Fjordlys Rådgivning AS');
    await checkPopup('03-connected');
  });

  it('Busy not answering: "unreachable" naming the address\'s host, "check again" as the way out', async () => {
    sims.busy.faults.add({ op: '*', kind: 'lostAnswer', count: 50 });
    try {
      await recheck('busy', 'unreachable');
      expect(await step('busy').textContent()).toContain(msg(lang, 'adviceUnreachableBusy', [new URL(sims.busy.api).host]));
      expect(await step('busy').locator('button[data-way="recheck"]').textContent()).toBe(msg(lang, 'wayCheckAgain'));
      await checkPopup('04-unreachable');
    } finally {
      sims.busy.faults.clear();
    }
    await recheck('busy', 'connected');
  });

  it('Busy asking for a pause: "paused until" a time', async () => {
    sims.busy.faults.add({ op: '*', kind: 'rateLimit', count: 50, delayMs: 15 * 60_000 });
    try {
      await recheck('busy', 'rateLimited');
      expect(await step('busy').textContent()).toContain(stem(lang, 'advicePausedUntilBusy'));
      expect(await step('busy').textContent()).toMatch(/\d{2}[:.]\d{2}/);
      await checkPopup('05-paused');
    } finally {
      sims.busy.faults.clear();
    }
    await recheck('busy', 'connected');
  });

  it('a token without the scope a read needs: "missing permission", naming the scope, with "change the token"', async () => {
    sims.busy.expireSessions(); // the stored token is used
    sims.busy.configure({ tokenScopes: ['projects:read'] });
    try {
      await recheck('busy', 'forbidden');
      const text = (await step('busy').textContent()) ?? '';
      expect(text).toContain(stem(lang, 'errBusyMissingScopePlain'));
      expect(text).toContain('users:read');
      expect(await step('busy').locator('button[data-way="step-busy"]').textContent()).toBe(msg(lang, 'wayChangeToken'));
      await checkPopup('06-missing-permission');
    } finally {
      sims.busy.configure({ tokenScopes: null });
    }
    const tab = await ext.context.newPage();
    await loginBoth(tab, sims);
    await tab.close();
    await recheck('busy', 'connected');
  });

  it('a 24SO login on another client than the chosen one: "wrong client", naming it, with "choose the client"', async () => {
    const o = await openOptions();
    await o.reload();
    await o.waitForSelector('#tfso-identity', { timeout: 20_000 });
    const holding = await o.locator('#tfso-identity option', { hasText: 'Fjordlys Holding AS' }).getAttribute('value');
    await o.selectOption('#tfso-identity', holding!);
    await o.click('#tfso-use-identity');
    await expect.poll(() => o.getByTestId('tfso-who').textContent(), { timeout: 20_000 }).toContain('Fjordlys Holding AS');
    // A new login in a tab lands on the default client, not the chosen one.
    const tab = await ext.context.newPage();
    await loginTfsoInTab(tab, sims.tfso.api, sims.tfso.username, sims.tfso.password);
    await tab.close();
    await recheck('tfso', 'wrongTenant');
    expect(await step('tfso').textContent()).toContain(msg(lang, 'adviceWrongTenant', ['Fjordlys Rådgivning AS']));
    expect(await step('tfso').locator('button[data-way="step-tfso"]').textContent()).toBe(msg(lang, 'wayChooseClient'));
    await checkPopup('07-wrong-client');

    await o.reload();
    await o.waitForSelector('#tfso-identity', { timeout: 20_000 });
    const own = await o.locator('#tfso-identity option', { hasText: 'Fjordlys Rådgivning AS' }).getAttribute('value');
    await o.selectOption('#tfso-identity', own!);
    await o.click('#tfso-use-identity');
    await recheck('tfso', 'connected');
  });

  it('the plan: its step opens the options there; a first run that stops says so in plain words; the fetch button then runs with a spinner and counts, the old error goes, each kind has its own result', async () => {
    expect(await popup.locator('[data-step="plan"][aria-current="step"]').count()).toBe(1);
    await checkPopup('08-review-plan');
    const [planTab] = await Promise.all([ext.context.waitForEvent('page'), popup.click('[data-step="plan"] button')]);
    await planTab.waitForLoadState();
    expect(planTab.url()).toMatch(/options\.html#step-plan$/);
    await planTab.close();

    // A customer someone typed into Busy by hand: R4 says it must come from 24SO (issue 17: the
    // warning offered no way to act).
    const f = createNodeFetch();
    const made = await f(`${sims.busy.api}/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sims.busy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Strandkanten Kafé', externalId: null }),
    });
    expect(made.status).toBe(201);
    await f.close();

    const o = await openOptions();
    await o.goto(`${o.url().replace(/#.*$/, '')}#step-plan`);
    await o.waitForSelector('[data-testid="plan-table"]', { timeout: 60_000 });
    expect(await axeViolations(o), 'options, plan: axe').toEqual([]);
    await shot(o.locator('#step-plan'), lang, 'options-03-plan');

    // The first run meets a server error on a write: it stops, and says so without the request.
    sims.busy.faults.add({ op: 'POST /projects', kind: 'http500', count: 1, message: 'Database timeout (simulated)' });
    await o.click('#plan-confirm');
    const stopped = popup.locator('[data-testid="warnings"] li[data-key^="run:"]');
    await stopped.waitFor({ timeout: 60_000 });
    expect(await stopped.getAttribute('data-severity')).toBe('error');
    expect(await stopped.locator('.item-text').textContent()).toContain(msg(lang, 'errRemoteFaultBusyPlain'));
    expect(await stopped.locator('details').textContent()).toContain('Database timeout (simulated)');
    expect(await stopped.textContent()).not.toContain('POST');
    await checkPopup('09-first-sync-stopped');

    // "Fetch projects", pressed: a spinner on it, the others disabled, progress with known counts.
    const before = {
      clients: sims.busy.state.clients.size,
      projects: sims.busy.state.projects.size,
      tfsoProjects: tfsoData(sims).projects.length,
    };
    sims.busy.faults.add({ op: 'POST /projects', kind: 'slow', count: 3, delayMs: 700 });
    // Nothing fetched yet: one line says so (not "not fetched yet" for every kind).
    expect(await popup.getByTestId('kind-results-none').textContent()).toBe(msg(lang, 'nothingFetchedYet'));
    const runBefore = '';
    await popup.click('#sync-projects');
    await popup.waitForSelector('#sync-projects[aria-busy="true"]', { timeout: 20_000 });
    const progress = (await popup.getByTestId('sync-progress').textContent()) ?? '';
    expect(progress).toMatch(new RegExp(`${stem(lang, 'syncReading')}|\\d+`));
    expect(progress).not.toMatch(/\b0 (of|av) 0\b/);
    expect(await popup.locator('#sync-customers').isDisabled()).toBe(true);
    await checkPopup('10-syncing');
    await projectsResult(popup, runBefore, 120_000);

    // The stop's cause is gone (a later run finished): its error is no longer shown.
    expect(await stopped.count()).toBe(0);
    // Each kind its own counts: what the run made on both sides, per kind (not the run's total on every row).
    const created = async (kind: string) => Number(await popup.getByTestId(`result-${kind}`).getAttribute('data-created'));
    expect(await created('project')).toBe(
      sims.busy.state.projects.size - before.projects + tfsoData(sims).projects.length - before.tfsoProjects,
    );
    expect(await created('customer')).toBe(sims.busy.state.clients.size - before.clients);
    expect(await popup.getByTestId('result-project').textContent()).toMatch(new RegExp(`^${msg(lang, 'kindProjects')}: `));
    const lines = await popup.locator('[data-testid="kind-results"] li').allTextContents();
    expect(new Set(lines).size).toBe(lines.length);
    expect(projectMismatches(sims)).toEqual([]);

    // The Busy-only customer: named, "needs action", with the way to act (create it in 24SO).
    const item = popup.locator('[data-testid="warnings"] li', { hasText: 'Strandkanten Kafé' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-severity')).toBe('action');
    expect(await item.locator('.item-text').textContent()).toBe(msg(lang, 'warnBusyOnlyCustomer', ['Strandkanten Kafé']));
    expect(await item.locator('a').textContent()).toBe(msg(lang, 'createInTfso'));
    await checkPopup('11-first-sync-done');
  });

  it('choosing the transfer mode ends the set-up: what needs attention first, one line per connection, one primary action', async () => {
    // The schedule off in this test: the corner control's send below is then the only one.
    await ext.worker.evaluate(() =>
      (globalThis as unknown as { chrome: { alarms: { clearAll(): Promise<boolean> } } }).chrome.alarms.clearAll(),
    );
    const o = await openOptions();
    await o.check('input[name="transferMode"][value="on-approval"]');
    await expect.poll(() => popup.locator('.popup').getAttribute('data-setup'), { timeout: 20_000 }).toBe('done');
    await popup.reload();
    await popup.waitForSelector('[data-testid="attention"]');
    expect(await firstBlock(popup)).toBe('attention');
    expect(await popup.locator('[data-testid="checklist"]').count()).toBe(0);
    expect(await popup.locator('section.card.line').count()).toBe(2);
    expect(await popup.locator('button.primary').count()).toBe(1);
    // Hours of people without a 24SO user: "needs action", with "map this user" (not error red).
    const unmapped = popup.locator('[data-testid="warnings"] li[data-key^="unmapped:"]');
    await unmapped.first().waitFor({ timeout: 20_000 });
    expect(await unmapped.first().getAttribute('data-severity')).toBe('action');
    expect(await unmapped.first().locator('button').textContent()).toBe(msg(lang, 'wayMapUser'));
    expect(await popup.getByTestId('hours-panel').textContent()).toContain(msg(lang, 'modeLineOnApproval'));
    await checkPopup('12-ready');
    await o.goto(o.url().replace(/#.*$/, ''));
    await o.waitForSelector('input[name="transferMode"]:checked');
    await o.waitForSelector('[data-testid="plan-table"]', { timeout: 30_000 });
    await o.waitForSelector('[data-testid="capabilities"]', { timeout: 20_000 }).catch(() => undefined);
    expect(await axeViolations(o), 'options, set up: axe').toEqual([]);
    await shot(o, lang, 'options-04-set-up');
  });

  it("issue 14: on Busy's plain-markup approval page, the corner control sends exactly the waiting hours, once; the panel collapses to a pill and stays so", async () => {
    sims.busy.configure({ plainMarkup: true });
    const { userId, entries } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    approveEntries(
      sims.busy.state,
      entries.map((e) => e.id),
    );
    const waitingIds = [...sims.busy.state.hourEntries.values()]
      .filter((e) => e.isActive && e.approvalStatus === 'approved' && !(e.externalId && /^\d+$/.test(e.externalId)))
      .map((e) => e.id);

    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    const corner = page.locator('busy24so-corner');
    const waiting = corner.getByTestId('waiting');
    await waiting.waitFor({ timeout: 20_000 });
    expect(await page.locator('busy24so-send-hours').count(), 'the view cannot be read: no inline control').toBe(0);
    const offered = Number(await waiting.getAttribute('data-entries'));
    const blocked = await corner.locator('[data-testid="blocked"] li').count();
    expect(offered + blocked).toBe(waitingIds.length);
    expect(offered).toBeGreaterThan(0);
    expect(await corner.getByTestId('mode-by-itself').textContent()).toBe(msg(lang, 'controlOnApproval'));
    expect(await axeViolations(page, true), 'Busy page, our controls: axe').toEqual([]);
    await shot(page, lang, 'busy-01-corner-control');

    const hoursBefore = tfsoData(sims).hours.length;
    await corner.locator('#send-hours').click();
    const result = corner.getByTestId('send-result');
    await expect.poll(() => result.getAttribute('data-sent'), { timeout: 60_000 }).toBe(String(offered));
    expect(tfsoData(sims).hours.length).toBe(hoursBefore + offered);
    const sent = waitingIds.filter((id) => tfsoHoursFor(sims, id).length > 0);
    expect(sent).toHaveLength(offered);
    for (const id of sent) expect(tfsoHoursFor(sims, id), `Busy entry ${id}`).toHaveLength(1);
    expect(await result.getByTestId('open-transfer-log').textContent()).toBe(msg(lang, 'openTransferLog'));
    await shot(page, lang, 'busy-02-corner-sent');

    // Again: nothing waits; nothing is sent twice.
    await page.reload();
    await expect.poll(() => corner.getByTestId('waiting').getAttribute('data-entries'), { timeout: 20_000 }).toBe('0');
    expect(await corner.locator('#send-hours').isDisabled()).toBe(true);
    expect(tfsoData(sims).hours.length).toBe(hoursBefore + offered);

    // The panel collapses to a pill and remembers it on the next page.
    const panel = page.locator('busy24so-panel');
    await panel.locator('button.collapse').click();
    await panel.getByTestId('busy24so-panel-pill').waitFor();
    await shot(page, lang, 'busy-03-panel-pill');
    await page.reload();
    await panel.getByTestId('busy24so-panel-pill').waitFor({ timeout: 10_000 });
    expect(await panel.getByTestId('busy24so-panel').count()).toBe(0);
    await panel.getByTestId('busy24so-panel-pill').click();
    await panel.getByTestId('busy24so-panel').waitFor();
    await page.close();
    sims.busy.configure({ plainMarkup: false });
  });
});
