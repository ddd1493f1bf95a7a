import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';

// Logging in to the simulated web apps, as a person does in a tab.
// Markup: 24SO login page (test/sim/tfso/login-page.ts), Busy web app (test/sim/busy/web).

type AnyPage = PwPage | PpPage;

async function fill(page: AnyPage, selector: string, value: string) {
  const p = page as PpPage;
  await p.waitForSelector(selector);
  await p.$eval(
    selector,
    (el, v) => {
      (el as HTMLInputElement).value = v as string;
    },
    value,
  );
}

async function submit(page: AnyPage, selector: string) {
  const p = page as PpPage;
  await Promise.all([p.waitForNavigation(), p.click(selector)]);
}

export async function loginTfsoInTab(page: AnyPage, apiBase: string, username: string, password: string) {
  await (page as PpPage).goto(`${apiBase}/login`);
  await fill(page, '#username', username);
  await fill(page, '#password', password);
  await submit(page, '#login');
}

export async function loginBusyInTab(page: AnyPage, webBase: string, email: string, password: string) {
  await (page as PpPage).goto(`${webBase}/login`);
  await fill(page, '#email', email);
  await fill(page, '#password', password);
  await submit(page, '#login');
}

/** Logs in to both simulated systems in one tab, as the integration user and the Busy admin. */
export async function loginBoth(
  page: AnyPage,
  sims: { tfso: { api: string; username: string; password: string }; busy: { web: string; email: string; password: string } },
) {
  await loginTfsoInTab(page, sims.tfso.api, sims.tfso.username, sims.tfso.password);
  await loginBusyInTab(page, sims.busy.web, sims.busy.email, sims.busy.password);
}
