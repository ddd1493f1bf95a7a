// The `plainMarkup` variant of the app's approval pages: what a third-party single-page app looks
// like to a content script. Same URLs, same client-side navigation (fetch + history.pushState), but
// none of the markup we invented (no ids of ours, no data-* attributes, no `busy:navigated` event):
// generic class names, and the period and the person or project only in visible text and the URL.
import type { HourEntry } from '../schemas.js';
import type { BusyState } from '../state.js';
import { esc } from './html.js';
import { entriesIn, STATUS_TEXT } from './pages.js';
import { showDate, showMinutes, showTime, ymd, type Period } from './period.js';

/** Client-side navigation as a generic SPA does it: swap the page body in, push the URL, tell no one. */
export const PLAIN_NAV_SCRIPT = `(function () {
  function load(url, push) {
    var frag = new URL(url, location.href);
    frag.searchParams.set('fragment', '1');
    fetch(frag.toString(), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (x) {
        var tpl = document.createElement('template');
        tpl.innerHTML = x.text;
        var next = tpl.content.querySelector('.page');
        var cur = document.querySelector('main .page');
        if (!x.ok || !next || !cur) { location.href = url; return; }
        cur.replaceWith(next);
        if (push) history.pushState({}, '', url);
      })
      .catch(function () { location.href = url; });
  }
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('.toolbar a') : null;
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    load(a.href, true);
  });
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!t || !t.closest || !t.closest('thead')) return;
    document.querySelectorAll('main .page tbody input[type=checkbox]:not(:disabled)').forEach(function (c) { c.checked = t.checked; });
  });
  window.addEventListener('popstate', function () { load(location.href, false); });
})();`;

/** The page frame: a generic app shell. */
export function plainPage(opts: { title: string; body: string; user?: { name: string }; script?: boolean }): string {
  const header = opts.user
    ? `<header class="header"><nav class="nav"><a class="nav-link" href="/approval">Godkjenning</a> <a class="nav-link" href="/projects">Prosjekter</a></nav>
  <div class="header-user"><span class="avatar-name">${esc(opts.user.name)}</span> <a class="nav-link" href="/logout">Logg ut</a></div></header>`
    : '';
  return `<!DOCTYPE html>
<html lang="nb">
<head><meta charset="utf-8"><title>${esc(opts.title)} – Busy</title></head>
<body>
<div id="root"><div class="layout">
${header}
<main class="main">
${opts.body}
</main>
</div></div>
${opts.script ? `<script>${PLAIN_NAV_SCRIPT}</script>` : ''}
</body>
</html>`;
}

function table(state: BusyState, entries: HourEntry[], showUser: boolean, returnTo: string): string {
  const rows = entries
    .map((h) => {
      const project = h.projectId ? state.projects.get(h.projectId) : undefined;
      const approved = h.approvalStatus === 'approved';
      return `<tr class="row">
  <td class="cell"><input type="checkbox" name="hourEntryIds" value="${esc(h.id)}"${approved ? ' disabled' : ''} aria-label="Velg"></td>
  <td class="cell">${esc(showDate(h.startTime))} ${esc(showTime(h.startTime))}–${esc(showTime(h.stopTime))}</td>
  ${showUser ? `<td class="cell">${esc(state.users.get(h.userId)?.displayName ?? '')}</td>` : ''}
  <td class="cell">${esc(project ? `${project.number ?? ''} ${project.name}`.trim() : '')}</td>
  <td class="cell">${esc((h.tagId ? state.tags.get(h.tagId)?.name : '') ?? '')}</td>
  <td class="cell">${esc(h.description ?? '')}</td>
  <td class="cell cell-right">${showMinutes(h.totalMinutes)}</td>
  <td class="cell"><span class="badge">${STATUS_TEXT[h.approvalStatus]}</span></td>
</tr>`;
    })
    .join('\n');
  return `<form class="form" method="post" action="/approval/approve">
  <input type="hidden" name="returnTo" value="${esc(returnTo)}">
  <table class="table">
    <thead><tr><th class="cell"><input type="checkbox" aria-label="Velg alle"></th><th class="cell">Dato</th>${showUser ? '<th class="cell">Person</th>' : ''}<th class="cell">Prosjekt</th><th class="cell">Arbeidstype</th><th class="cell">Beskrivelse</th><th class="cell">Timer</th><th class="cell">Status</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>
  ${entries.length ? '' : '<p class="empty">Ingen timer i perioden.</p>'}
  <button class="btn btn-primary" type="submit">Godkjenn valgte</button>
</form>`;
}

function view(title: string, prev: string, label: string, next: string, body: string): string {
  return `<div class="page">
<div class="page-header"><h1 class="page-title">${title}</h1></div>
<div class="toolbar">
  <a class="btn btn-icon" href="${prev}" aria-label="Forrige">‹</a>
  <span class="toolbar-label">${label}</span>
  <a class="btn btn-icon" href="${next}" aria-label="Neste">›</a>
</div>
${body}
</div>`;
}

export function plainUserView(state: BusyState, userId: string, week: string, p: Period, prev: string, next: string): string {
  const user = state.users.get(userId)!;
  const base = `/approval/users/${encodeURIComponent(userId)}`;
  const last = new Date(p.to.getTime() - 1);
  return view(
    `Godkjenning – ${esc(user.displayName)}`,
    `${base}?week=${esc(prev)}`,
    `Uke ${esc(week.slice(6))} ${esc(week.slice(0, 4))} (${esc(showDate(p.from))}–${esc(showDate(last))})`,
    `${base}?week=${esc(next)}`,
    table(
      state,
      entriesIn(state, p, (h) => h.userId === userId),
      false,
      `${base}?week=${week}`,
    ),
  );
}

export function plainProjectView(state: BusyState, projectId: string, p: Period, prev: Period, next: Period): string {
  const project = state.projects.get(projectId)!;
  const base = `/approval/projects/${encodeURIComponent(projectId)}`;
  const q = (x: Period) => `from=${ymd(x.from)}&amp;to=${ymd(new Date(x.to.getTime() - 1))}`;
  const last = new Date(p.to.getTime() - 1);
  return view(
    `Godkjenning – ${esc(project.number ?? '')} ${esc(project.name)}`,
    `${base}?${q(prev)}`,
    `${esc(showDate(p.from))}–${esc(showDate(last))}`,
    `${base}?${q(next)}`,
    table(
      state,
      entriesIn(state, p, (h) => h.projectId === projectId),
      true,
      `${base}?from=${ymd(p.from)}&to=${ymd(last)}`,
    ),
  );
}

export function plainApprovalIndex(state: BusyState, week: string): string {
  const people = [...state.users.values()]
    .filter((u) => u.isActive)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'nb'))
    .map((u) => `<li class="list-item"><a href="/approval/users/${esc(u.id)}?week=${esc(week)}">${esc(u.displayName)}</a></li>`)
    .join('\n');
  const projects = [...state.projects.values()]
    .filter((p) => p.isActive)
    .map((p) => `<li class="list-item"><a href="/approval/projects/${esc(p.id)}">${esc(p.number ?? '')} ${esc(p.name)}</a></li>`)
    .join('\n');
  return `<div class="page">
<div class="page-header"><h1 class="page-title">Godkjenning</h1></div>
<h2 class="section-title">Per person</h2><ul class="list">
${people}
</ul>
<h2 class="section-title">Per prosjekt</h2><ul class="list">
${projects}
</ul>
</div>`;
}
