// The app's views. Every id/class/data-* a content script may rely on is listed in MARKUP.md.
import { orderableEntries } from '../orders.js';
import type { HourEntry } from '../schemas.js';
import type { BusyState } from '../state.js';
import { esc } from './html.js';
import { showDate, showMinutes, showTime, ymd, type Period } from './period.js';

export const STATUS_TEXT: Record<HourEntry['approvalStatus'], string> = { none: 'Ikke levert', submitted: 'Levert', approved: 'Godkjent' };

export function entriesIn(state: BusyState, p: Period, keep: (h: HourEntry) => boolean): HourEntry[] {
  return [...state.hourEntries.values()]
    .filter((h) => h.isActive && keep(h) && Date.parse(h.startTime) >= p.from.getTime() && Date.parse(h.startTime) < p.to.getTime())
    .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime) || Number(a.id) - Number(b.id));
}

function rows(state: BusyState, entries: HourEntry[], showUser: boolean): string {
  return entries
    .map((h) => {
      const project = h.projectId ? state.projects.get(h.projectId) : undefined;
      const tag = h.tagId ? state.tags.get(h.tagId) : undefined;
      const user = state.users.get(h.userId);
      const approved = h.approvalStatus === 'approved';
      return `<tr class="hour-entry" data-hour-entry-id="${esc(h.id)}" data-approval-status="${esc(h.approvalStatus)}" data-user-id="${esc(h.userId)}" data-project-id="${esc(h.projectId ?? '')}" data-tag-id="${esc(h.tagId ?? '')}" data-invoice-id="${esc(h.invoiceId ?? '')}">
  <td><input type="checkbox" class="hour-entry-select" name="hourEntryIds" value="${esc(h.id)}"${approved ? ' disabled' : ''} aria-label="Velg"></td>
  <td class="hour-entry-date">${esc(showDate(h.startTime))} ${esc(showTime(h.startTime))}–${esc(showTime(h.stopTime))}</td>
  ${showUser ? `<td class="hour-entry-user">${esc(user?.displayName ?? h.userId)}</td>` : ''}
  <td class="hour-entry-project">${esc(project ? `${project.number ?? ''} ${project.name}`.trim() : '')}</td>
  <td class="hour-entry-tag">${esc(tag?.name ?? '')}</td>
  <td class="hour-entry-description">${esc(h.description ?? '')}</td>
  <td class="hour-entry-minutes" data-minutes="${h.totalMinutes}">${showMinutes(h.totalMinutes)}</td>
  <td class="approval-status" data-approval-status="${esc(h.approvalStatus)}">${STATUS_TEXT[h.approvalStatus]}</td>
</tr>`;
    })
    .join('\n');
}

function table(state: BusyState, entries: HourEntry[], showUser: boolean, returnTo: string): string {
  return `<form id="approval-form" method="post" action="/approval/approve">
  <input type="hidden" name="returnTo" value="${esc(returnTo)}">
  <table class="hour-entries">
    <thead><tr><th><input type="checkbox" id="select-all" aria-label="Velg alle"></th><th>Dato</th>${showUser ? '<th>Person</th>' : ''}<th>Prosjekt</th><th>Arbeidstype</th><th>Beskrivelse</th><th>Timer</th><th>Status</th></tr></thead>
    <tbody>
${rows(state, entries, showUser)}
    </tbody>
  </table>
  ${entries.length ? '' : '<p id="approval-empty">Ingen timer i perioden.</p>'}
  <button id="approve-selected" type="submit">Godkjenn valgte</button>
</form>`;
}

export function userApprovalView(state: BusyState, userId: string, week: string, p: Period, prev: string, next: string): string {
  const user = state.users.get(userId)!;
  const base = `/approval/users/${encodeURIComponent(userId)}`;
  const entries = entriesIn(state, p, (h) => h.userId === userId);
  return `<section id="approval-view" data-view="user" data-user-id="${esc(userId)}" data-week="${esc(week)}" data-from="${ymd(p.from)}" data-to="${ymd(new Date(p.to.getTime() - 1))}">
<h1 id="approval-title">Godkjenning – ${esc(user.displayName)}</h1>
<nav class="period-nav">
  <a id="period-prev" data-nav href="${base}?week=${esc(prev)}">← Forrige uke</a>
  <span id="period-label">Uke ${esc(week.slice(6))} ${esc(week.slice(0, 4))} (${esc(showDate(p.from))}–${esc(showDate(new Date(p.to.getTime() - 1)))})</span>
  <a id="period-next" data-nav href="${base}?week=${esc(next)}">Neste uke →</a>
</nav>
${table(state, entries, false, `${base}?week=${week}`)}
</section>`;
}

