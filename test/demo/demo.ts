// `npm run demo [-- --headless]`: the product on its embedded default, the simulators.
// Starts both simulators (demo company) on the ports the sim build points at, builds that
// extension, starts Chromium with it, logs in to both simulated systems in tabs as a person
// would, and opens the popup. Headed when there is a display (Ctrl-C ends it); with --headless,
// or without a display, it prints what the popup shows and saves a screenshot.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../e2e/support/chromium';
import { startSims } from '../e2e/support/sims';
import { loginBusyInTab, loginTfsoInTab } from '../e2e/support/logins';
import { tfsoData } from '../e2e/support/checks';
import { userWithSubmittedHours } from '../e2e/support/hours';

const args = process.argv.slice(2);
const headless = args.includes('--headless') || !process.env.DISPLAY;
const log = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  log('» building the extension for the simulators (npm run build:sim)…');
  try {
    execFileSync('npm', ['run', 'build:sim'], { stdio: 'pipe' });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${out.stdout ?? ''}${out.stderr ?? ''}`);
    throw new Error('the build failed (output above)');
  }

  log('» starting the 24SevenOffice and Busy simulators with the demo company…');
  const sims = await startSims('demo');
  log(`  24SevenOffice: ${sims.tfso.api} (api), ${sims.tfso.webservices} (webservices)`);
  log(`  Busy:          ${sims.busy.web} (web app), ${sims.busy.api} (API)`);

  log(`» starting Chromium (${headless ? 'headless' : 'headed'}) with the extension…`);
  const chrome = await launchChromium({ headless });
  const shutdown = async () => {
    await chrome.close().catch(() => undefined);
    await sims.close();
  };

  try {
    const tab = await chrome.context.newPage();
    log(`» logging in to 24SevenOffice as ${sims.tfso.username} in a tab…`);
    await loginTfsoInTab(tab, sims.tfso.api, sims.tfso.username, sims.tfso.password);
    log(`» logging in to Busy as ${sims.busy.email} in a tab…`);
    await loginBusyInTab(tab, sims.busy.web, sims.busy.email, sims.busy.password);

    log('» opening the popup…');
    const popup = await chrome.openPopup();
    await popup.setViewportSize({ width: 400, height: 640 });
    await popup.waitForFunction(
      () => document.querySelectorAll('[data-system][data-state]:not([data-state="checking"])').length === 2,
      undefined,
      { timeout: 30_000 },
    );
    log('\nThe popup shows:');
    for (const card of await popup.locator('[data-system]').all()) {
      log(`  ${(await card.innerText()).replace(/\s*\n+\s*/g, ' · ')}`);
    }

    log('\n» confirming the first-sync plan in the settings (it starts the full sync)…');
    const busyBefore = {
      clients: sims.busy.state.clients.size,
      projects: sims.busy.state.projects.size,
      tags: sims.busy.state.tags.size,
      tasks: sims.busy.state.tasks.size,
    };
    const planPage = await chrome.openOptions();
    await planPage.click('#plan-confirm', { timeout: 60_000 });
    await planPage.close();
    await popup.waitForFunction(
      () =>
        !!document.querySelector('[data-testid="result-project"]')?.getAttribute('data-at') &&
        !document.querySelector('[data-testid="sync-progress"]'),
      undefined,
      { timeout: 120_000 },
    );
    for (const line of await popup.locator('[data-testid="kind-results"] li').allInnerTexts()) log(`  ${line}`);
    const after = {
      clients: sims.busy.state.clients.size,
      projects: sims.busy.state.projects.size,
      tags: sims.busy.state.tags.size,
      tasks: sims.busy.state.tasks.size,
    };
    log('  In Busy now (before → after):');
    for (const k of Object.keys(after) as (keyof typeof after)[]) log(`    ${k.padEnd(9)} ${busyBefore[k]} → ${after[k]}`);
    const warnings = await popup.locator('[data-testid="warnings"] li').allInnerTexts();
    if (warnings.length) {
      log(`  Warnings shown in the popup (${warnings.length}):`);
      for (const w of warnings) log(`    - ${w}`);
    }

    mkdirSync('test-results', { recursive: true });
    const popupShot = resolve('test-results/demo-popup.png');
    await popup.screenshot({ path: popupShot });

    log('\n» choosing "Overfør ved godkjenning" (transfer on approval) in the options…');
    const options = await chrome.openOptions();
    await options.check('input[name="transferMode"][value="on-approval"]');
    await options.close();

    const { userId, entries } = userWithSubmittedHours(sims, '2026-11-16', '2026-11-23');
    const user = sims.busy.state.users.get(userId)!;
    log(`» approving ${Math.min(3, entries.length)} of ${user.displayName}'s submitted hours on Busy's approval page (week 47)…`);
    const approval = await chrome.context.newPage();
    await approval.setViewportSize({ width: 1100, height: 900 });
    await approval.goto(`${sims.busy.web}/approval/users/${userId}?week=2026-W47`);
    for (const e of entries.slice(0, 3)) await approval.check(`tr.hour-entry[data-hour-entry-id="${e.id}"] input.hour-entry-select`);
    await Promise.all([approval.waitForNavigation(), approval.click('#approve-selected')]);
    const control = approval.locator('busy24so-send-hours');
    await control.locator('[data-testid="waiting"]').waitFor({ timeout: 30_000 });
    log(`  the control says: ${await control.locator('[data-testid="waiting"]').innerText()}`);
    log('» pressing "Send timer til 24SevenOffice"…');
    const before = tfsoData(sims).hours.length;
    await control.locator('#send-hours').click();
    await control.locator('[data-testid="send-result"]').waitFor({ timeout: 60_000 });
    log(`  the control says: ${await control.locator('[data-testid="send-result"]').innerText()}`);
    const landed = tfsoData(sims).hours.slice(before);
    log(`  landed in 24SevenOffice (${landed.length} hours):`);
    for (const h of landed) {
      log(
        `    hour ${h.id}: ContactId ${h.contactId}, project ${h.projectId}, work type ${h.typeOfWorkId}, ${h.startTime} → ${h.stopTime}, ${h.totalHours} h, "${h.description}"`,
      );
    }
    const approvalShot = resolve('test-results/demo-approval.png');
    await approval.screenshot({ path: approvalShot, fullPage: true });

    if (headless) {
      log(`\nScreenshots: ${popupShot}, ${approvalShot}`);
      await shutdown();
      return;
    }
    log('\nChromium stays open with the extension; press Ctrl-C to stop the demo.');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
      chrome.context.once('close', () => done());
    });
    await shutdown();
  } catch (e) {
    await shutdown();
    throw e;
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
