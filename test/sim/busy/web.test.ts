import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftInvoiceSchema, HourEntrySchema, InvoiceLineSchema } from './schemas.js';
import { api, startHarness, webLogin, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await webLogin(h);
});
afterAll(async () => {
  await h.close();
});

const page = async (path: string) => {
  const r = await h.fetch(h.sim.web + path);
  return { status: r.status, html: await r.text() };
};
const form = (path: string, fields: [string, string][]) =>
  h.fetch(h.sim.web + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

describe('Busy web app', () => {
  it('without a session every page is the login page, status 200, with #email, #password, #login', async () => {
    const r = await h.fetch(`${h.sim.web}/approval/users/2?week=2026-W47`, { credentials: 'omit' });
    expect(r.status).toBe(200);
    const html = await r.text();
    for (const id of ['login-form', 'email', 'password', 'login']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('name="next" value="/approval/users/2?week=2026-W47"');
  });

  it("the per-person week view lists that person's entries of the week, escaped", async () => {
    const { status, html } = await page('/approval/users/2?week=2026-W47');
    expect(status).toBe(200);
    expect(html).toContain('id="approval-view" data-view="user" data-user-id="2" data-week="2026-W47"');
    const ids = [...html.matchAll(/<tr class="hour-entry" data-hour-entry-id="(\d+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['50', '51', '52']);
    expect(html).toContain('Møte &lt;kunde&gt; &amp; plan');
    expect(html).toContain('Bjørn &lt;Berg&gt; &amp; Co');
    expect(html).not.toContain('<kunde>');
    expect(html).toMatch(/value="52" disabled/); // approved rows cannot be selected again
    expect(html).toContain('id="period-prev" data-nav href="/approval/users/2?week=2026-W46"');
    expect(html).toContain('<script>');
  });

  it('week navigation is client-side: the fragment is the view alone, for the script to swap in', async () => {
    const { html } = await page('/approval/users/2?week=2026-W46&fragment=1');
    expect(html.trimStart().startsWith('<section id="approval-view"')).toBe(true);
    expect(html).not.toContain('<html');
    expect([...html.matchAll(/data-hour-entry-id="(\d+)"/g)].map((m) => m[1])).toEqual(['53']);
  });

  it('approving on the web changes what the API serves (status approved, updatedAt bumped)', async () => {
    const before = (await api(h, 'GET', '/hourEntries/50')).json.data;
    h.clock.advance(5_000);
    const r = await form('/approval/approve', [
      ['hourEntryIds', '50'],
      ['hourEntryIds', '51'],
      ['returnTo', '/approval/users/2?week=2026-W47'],
    ]);
    expect(r.status).toBe(200);
    expect(r.url).toContain('/approval/users/2?week=2026-W47');
    const after = HourEntrySchema.parse((await api(h, 'GET', '/hourEntries/50')).json.data);
    expect(after.approvalStatus).toBe('approved');
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const synced = await api(h, 'GET', `/hourEntries?updatedFrom=${encodeURIComponent(after.updatedAt)}&limit=100`);
    expect(synced.json.data.map((e: { id: string }) => e.id).sort()).toEqual(['50', '51']);
    expect((await page('/approval/users/2?week=2026-W47')).html).toMatch(/data-hour-entry-id="51" data-approval-status="approved"/);
  });

  it("the per-project view covers a period and lists everyone's entries", async () => {
    const { html } = await page('/approval/projects/20?from=2026-11-09&to=2026-11-15');
    expect(html).toContain('data-view="project" data-project-id="20" data-from="2026-11-09" data-to="2026-11-15"');
    expect([...html.matchAll(/data-hour-entry-id="(\d+)"/g)].map((m) => m[1])).toEqual(['53', '54']);
    expect(html).toContain('href="/approval/projects/20?from=2026-11-02&amp;to=2026-11-08"');
  });

  it('creating an order makes a draft invoice with a line per tag, linked to its hours, visible through the API', async () => {
    const list = await page('/projects');
    expect(list.html).toContain('data-project-id="20" data-project-number="101" data-active="true"');
    expect(list.html).toContain('Nettside &amp; &lt;app&gt;');
    const r = await form('/projects/20/order', []);
    expect(r.status).toBe(200);
    const html = await r.text();
    const id = /id="order-created" data-invoice-id="(\d+)"/.exec(html)?.[1];
    expect(id).toBeDefined();
    const draft = DraftInvoiceSchema.parse((await api(h, 'GET', `/invoices/drafts/${id}`)).json.data);
    expect(draft.projectId).toBe('20');
    const lines = (await api(h, 'GET', `/invoices/drafts/${id}/invoiceLines`)).json.data.map((l: unknown) => InvoiceLineSchema.parse(l));
    expect(lines.map((l: { description: string }) => l.description).sort()).toEqual(['Rådgivning', 'Utvikling']);
    const total = lines.reduce((s: number, l: { totalAmount: string }) => s + Number(l.totalAmount), 0);
    expect(Number(draft.totalAmount)).toBeCloseTo(total, 4);
    const hours = (
      await Promise.all(lines.map((l: { id: string }) => api(h, 'GET', `/invoiceLines/${l.id}/hourEntries?limit=100`)))
    ).flatMap((x) => x.json.data.map((e: { id: string; invoiceId: string }) => [e.id, e.invoiceId]));
    // Only approved hours: 54 is still 'submitted' and stays out.
    expect(hours.sort()).toEqual([
      ['50', id],
      ['51', id],
      ['52', id],
      ['53', id],
    ]);
    expect(h.sim.state.hourEntries.get('54')?.invoiceId).toBeNull();
    // Nothing is left to order; a second order is refused on the page.
    expect((await page('/projects/20/order')).html).toContain('id="order-empty"');
    // Finalizing moves it from /invoices/drafts to /invoices.
    await form(`/invoices/drafts/${id}/finalize`, []);
    expect((await api(h, 'GET', `/invoices/drafts/${id}`)).status).toBe(404);
    expect((await api(h, 'GET', `/invoices/${id}`)).json.data.finalizedAt).toBeTypeOf('string');
  });

  it('logout ends the session: the next page is the login page', async () => {
    await h.fetch(`${h.sim.web}/logout`);
    expect((await page('/projects')).html).toContain('id="login-form"');
  });
});
