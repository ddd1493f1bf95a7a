// Issue 14 end to end: the options page's Compatibility section shows what the extension detected
// from the live WSDLs and Busy's live OpenAPI document, in Chromium, on the default simulators
// (every assumption offered) and on the real-like ones (`--real-like`: the assumed operations
// absent), after "check again"; the diagnostic report names them and holds no secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumWithExtension } from './support/chromium';
import { loginBoth } from './support/logins';
import { startSims, type Sims } from './support/sims';
import { REAL_LIKE } from '../sim/real-like';

let sims: Sims;
let ext: ChromiumWithExtension;

beforeAll(async () => {
  sims = await startSims('demo');
  ext = await launchChromium();
  const tab = await ext.context.newPage();
  await loginBoth(tab, sims);
  await tab.close();
}, 120_000);
afterAll(async () => {
  await ext?.close();
  await sims?.close();
});

const stateOf = (o: Page, id: string) => o.locator(`[data-testid="capabilities"] tr[data-capability="${id}"]`).getAttribute('data-state');

/** "Check again", as a person does: pressed, then the section shows the check's answer — a newer
 * check time, or (when a check had just run, which the background answers with that same record)
 * the same one once the button is no longer busy. An error line fails the test with its words. */
async function checkAgain(o: Page) {
  await o.waitForSelector('#compat-checked', { timeout: 20_000 });
  const before = await o.locator('#compat-checked').textContent();
  const start = await o.evaluate(() => performance.now());
  await o.click('#capabilities-check');
  await o.waitForFunction(
    ([prev, t0]) => {
      const busy = document.querySelector('#capabilities-check')?.getAttribute('aria-busy') === 'true';
      const changed = document.querySelector('#compat-checked')?.textContent !== prev;
      return changed || (!busy && (performance.now() - (t0 as number) > 3000 || !!document.querySelector('#compatibility .error')));
    },
    [before, start] as const,
    { timeout: 30_000 },
  );
  const error = await o.locator('#compatibility .error').count();
  if (error) throw new Error(`"check again" answered with an error: ${await o.locator('#compatibility .error').textContent()}`);
}

describe('issue 14: the Compatibility section', () => {
  it('default simulators: SaveWorkType and the task-assignee writes are confirmed from the live documents; the report names them and holds no secret', async () => {
    const o = await ext.openOptions();
    await o.waitForSelector('#compatibility');
    await checkAgain(o);
    expect(await stateOf(o, 'tfso.saveWorkType')).toBe('confirmed');
    expect(await stateOf(o, 'busy.taskAssigneeWrite')).toBe('confirmed');
    expect(await stateOf(o, 'busy.liveSpec')).toBe('confirmed');
    expect(await stateOf(o, 'tfso.hourInternalNote')).toBe('absent'); // the public WSDL has none
    await o.click('#diagnostics-make');
    const report = await o.locator('#diagnostics-report').inputValue();
    expect(report).toContain('tfso.saveWorkType');
    for (const secret of [sims.busy.token, sims.tfso.password]) expect(report).not.toContain(secret);
    await o.close();
  });

  it('real-like simulators: the assumed operations are absent, and the section says what the extension does instead', async () => {
    sims.tfso.configure(REAL_LIKE.tfso);
    sims.busy.configure(REAL_LIKE.busy);
    try {
      const o = await ext.openOptions();
      await o.waitForSelector('#compatibility');
      await checkAgain(o);
      expect(await stateOf(o, 'tfso.saveWorkType')).toBe('absent');
      expect(await stateOf(o, 'busy.taskAssigneeWrite')).toBe('absent');
      const row = o.locator('[data-testid="capabilities"] tr[data-capability="tfso.saveWorkType"]');
      expect((await row.textContent())?.length ?? 0).toBeGreaterThan(40); // the state and what is done about it, in words
      await o.close();
    } finally {
      sims.tfso.configure({ assumedOps: true });
      sims.busy.configure({ assumedOps: true, emptyEmails: false, strictPaths: false, plainMarkup: false });
    }
  });
});
