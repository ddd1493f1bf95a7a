// The simulated Busy web app (app.busy.localhost): login, approval per person/week and per
// project/period, the project list and order creation. It edits the same state the API serves.
import type { IncomingMessage } from 'node:http';
import type { SimResponse } from '../../faults.js';
import { clearedSessionCookie, createSession, sessionCookie, sessionOf } from '../auth.js';
import { approveEntries, createOrder, finalizeOrder, NothingToOrder } from '../orders.js';
import type { BusyState } from '../state.js';
import { esc, loginPage, page } from './html.js';
import { addDays, isoWeekOf, parseYmd, shiftWeek, weekPeriod, type Period } from './period.js';
import { approvalIndex, orderPage, projectApprovalView, projectList, userApprovalView } from './pages.js';
import { plainApprovalIndex, plainPage, plainProjectView, plainUserView } from './plain.js';

const html = (body: string, status = 200, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body,
});
const redirect = (to: string, headers: Record<string, string> = {}): SimResponse => ({
  status: 303,
  headers: { location: to, 'cache-control': 'no-store', ...headers },
  body: '',
});

/** Only local paths, so `next`/`returnTo` cannot send the browser elsewhere. */
function localPath(p: string | null, fallback: string): string {
  return p?.startsWith('/') && !p.startsWith('//') ? p : fallback;
}

export interface WebOptions {
  /** `plainMarkup`: logged-in pages in a generic app shell, the approval pages without our markup (plain.ts). */
  plain?: boolean;
}

export function handleWeb(req: IncomingMessage, url: URL, rawBody: string, state: BusyState, opts: WebOptions = {}): SimResponse {
  const plain = opts.plain ?? false;
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const form = new URLSearchParams(rawBody);

  if (path === '/login') {
    if (method === 'GET') return html(loginPage(localPath(url.searchParams.get('next'), '/')));
    if (method === 'POST') {
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const user = [...state.users.values()].find((u) => u.email.toLowerCase() === email);
      if (!user || email !== state.email.toLowerCase() || form.get('password') !== state.password) {
        return html(loginPage(localPath(form.get('next'), '/'), 'Feil e-post eller passord.'));
      }
      const s = createSession(state, user.id);
      return redirect(localPath(form.get('next'), '/'), { 'set-cookie': sessionCookie(s.id) });
    }
    return html('Method not allowed', 405, { allow: 'GET, POST' });
  }
  if (path === '/logout') {
    const s = sessionOf(req, state);
    if (s) state.sessions.delete(s.id);
    return redirect('/login', { 'set-cookie': clearedSessionCookie() });
  }

  const session = sessionOf(req, state);
  const me = session ? state.users.get(session.userId) : undefined;
  // No or expired session: the login page itself, status 200 — what the real app answers.
  if (!session || !me) {
    const next = new URL(url);
    next.searchParams.delete('fragment');
    return html(loginPage(next.pathname + next.search));
  }
  const user = { id: me.id, name: me.displayName };
  const full = (title: string, pageId: string, body: string, script = false, status = 200) =>
    html(plain ? plainPage({ title, body, user, script }) : page({ title, pageId, body, user, script }), status);
  const notFoundPage = () =>
    html(
      plain
        ? plainPage({ title: 'Fant ikke siden', body: '<h1>Fant ikke siden</h1>', user })
        : page({ title: 'Fant ikke siden', pageId: 'not-found', body: '<h1>Fant ikke siden</h1>' }),
      404,
    );
  const errorPage = (title: string, text: string) =>
    full(title, 'error', plain ? `<p class="error">${esc(text)}</p>` : `<p id="page-error">${esc(text)}</p>`, false, 400);
  const fragment = url.searchParams.get('fragment') === '1';
  const today = state.now();
  let m: RegExpExecArray | null;

  if (method === 'GET' && path === '/') {
    return full(
      'Busy',
      'home',
      '<h1>Busy</h1><ul id="home-links"><li><a href="/approval">Godkjenning</a></li><li><a href="/projects">Prosjekter</a></li></ul>',
    );
  }
  if (method === 'GET' && path === '/approval') {
    return full('Godkjenning', 'approval-index', (plain ? plainApprovalIndex : approvalIndex)(state, isoWeekOf(today)));
  }

  if (method === 'GET' && (m = /^\/approval\/users\/(\d+)$/.exec(path))) {
    if (!state.users.has(m[1])) return notFoundPage();
    const week = url.searchParams.get('week') ?? isoWeekOf(today);
    const p = weekPeriod(week);
    if (!p) return errorPage('Ugyldig uke', `Ugyldig uke: ${week}`);
    const view = (plain ? plainUserView : userApprovalView)(state, m[1], week, p, shiftWeek(week, -1), shiftWeek(week, 1));
    return fragment ? html(view) : full('Godkjenning', 'approval-user', view, true);
  }

  if (method === 'GET' && (m = /^\/approval\/projects\/(\d+)$/.exec(path))) {
    if (!state.projects.has(m[1])) return notFoundPage();
    // Default period: the current and the previous ISO week.
    const thisWeek = weekPeriod(isoWeekOf(today))!;
    const from = parseYmd(url.searchParams.get('from')) ?? addDays(thisWeek.from, -7);
    const last = parseYmd(url.searchParams.get('to')) ?? addDays(thisWeek.to, -1);
    if (last < from) return errorPage('Ugyldig periode', 'Ugyldig periode.');
    const days = Math.round((last.getTime() - from.getTime()) / 86_400_000) + 1;
    const p: Period = { from, to: addDays(last, 1) };
    const prev: Period = { from: addDays(from, -days), to: from };
    const next: Period = { from: p.to, to: addDays(p.to, days) };
    const view = (plain ? plainProjectView : projectApprovalView)(state, m[1], p, prev, next);
    return fragment ? html(view) : full('Godkjenning', 'approval-project', view, true);
  }

  if (method === 'POST' && path === '/approval/approve') {
    approveEntries(state, form.getAll('hourEntryIds'));
    return redirect(localPath(form.get('returnTo'), '/approval'));
  }

  if (method === 'GET' && path === '/projects') return full('Prosjekter', 'projects', projectList(state));

  if ((m = /^\/projects\/(\d+)\/order$/.exec(path))) {
    if (!state.projects.has(m[1])) return notFoundPage();
    if (method === 'GET') return full('Lag ordre', 'order', orderPage(state, m[1], url.searchParams.get('created')));
    if (method === 'POST') {
      try {
        const { draft } = createOrder(state, m[1], me.id);
        return redirect(`/projects/${m[1]}/order?created=${draft.id}`);
      } catch (e) {
        if (e instanceof NothingToOrder) return full('Lag ordre', 'order', orderPage(state, m[1], null, e.message));
        throw e;
      }
    }
  }

  if (method === 'POST' && (m = /^\/invoices\/drafts\/(\d+)\/finalize$/.exec(path))) {
    const inv = finalizeOrder(state, m[1], me.id);
    if (!inv) return notFoundPage();
    return redirect(`/projects/${inv.projectId}/order?created=${inv.id}`);
  }

  return notFoundPage();
}
