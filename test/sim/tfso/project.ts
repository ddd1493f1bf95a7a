// ProjectService (webservices host): projects, statuses, participants and tasks.
// A project is inactive when its StatusId names a status whose Active is false; it then shows only
// in GetDeactivatedProjects. Ids are project numbers, assigned by 24SO when omitted on save.
import { processFault, DOTNET_MIN_DATE, DOTNET_MIN_INT } from './soap-envelope.js';
import type { TfsoClientData, TfsoProject, TfsoTask } from './state.js';
import { dataOf, date, isSetDate, isSetInt, type OpContext, type OpTable } from './ops.js';
import { filterBy, findById, forget, hasActive } from './lookup.js';

type Rec = Record<string, unknown>;

export const isProjectActive = (d: TfsoClientData, p: TfsoProject) => d.statuses.find((s) => s.id === p.statusId)?.active ?? true;

/**
 * Wire shape of a project. .NET minimum values where the real server writes them for "not set":
 * CustomerId -2147483648 without a customer, DateStop 0001-01-01T00:00:00 without a stop date.
 */
function projectRecord(d: TfsoClientData, p: TfsoProject): Rec {
  const status = d.statuses.find((s) => s.id === p.statusId);
  const customer = p.customerId === null ? undefined : findById(d.companies, p.customerId);
  return {
    Id: p.id,
    Name: p.name,
    NameDisplay: 'Plain',
    DateChanged: date(p.dateChanged),
    DateStart: date(p.dateStart),
    DateStop: p.dateStop ? date(p.dateStop) : DOTNET_MIN_DATE,
    DateRegistered: date(p.dateRegistered),
    CustomerId: p.customerId ?? DOTNET_MIN_INT,
    CustomerName: customer?.name ?? '',
    Owner: p.owner,
    StatusId: p.statusId,
    StatusName: status?.name ?? '',
    Description: p.description,
    TimeReg: 'WorkType',
    Participants: [...p.participants],
  };
}

function searchProjects(ctx: OpContext, ps: Rec | undefined, active: boolean): Rec[] {
  const d = dataOf(ctx);
  const s = ps ?? {};
  const ids = (s.ProjectIds as number[] | undefined) ?? [];
  const me = ctx.state.integrationUser.contactId;
  // One pass, the conditions in their order; the arguments' parts worked out once, dates compared as ms.
  // isProjectActive for every status at once: the first status with the id decides.
  const statusActive = new Map<number, boolean>();
  for (const x of d.statuses) if (!statusActive.has(x.id)) statusActive.set(x.id, x.active ?? true);
  const customer = isSetInt(s.CustomerId) ? s.CustomerId : undefined;
  const search = s.Search ? String(s.Search).toLowerCase() : undefined;
  const changedAfter = isSetDate(s.ChangedAfter) ? s.ChangedAfter.getTime() : undefined;
  const startedAfter = isSetDate(s.StartedAfter) ? s.StartedAfter.getTime() : undefined;
  const startedBefore = isSetDate(s.StartedBefore) ? s.StartedBefore.getTime() : undefined;
  return d.projects
    .filter(
      (p) =>
        (statusActive.get(p.statusId) ?? true) === active &&
        (ids.length === 0 || ids.includes(p.id)) &&
        (!s.MyProjects || p.owner === me || p.participants.includes(me)) &&
        (customer === undefined || p.customerId === customer) &&
        (search === undefined || p.name.toLowerCase().includes(search)) &&
        (changedAfter === undefined || Date.parse(p.dateChanged) > changedAfter) &&
        (startedAfter === undefined || Date.parse(p.dateStart) > startedAfter) &&
        (startedBefore === undefined || Date.parse(p.dateStart) < startedBefore),
    )
    .sort((a, b) => a.id - b.id)
    .map((p) => projectRecord(d, p));
}

function taskRecord(d: TfsoClientData, t: TfsoTask): Rec {
  const p = findById(d.projects, t.projectId);
  return {
    Id: t.id,
    Name: t.name,
    Description: t.description,
    DateStart: date(t.dateStart),
    DateStop: date(t.dateStop),
    Project: t.projectId,
    Status: t.status,
    WorkTypeId: t.workTypeId ?? DOTNET_MIN_INT,
    Participants: [...t.participants],
    ProjectName: p?.name ?? '',
  };
}