export function projectApprovalView(state: BusyState, projectId: string, p: Period, prev: Period, next: Period): string {
  const project = state.projects.get(projectId)!;
  const base = `/approval/projects/${encodeURIComponent(projectId)}`;
  const q = (x: Period) => `from=${ymd(x.from)}&amp;to=${ymd(new Date(x.to.getTime() - 1))}`;
  const entries = entriesIn(state, p, (h) => h.projectId === projectId);
  const last = new Date(p.to.getTime() - 1);
  return `<section id="approval-view" data-view="project" data-project-id="${esc(projectId)}" data-from="${ymd(p.from)}" data-to="${ymd(last)}">
<h1 id="approval-title">Godkjenning – ${esc(project.number ?? '')} ${esc(project.name)}</h1>
<nav class="period-nav">
  <a id="period-prev" data-nav href="${base}?${q(prev)}">← Forrige periode</a>
  <span id="period-label">${esc(showDate(p.from))}–${esc(showDate(last))}</span>
  <a id="period-next" data-nav href="${base}?${q(next)}">Neste periode →</a>
</nav>
${table(state, entries, true, `${base}?from=${ymd(p.from)}&to=${ymd(last)}`)}
</section>`;
}

export function approvalIndex(state: BusyState, week: string): string {
  const people = [...state.users.values()]
    .filter((u) => u.isActive)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'nb'))
    .map(
      (u) =>
        `<li class="approval-person" data-user-id="${esc(u.id)}"><a href="/approval/users/${esc(u.id)}?week=${esc(week)}">${esc(u.displayName)}</a></li>`,
    )
    .join('\n');
  const projects = [...state.projects.values()]
    .filter((p) => p.isActive)
    .map(
      (p) =>
        `<li class="approval-project" data-project-id="${esc(p.id)}"><a href="/approval/projects/${esc(p.id)}">${esc(p.number ?? '')} ${esc(p.name)}</a></li>`,
    )
    .join('\n');
  return `<h1>Godkjenning</h1>
<h2>Per person</h2><ul id="approval-people">
${people}
</ul>
<h2>Per prosjekt</h2><ul id="approval-projects">
${projects}
</ul>`;
}

export function projectList(state: BusyState): string {
  const items = [...state.projects.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((p) => {
      const client = p.clientId ? state.clients.get(p.clientId) : undefined;
      return `<tr class="project-row" data-project-id="${esc(p.id)}" data-project-number="${esc(p.number ?? '')}" data-active="${p.isActive}">
  <td class="project-number">${esc(p.number ?? '')}</td><td class="project-name">${esc(p.name)}</td>
  <td class="project-client">${esc(client?.name ?? '')}</td><td class="project-status">${p.isActive ? 'Aktiv' : 'Arkivert'}</td>
  <td><a class="project-approval" href="/approval/projects/${esc(p.id)}">Godkjenning</a> <a class="project-order" href="/projects/${esc(p.id)}/order">Lag ordre</a></td>
</tr>`;
    })
    .join('\n');
  return `<h1>Prosjekter</h1>
<table id="project-list"><thead><tr><th>Nr.</th><th>Navn</th><th>Kunde</th><th>Status</th><th></th></tr></thead>
<tbody>
${items}
</tbody></table>`;
}

export function orderPage(state: BusyState, projectId: string, createdId: string | null, error?: string): string {
  const project = state.projects.get(projectId)!;
  const byTag = new Map<string, number>();
  const entries = orderableEntries(state, projectId);
  for (const h of entries) byTag.set(h.tagId ?? '', (byTag.get(h.tagId ?? '') ?? 0) + h.billableMinutes);
  const lines = [...byTag]
    .map(
      ([tagId, min]) =>
        `<tr class="orderable-line" data-tag-id="${esc(tagId)}" data-minutes="${min}"><td>${esc(state.tags.get(tagId)?.name ?? '')}</td><td>${showMinutes(min)}</td></tr>`,
    )
    .join('\n');
  let created = '';
  const draft = createdId ? state.drafts.get(createdId) : undefined;
  const invoice = createdId ? state.invoices.get(createdId) : undefined;
  if (draft || invoice) {
    const inv = (draft ?? invoice)!;
    created = `<div id="order-created" data-invoice-id="${esc(inv.id)}" data-status="${draft ? 'draft' : 'finalized'}">
  <p>Ordre ${esc(inv.id)} er ${draft ? 'opprettet som utkast' : 'fullført'} (${esc(inv.totalAmount)} kr).</p>
  ${draft ? `<form id="finalize-form" method="post" action="/invoices/drafts/${esc(inv.id)}/finalize"><button id="finalize-order" type="submit">Fullfør ordre</button></form>` : ''}
</div>`;
  }
  return `<section id="order-view" data-project-id="${esc(projectId)}">
<h1>Lag ordre – ${esc(project.number ?? '')} ${esc(project.name)}</h1>
${error ? `<p id="order-error" role="alert">${esc(error)}</p>` : ''}
${created}
<table id="orderable-hours" data-entry-count="${entries.length}"><thead><tr><th>Arbeidstype</th><th>Timer</th></tr></thead><tbody>
${lines}
</tbody></table>
${entries.length ? '' : '<p id="order-empty">Ingen godkjente timer som ikke er fakturert.</p>'}
<form id="order-form" method="post" action="/projects/${esc(projectId)}/order">
  <button id="create-order" type="submit"${entries.length ? '' : ' disabled'}>Lag ordre av godkjente timer</button>
</form>
</section>`;
}
