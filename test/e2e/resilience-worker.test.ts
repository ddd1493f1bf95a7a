import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumWithExtension } from './support/chromium';
import { startSims, type Sims } from './support/sims';
import { loginBoth } from './support/logins';
import { markPlanConfirmed, projectsResult } from './support/world';
import { projectMismatches, tfsoData } from './support/checks';
import { tfsoHoursFor } from './support/hours';
import { approveEntries } from '../sim/busy/orders';
import { ALARMS } from '../../utils/services/schedule';
import { currentWorker, isoWeek, stopServiceWorkers } from '../resilience/worker';

// Issue 5: an interruption costs time, never data. Chromium stops the extension's service worker
// (through the DevTools protocol) in the middle of a full sync and of an hour transfer; pressing
// the button again finishes the work with nothing missing and nothing twice.

let sims: Sims;
let ext: ChromiumWithExtension;

async function login(e: ChromiumWithExtension) {
  const tab = await e.context.newPage();
  await loginBoth(tab, sims);
  await tab.close();
}

beforeAll(async () => {
  sims = await startSims('large:2');
  ext = await launchChromium();
  await login(ext);
  await markPlanConfirmed(ext);
});
afterAll(async () => {
  await ext?.close();
  await sims?.close();
});

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ready` holds, polling the sims in this process. */
async function until(ready: () => boolean, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

function duplicates(values: (string | null)[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) if (v !== null) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

async function openPopupReady(): Promise<Page> {
  const popup = await ext.openPopup();
  await popup.waitForSelector('#sync-projects:not([disabled])', { timeout: 30_000 });
  return popup;
}

describe('Chromium: the service worker stopped mid-run', () => {
  it('a full sync killed while it creates Busy projects, pressed again, ends with every 24SO project in Busy exactly once and every Busy-only project in 24SO exactly once', async () => {
    const busyOnly = [...sims.busy.state.projects.values()].filter((p) => p.externalId === null).map((p) => p.id);
    const tfsoProjectsBefore = tfsoData(sims).projects.length;
    expect(projectMismatches(sims).length).toBeGreaterThan(0);
    // Slow writes widen the window so the stop lands between two creates, one of them in flight.
    sims.busy.faults.add({ op: 'POST /projects', kind: 'slow', count: 1000, delayMs: 120 });

    let popup = await openPopupReady();
    await popup.click('#sync-projects');
    await until(() => (sims.busy.counts()['POST /projects'] ?? 0) >= 3);
    await stopServiceWorkers(popup);
    await sleep(800); // the in-flight request completes in the sim; its answer has nowhere to go
    // The run's writes stop with it (the open popup may wake a new worker, which reads statuses
    // and heartbeats through the runner register, a Busy tag: not the run's writes).
    const writes = () =>
      total(
        Object.fromEntries(
          [...Object.entries(sims.busy.counts()), ...Object.entries(sims.tfso.counts())].filter(
            ([op]) => /^(POST|PATCH|DELETE) |^Save/.test(op) && !/\/tags/.test(op),
          ),
        ),
      );
    const afterStop = writes();
    await sleep(1000);
    expect(writes(), 'the stopped worker sends nothing more').toBe(afterStop);
    expect(projectMismatches(sims).length, 'the run was cut short').toBeGreaterThan(0);
    sims.busy.faults.clear();

    await popup.close();
    popup = await openPopupReady(); // wakes a new worker
    await popup.click('#sync-projects');
    await projectsResult(popup, '', 45_000);

    expect(projectMismatches(sims)).toEqual([]);
    const busyProjects = [...sims.busy.state.projects.values()];
    expect(duplicates(busyProjects.map((p) => p.externalId)), 'Busy projects sharing a 24SO id').toEqual([]);
    expect(duplicates([...sims.busy.state.clients.values()].map((c) => c.externalId)), 'Busy clients sharing a 24SO id').toEqual([]);
    const tfsoIds = new Set(tfsoData(sims).projects.map((p) => String(p.id)));
    for (const id of busyOnly)
      expect(tfsoIds.has(sims.busy.state.projects.get(id)!.externalId ?? ''), `Busy-only project ${id} in 24SO`).toBe(true);
    expect(tfsoData(sims).projects.length, 'each Busy-only project created in 24SO once').toBe(tfsoProjectsBefore + busyOnly.length);
    expect(duplicates(tfsoData(sims).projects.map((p) => p.name)), '24SO projects created twice').toEqual([]);
    await popup.close();
  });

  it('an hour transfer killed mid-send, pressed again, puts each approved entry into 24SO exactly once', async () => {
    const options = await ext.openOptions();
    await options.check('input[name="transferMode"][value="on-approval"]');
    await expect.poll(() => options.locator('input[name="transferMode"][value="on-approval"]').isChecked()).toBe(true);
    await options.close();

    // The project-week with the most hours, all approved: a big view for one press.
    const groups = new Map<string, string[]>();
    for (const e of sims.busy.state.hourEntries.values()) {
      if (!e.isActive || !e.projectId || e.externalId !== null || e.approvalStatus === 'approved') continue;
      const key = `${e.projectId} ${isoWeek(new Date(e.startTime))}`;
      groups.set(key, [...(groups.get(key) ?? []), e.id]);
    }
    const [key, ids] = [...groups].sort((a, b) => b[1].length - a[1].length)[0]!;
    const [projectId, week] = key.split(' ') as [string, string];
    approveEntries(sims.busy.state, ids);
    expect(ids.length).toBeGreaterThanOrEqual(4);

    const page = await ext.context.newPage();
    const control = page.locator('busy24so-send-hours');
    await page.goto(`${sims.busy.web}/approval/projects/${projectId}?week=${week}`);
    await control.getByTestId('waiting').waitFor({ state: 'visible', timeout: 20_000 });
    const from = Date.parse(`${await page.locator('#approval-view').getAttribute('data-from')}T00:00:00Z`);
    const to = Date.parse(`${await page.locator('#approval-view').getAttribute('data-to')}T00:00:00Z`) + 86_400_000;
    const waiting = Number(await control.getByTestId('waiting').getAttribute('data-entries'));
    expect(waiting).toBeGreaterThanOrEqual(4);
    const hoursBefore = tfsoData(sims).hours.length;

    sims.tfso.faults.add({ op: 'SaveHour', kind: 'slow', count: 1000, delayMs: 150 });
    await control.locator('#send-hours').click();
    await until(() => (sims.tfso.counts()['SaveHour'] ?? 0) >= 2);
    await stopServiceWorkers(page);
    await sleep(800);
    const sentBeforeRetry = tfsoData(sims).hours.length - hoursBefore;
    expect(sentBeforeRetry, 'some but not all were sent before the stop').toBeGreaterThan(0);
    expect(sentBeforeRetry).toBeLessThan(waiting);
    sims.tfso.faults.clear();

    await page.reload(); // the control asks the (new) worker again
    await control.getByTestId('waiting').waitFor({ state: 'visible', timeout: 20_000 });
    await control.locator('#send-hours').click();
    await expect.poll(() => control.getByTestId('send-result').count(), { timeout: 30_000 }).toBe(1);

    // Every approved entry of the period the page shows (those approved before too), by what Busy holds.
    const approved = [...sims.busy.state.hourEntries.values()]
      .filter(
        (e) =>
          e.isActive &&
          e.projectId === projectId &&
          e.approvalStatus === 'approved' &&
          Date.parse(e.startTime) >= from &&
          Date.parse(e.startTime) < to,
      )
      .map((e) => e.id);
    expect(approved).toEqual(expect.arrayContaining(ids));
    const inTfso = approved.map((id) => tfsoHoursFor(sims, id).length);
    expect(
      inTfso.filter((n) => n > 1),
      'entries in 24SO twice',
    ).toEqual([]);
    expect(inTfso.filter((n) => n === 1).length, 'every waiting entry is in 24SO').toBe(waiting);
    expect(tfsoData(sims).hours.length).toBe(hoursBefore + waiting);
    // Busy knows each as sent (externalId = the 24SO hour id).
    for (const id of approved) {
      const [hour] = tfsoHoursFor(sims, id);
      if (hour) expect(sims.busy.state.hourEntries.get(id)!.externalId).toBe(String(hour.id));
    }
    await page.close();
  });

  it('a browser restart on the same profile keeps the last run (shown in the popup) and re-creates the alarms', async () => {
    // Alarms gone (as after an update or a crash) must come back from the worker's start-up code.
    const before = await currentWorker(ext.context, ext.extensionId, () => ext.openPopup().then((p) => p.close()));
    await before.evaluate(() => (globalThis as any).chrome.alarms.clearAll());
    const dir = ext.userDataDir;
    await ext.close({ keepProfile: true });
    ext = await launchChromium({ userDataDir: dir });
    const worker = await currentWorker(ext.context, ext.extensionId);
    const names = async () =>
      ((await worker.evaluate(() => (globalThis as any).chrome.alarms.getAll())) as { name: string }[]).map((a) => a.name).sort();
    await expect.poll(names, { timeout: 10_000 }).toEqual(Object.values(ALARMS).sort());

    const popup = await ext.openPopup();
    // From the background's store, not the popup's own snapshot of what it showed last time.
    await popup.waitForSelector('.popup[data-live="true"]', { timeout: 20_000 });
    await projectsResult(popup, '', 20_000);
    await popup.close();
  });
});