/** The fields whose change moves a project's DateChanged (everything but its participants). */
function ownFields(p: TfsoProject): string {
  return JSON.stringify([p.name, p.statusId, p.customerId, p.dateStart, p.dateStop, p.description]);
}

/**
 * A participant edit (SaveProject, or 24SO's own UI through `/_sim/projects/participants`): stamps
 * the time GetProjectParticipants' ChangedAfter filters on, never the project's DateChanged.
 */
export function setParticipants(p: TfsoProject, participants: number[], now: string): void {
  p.participants = [...participants];
  p.participantsChangedAt = now;
}

function checkContacts(d: TfsoClientData, ids: number[], what: string) {
  for (const id of ids)
    if (!d.users.some((u) => u.contactId === id)) throw processFault(`${what}: contact ${id} is not a user of this client`);
}

export const projectOps: OpTable = {
  GetProjectList: { run: (ctx, p) => searchProjects(ctx, p.Ps as Rec | undefined, true) },
  GetDeactivatedProjects: { run: (ctx, p) => searchProjects(ctx, p.ps as Rec | undefined, false) },
  GetProjectStatuses: {
    run: (ctx) => dataOf(ctx).statuses.map((s) => ({ Id: s.id, Name: s.name, Active: s.active })),
  },
  SaveProject: {
    run(ctx, params) {
      const d = dataOf(ctx);
      const p = params.project as Rec | undefined;
      if (!p) throw processFault('Object reference not set to an instance of an object.');
      const now = ctx.now().toISOString();
      const existing = isSetInt(p.Id) ? findById(d.projects, p.Id) : undefined;
      const me = ctx.state.integrationUser.contactId;
      // Owner is read-only. The real server ignores it; we refuse a change so the client's bug shows.
      if (isSetInt(p.Owner) && p.Owner !== (existing?.owner ?? me)) {
        throw processFault(
          `Owner is read-only (simulator strictness: the real server ignores it); project ${existing?.id ?? '(new)'} has owner ${existing?.owner ?? me}`,
        );
      }
      if (isSetInt(p.StatusId) && !d.statuses.some((s) => s.id === p.StatusId)) throw processFault(`Unknown StatusId ${p.StatusId}`);
      if (isSetInt(p.CustomerId) && !hasActive(d.companies, p.CustomerId)) throw processFault(`Unknown CustomerId ${p.CustomerId}`);
      const participants = p.Participants as number[] | undefined;
      if (participants) checkContacts(d, participants, 'Participants');
      if (existing) {
        const before = ownFields(existing);
        if (typeof p.Name === 'string') {
          if (!p.Name.trim()) throw processFault('Project name is required');
          existing.name = p.Name;
        }
        if (isSetInt(p.StatusId)) existing.statusId = p.StatusId;
        if (p.CustomerId !== undefined) existing.customerId = isSetInt(p.CustomerId) ? p.CustomerId : null;
        if (isSetDate(p.DateStart)) existing.dateStart = p.DateStart.toISOString();
        if (p.DateStop !== undefined) existing.dateStop = isSetDate(p.DateStop) ? p.DateStop.toISOString() : null;
        if (typeof p.Description === 'string') existing.description = p.Description;
        if (participants && participants.join() !== existing.participants.join()) setParticipants(existing, participants, now);
        // Only a change of the project's own fields moves DateChanged: participant edits do not
        // (CONTRACT: they may not), so a client must read them through GetProjectParticipants.
        if (ownFields(existing) !== before) existing.dateChanged = now;
        return existing.id;
      }
      if (typeof p.Name !== 'string' || !p.Name.trim()) throw processFault('Project name is required');
      const active = d.statuses.find((s) => s.active);
      const id = isSetInt(p.Id) ? p.Id : d.nextId.project++;
      if (id >= d.nextId.project) d.nextId.project = id + 1;
      d.projects.push({
        id,
        name: p.Name,
        customerId: isSetInt(p.CustomerId) ? p.CustomerId : null,
        statusId: isSetInt(p.StatusId) ? p.StatusId : (active?.id ?? d.statuses[0].id),
        owner: me,
        dateStart: isSetDate(p.DateStart) ? p.DateStart.toISOString() : now,
        dateStop: isSetDate(p.DateStop) ? p.DateStop.toISOString() : null,
        dateRegistered: now,
        dateChanged: now,
        description: typeof p.Description === 'string' ? p.Description : '',
        participants: participants ? [...participants] : [me],
        participantsChangedAt: now,
      });
      return id;
    },
  },
  GetProjectParticipants: {
    // [A] ProjectIds omitted or empty = every project of the company, active and deactivated, so
    // one request with only ChangedAfter covers the whole company. ChangedAfter (nil = no filter)
    // compares the time the participants last changed, not the project's DateChanged.
    run(ctx, p) {
      const d = dataOf(ctx);
      const ids = new Set((p.ProjectIds as number[] | undefined) ?? []);
      const after = isSetDate(p.ChangedAfter) ? p.ChangedAfter.getTime() : undefined;
      return d.projects
        .filter((x) => (ids.size === 0 || ids.has(x.id)) && (after === undefined || Date.parse(x.participantsChangedAt) > after))
        .sort((a, b) => a.id - b.id)
        .map((x) => ({
          ProjectId: x.id,
          Participants: x.participants.map((cid) => {
            const leader = cid === x.owner;
            return {
              ContactId: cid,
              Name: d.users.find((u) => u.contactId === cid)?.name ?? '',
              // State is the ProjectParticipantState's position in the WSDL enumeration.
              State: leader ? 3 : 2,
              StateName: leader ? 'ProjectInitiater' : 'Participating',
            };
          }),
        }));
    },
  },
  GetProjectTasks: {
    run(ctx, p) {
      const d = dataOf(ctx);
      return filterBy(d.tasks, 'projectId', p.projectId)
        .sort((a, b) => a.id - b.id)
        .map((t) => taskRecord(d, t));
    },
  },
  SaveProjectTask: {
    run(ctx, params) {
      const d = dataOf(ctx);
      const t = params.task as Rec | undefined;
      if (!t) throw processFault('Object reference not set to an instance of an object.');
      const now = ctx.now().toISOString();
      const existing = isSetInt(t.Id) ? findById(d.tasks, t.Id) : undefined;
      if (isSetInt(t.Id) && !existing) throw processFault(`Task ${t.Id} does not exist`);
      if (!existing) {
        const missing = (['Name', 'Project', 'DateStart', 'DateStop'] as const).filter((k) =>
          k === 'Name' ? typeof t.Name !== 'string' || !t.Name.trim() : k === 'Project' ? !isSetInt(t.Project) : !isSetDate(t[k]),
        );
        if (missing.length) throw processFault(`Missing required field(s) on a new task: ${missing.join(', ')}`);
      }
      const projectId = isSetInt(t.Project) ? t.Project : existing!.projectId;
      if (!findById(d.projects, projectId)) throw processFault(`Project ${projectId} does not exist`);
      const participants = t.Participants as number[] | undefined;
      if (participants) checkContacts(d, participants, 'Participants');
      const start = isSetDate(t.DateStart) ? t.DateStart.toISOString() : existing!.dateStart;
      const stop = isSetDate(t.DateStop) ? t.DateStop.toISOString() : existing!.dateStop;
      if (new Date(stop) < new Date(start)) throw processFault('DateStop is before DateStart');
      if (existing) {
        if (typeof t.Name === 'string') existing.name = t.Name;
        if (typeof t.Description === 'string') existing.description = t.Description;
        if (existing.projectId !== projectId) forget(d.tasks); // tasks are grouped by project
        existing.projectId = projectId;
        existing.dateStart = start;
        existing.dateStop = stop;
        if (t.Status !== undefined) existing.status = t.Status as number | null;
        if (isSetInt(t.WorkTypeId)) existing.workTypeId = t.WorkTypeId;
        if (participants) existing.participants = [...participants];
        existing.dateChanged = now;
        return existing.id;
      }
      const id = d.nextId.task++;
      d.tasks.push({
        id,
        projectId,
        name: t.Name as string,
        description: typeof t.Description === 'string' ? t.Description : '',
        dateStart: start,
        dateStop: stop,
        status: (t.Status as number | null | undefined) ?? null,
        workTypeId: isSetInt(t.WorkTypeId) ? t.WorkTypeId : null,
        participants: participants ? [...participants] : [],
        dateChanged: now,
      });
      return id;
    },
  },
};
