// Issue 14: `plainMarkup` — the approval pages as a third-party single-page app shows them: same
// URLs and client-side navigation (history.pushState), but none of our invented markup (no
// section#approval-view, no data-* attributes, no busy:navigated event); the period and the
// person or project only in visible text and the URL.
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, startHarness, webLogin, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await webLogin(h);
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await control(h, 'POST', '/config', { plainMarkup: true });
});

const page = async (path: string) => {
  const r = await h.fetch(h.sim.web + path);
  return { status: r.status, html: await r.text() };
};
/** Everything of ours a content script could key on. */
const INVENTED = [
  /data-[a-z-]+=/,
  /approval-view/,
  /busy:navigated/,
  /hour-entr/,
  /approval-(status|title|form|empty|people|projects|person|project)/,
  /period-(nav|prev|next|label)/,
  /select-all/,
  /approve-selected/,
  /current-user/,
  /app-(nav|main)/,
  /id="logout"/,
];
const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);

describe('issue 14: plainMarkup', () => {
  it('the approval pages (index, per person, per project, a fragment) carry none of our markup; the only id is the app root', async () => {
    for (const path of [
      '/approval',
      '/approval/users/2?week=2026-W47',
      '/approval/projects/20?from=2026-11-09&to=2026-11-15',
      '/approval/users/2?week=2026-W46&fragment=1',
    ]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      for (const re of INVENTED) expect(html, `${path} ${re}`).not.toMatch(re);
      expect(
        ids(html).filter((x) => x !== 'root'),
        path,
      ).toEqual([]);
    }
  });

  it('the person and the period are in the visible text and the URL only; rows are plain table rows with the same data', async () => {
    const { html } = await page('/approval/users/2?week=2026-W47');
    const { document } = parseHTML(html);
    expect(document.querySelector('h1')!.textContent).toBe('Godkjenning – Bjørn <Berg> & Co');
    expect(document.querySelector('.toolbar-label')!.textContent).toBe('Uke 47 2026 (16.11.2026–22.11.2026)');
    expect([...document.querySelectorAll('.toolbar a')].map((a) => a.getAttribute('href'))).toEqual([
      '/approval/users/2?week=2026-W46',
      '/approval/users/2?week=2026-W48',
    ]);
    const rows = [...document.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(3);
    expect(rows[0]!.textContent).toContain('Møte <kunde> & plan');
    expect(html).toContain('Møte &lt;kunde&gt; &amp; plan');
    const project = parseHTML((await page('/approval/projects/20?from=2026-11-09&to=2026-11-15')).html).document;
    expect(project.querySelector('h1')!.textContent).toBe('Godkjenning – 101 Nettside & <app>');
    expect(project.querySelector('.toolbar-label')!.textContent).toBe('09.11.2026–15.11.2026');
    expect(project.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  /** Loads the week page, runs its own script on linkedom's DOM and clicks "previous week". */
  async function navigate(link: string, label: string) {
    const { html } = await page('/approval/users/2?week=2026-W47');
    const { window, document } = parseHTML(html);
    const pushed: string[] = [];
    const events: string[] = [];
    const origin = h.sim.web;
    Object.assign(window, {
      location: { href: `${origin}/approval/users/2?week=2026-W47` },
      history: {
        pushState: (_s: unknown, _t: string, url: string) => {
          pushed.push(url);
        },
      },
      fetch: (u: string) => h.fetch(u),
    });
    document.addEventListener('busy:navigated', () => events.push('busy:navigated'));
    const script = document.querySelector('script')!.textContent!;
    new Function('document', 'window', 'location', 'history', 'fetch', 'URL', 'CustomEvent', script)(
      document,
      window,
      window.location,
      window.history,
      window.fetch,
      URL,
      window.CustomEvent,
    );
    const click = new window.Event('click', { bubbles: true }) as Event & { button: number };
    Object.assign(click, { button: 0 });
    document.querySelector(link)!.dispatchEvent(click);
    await expect.poll(() => document.querySelector(label)?.textContent, { timeout: 5000 }).toMatch(/^Uke 46 2026/);
    await new Promise((r) => setTimeout(r, 20)); // the event, if any, follows the swap
    // linkedom's a.href is the attribute as written; a browser's is absolute. Either way the same URL.
    return { document, events, pushed: pushed.map((u) => new URL(u, origin).href), origin };
  }

  it('client-side navigation still happens: a toolbar link fetches the next view, swaps it in and pushes the URL, announcing nothing', async () => {
    const { document, events, pushed, origin } = await navigate('.toolbar a', '.toolbar-label');
    expect(pushed).toEqual([`${origin}/approval/users/2?week=2026-W46`]);
    expect(document.querySelectorAll('main .page')).toHaveLength(1);
    expect(document.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(events).toEqual([]);
    // The same harness on our own markup does see the event: the check above can fail.
    await control(h, 'POST', '/config', { plainMarkup: false });
    const ours = await navigate('#period-prev', '#period-label');
    expect(ours.pushed).toEqual([`${origin}/approval/users/2?week=2026-W46`]);
    expect(ours.events).toEqual(['busy:navigated']);
  });

  it('approving through the plain page works as before', async () => {
    const r = await h.fetch(`${h.sim.web}/approval/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['hourEntryIds', '51'],
        ['returnTo', '/approval/users/2?week=2026-W47'],
      ]).toString(),
    });
    expect(r.status).toBe(200);
    expect(r.url).toContain('/approval/users/2?week=2026-W47');
    expect(h.sim.state.hourEntries.get('51')!.approvalStatus).toBe('approved');
    expect(await r.text()).not.toMatch(/data-/);
  });

  it('the login page is unchanged (a person still logs in the same way); off again, our markup is back', async () => {
    const login = await h.fetch(`${h.sim.web}/login`);
    const html = await login.text();
    for (const id of ['login-form', 'email', 'password', 'login']) expect(html).toContain(`id="${id}"`);
    await control(h, 'POST', '/config', { plainMarkup: false });
    expect((await page('/approval/users/2?week=2026-W47')).html).toContain(
      '<section id="approval-view" data-view="user" data-user-id="2" data-week="2026-W47"',
    );
  });
});
