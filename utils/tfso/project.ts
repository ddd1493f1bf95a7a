// 24SO ProjectService (webservices host): projects, statuses, participants and tasks.
// Element names and order copied from projectService.wsdl. Project's sequence (the part we write):
// Id, …, Name, …, NameDisplay (minOccurs=1, ProjectNameType), …, CustomerId, …, Owner (read-only:
// never sent), …, StatusId, …, TimeReg (minOccurs=1, TimeRegType), …, Participants (ArrayOfInt).
// Task's: Id, Name, Description, DateStart, DateStop, …, Project, ProjectLink, Status (minOccurs=1,
// nillable), WorkTypeId, …, Participants.
// A project is inactive when its StatusId names a status whose Active is false; GetProjectList
// returns active projects only, GetDeactivatedProjects the inactive ones.
import { z } from 'zod';
import { BadResponseError } from '../core/errors';
import { callService, NIL, parseWith, read, required, toPlainList, xs, type SoapParam, type SoapParams, type TfsoContext } from './soap';

export interface TfsoProject {
  /** The project number. */
  id: number;
  name: string;
  customerId: number | null;
  statusId: number | null;
  dateChanged: string | null;
  dateStart: string | null;
  /** Contact ids, when the answer has them (null when the element is absent). */
  participants: number[] | null;
  /** ProjectNameType as 24SO holds it; pass it back to saveProject to keep it. */
  nameDisplay?: ProjectNameType | null;
  /** TimeRegType as 24SO holds it; pass it back to saveProject to keep it. */
  timeReg?: TimeRegType | null;
  /** Free text; where a project created from Busy carries its origin marker (sync/origin.ts). */
  description?: string | null;
}

export interface TfsoProjectStatus {
  id: number;
  name: string;
  active: boolean;
}

export interface TfsoTask {
  id: number;
  projectId: number;
  name: string;
  dateStart: string | null;
  dateStop: string | null;
  participants: number[];
  statusId?: number | null;
  /** Free text; where a task created from Busy carries its origin marker (sync/origin.ts). */
  description?: string | null;
}

/** projectService.wsdl enumerations (case-sensitive). */
export type ProjectNameType = 'Plain' | 'Company_Project' | 'Project_Company';
export type TimeRegType = 'WorkType' | 'Task';

/**
 * What SaveProject sends for the two required enums when the caller does not know the project's
 * own values: `Plain` shows the project's name alone (no customer prefix), `WorkType` registers
 * hours per work type, which is how Busy's hours (tagged with a work type) arrive. Whether the real
 * server overwrites a project's setting with these on update is not documented [U]: callers that
 * read the project first pass its values back.
 */
export const DEFAULT_NAME_DISPLAY: ProjectNameType = 'Plain';
export const DEFAULT_TIME_REG: TimeRegType = 'WorkType';

/** int.MinValue: .NET's "not set" (used to say "no customer"). */
const DOTNET_MIN_INT = -2147483648;
const IDS_PER_REQUEST = 500;
/** Participant states that mean "is a member" (others are invitations or removals). */
const MEMBER_STATES = new Set(['Participating', 'ProjectInitiater']);

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const intList = (ids: readonly number[]): SoapParams => ids.map((id): SoapParam => ['int', id]);

const IntList = z.array(required(xs.int));

// Only passed back on save, so an unknown value is dropped (null → the default) rather than refused.
const NAME_DISPLAYS: readonly ProjectNameType[] = ['Plain', 'Company_Project', 'Project_Company'];
const TIME_REGS: readonly TimeRegType[] = ['WorkType', 'Task'];
const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => (values.includes(v as T) ? (v as T) : null);

const ProjectSchema = z
  .object({
    Id: required(xs.int),
    Name: xs.string,
    NameDisplay: xs.string,
    DateChanged: xs.dateTime,
    DateStart: xs.dateTime,
    CustomerId: xs.int,
    StatusId: xs.int,
    Description: xs.string,
    TimeReg: xs.string,
    Participants: IntList.nullable().optional(),
  })
  .transform(
    (p): TfsoProject => ({
      id: p.Id,
      name: p.Name ?? '',
      customerId: p.CustomerId,
      statusId: p.StatusId,
      dateChanged: iso(p.DateChanged),
      dateStart: iso(p.DateStart),
      participants: p.Participants ?? null,
      nameDisplay: oneOf(NAME_DISPLAYS, p.NameDisplay),
      timeReg: oneOf(TIME_REGS, p.TimeReg),
      description: p.Description,
    }),
  );

// Active has the schema default true, which .NET leaves out of the answer: absent = true.
const StatusSchema = z
  .object({ Id: required(xs.int), Name: xs.string, Active: xs.bool })
  .transform((s): TfsoProjectStatus => ({ id: s.Id, name: s.Name ?? '', active: s.Active ?? true }));

const ParticipantsSchema = z.object({
  ProjectId: required(xs.int),
  Participants: z
    .array(z.object({ ContactId: required(xs.int), StateName: required(xs.string) }))
    .nullable()
    .optional(),
});

const TaskSchema = z
  .object({
    Id: required(xs.int),
    Name: xs.string,
    Description: xs.string,
    DateStart: xs.dateTime,
    DateStop: xs.dateTime,
    Project: required(xs.int),
    Status: xs.int,
    Participants: IntList.nullable().optional(),
  })
  .transform(
    (t): TfsoTask => ({
      id: t.Id,
      projectId: t.Project,
      name: t.Name ?? '',
      dateStart: iso(t.DateStart),
      dateStop: iso(t.DateStop),
      participants: t.Participants ?? [],
      statusId: t.Status,
      description: t.Description,
    }),
  );
// Built once: a schema is an object graph, not worth rebuilding for every call.
const TaskList = z.array(TaskSchema);
const ProjectList = z.array(ProjectSchema);

type ProjectQuery = { changedAfter?: Date; projectIds?: number[] };

async function searchProjects(ctx: TfsoContext, op: 'GetProjectList' | 'GetDeactivatedProjects', q: ProjectQuery): Promise<TfsoProject[]> {
  if (q.projectIds && q.projectIds.length === 0) return [];
  // The wrapper's parameter is `Ps` in GetProjectList and `ps` in GetDeactivatedProjects.
  const wrapper = op === 'GetProjectList' ? 'Ps' : 'ps';
  const batches = q.projectIds ? chunk(q.projectIds, IDS_PER_REQUEST) : [undefined];
  const out: TfsoProject[] = [];
  for (const ids of batches) {
    const result = await callService(ctx, 'ProjectService', op, [
      [
        wrapper,
        [
          ['ProjectIds', ids ? intList(ids) : null],
          ['ChangedAfter', q.changedAfter ?? null],
        ],
      ],
    ]);
    out.push(...parseWith(op, ProjectList, toPlainList(op, result, 'Project', { lists: ['Participants'] })));
  }
  return out;
}

/** Active projects (changed after / among the given ids; an empty id list asks for none). */
export function getProjectList(ctx: TfsoContext, q: ProjectQuery): Promise<TfsoProject[]> {
  return searchProjects(ctx, 'GetProjectList', q);
}

/** Inactive projects: those whose status is not active. */
export function getDeactivatedProjects(ctx: TfsoContext, q: ProjectQuery): Promise<TfsoProject[]> {
  return searchProjects(ctx, 'GetDeactivatedProjects', q);
}

/**
 * Creates (no id: 24SO assigns the number) or updates a project; returns its id. Owner is never
 * sent (read-only). `projectLeaderContactId` cannot become the owner through the API: on create it
 * is made a participant instead (unless `participants` is given, which replaces the whole list).
 * `customerId: null` says "no customer" (sent as int.MinValue). Deactivate by passing an
 * inactive status (see inactiveStatusId).
 */
export async function saveProject(
  ctx: TfsoContext,
  p: {
    id?: number;
    name: string;
    customerId: number | null;
    statusId?: number;
    projectLeaderContactId?: number;
    /** The full participant list (contact ids); omitted = unchanged. */
    participants?: number[];
    nameDisplay?: ProjectNameType | null;
    timeReg?: TimeRegType | null;
    /** Sent only when given (omitted = unchanged). */
    description?: string;
  },
): Promise<number> {
  const participants =
    p.participants ?? (p.id === undefined && p.projectLeaderContactId !== undefined ? [p.projectLeaderContactId] : undefined);
  const result = await callService(ctx, 'ProjectService', 'SaveProject', [
    [
      'project',
      [
        ['Id', p.id ?? null],
        ['Name', p.name],
        ['NameDisplay', p.nameDisplay ?? DEFAULT_NAME_DISPLAY],
        ['CustomerId', p.customerId ?? DOTNET_MIN_INT],
        ['StatusId', p.statusId ?? null],
        ['Description', p.description ?? null],
        ['TimeReg', p.timeReg ?? DEFAULT_TIME_REG],
        ['Participants', participants ? intList(participants) : null],
      ],
    ],
  ]);
  return savedId('SaveProject', result, p.id);
}

export async function getProjectStatuses(ctx: TfsoContext): Promise<TfsoProjectStatus[]> {
  const result = await callService(ctx, 'ProjectService', 'GetProjectStatuses');
  return parseWith('GetProjectStatuses', z.array(StatusSchema), toPlainList('GetProjectStatuses', result, 'Status'));
}

/** The first inactive status: giving a project this StatusId deactivates it. Null if none. */
export function inactiveStatusId(statuses: readonly TfsoProjectStatus[]): number | null {
  return statuses.find((s) => !s.active)?.id ?? null;
}

/** The first active status: giving a project this StatusId reactivates it. Null if none. */
export function activeStatusId(statuses: readonly TfsoProjectStatus[]): number | null {
  return statuses.find((s) => s.active)?.id ?? null;
}

/**
 * projectId → member contact ids (participating or project initiator; pending invitations and
 * removed participants are left out). With `changedAfter`, only projects whose participants
 * changed since. An empty id list asks for none (no request).
 */
export async function getProjectParticipants(
  ctx: TfsoContext,
  q: { projectIds: number[]; changedAfter?: Date } | { allProjects: true; changedAfter: Date },
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  // Without ProjectIds the search covers every project of the client: one request tells which
  // projects' participants changed since (the hourly run's members check, R7).
  const batches = 'allProjects' in q ? [null] : chunk(q.projectIds, IDS_PER_REQUEST);
  for (const ids of batches) {
    const result = await callService(ctx, 'ProjectService', 'GetProjectParticipants', [
      ['ProjectIds', ids ? intList(ids) : null],
      ['ChangedAfter', q.changedAfter ?? NIL],
    ]);
    const items = parseWith(
      'GetProjectParticipants',
      z.array(ParticipantsSchema),
      toPlainList('GetProjectParticipants', result, 'ProjectParticipants', { lists: ['Participants'] }),
    );
    for (const it of items) {
      const members = (it.Participants ?? []).filter((x) => MEMBER_STATES.has(x.StateName)).map((x) => x.ContactId);
      out.set(it.ProjectId, [...new Set([...(out.get(it.ProjectId) ?? []), ...members])]);
    }
  }
  return out;
}

export async function getProjectTasks(ctx: TfsoContext, projectId: number): Promise<TfsoTask[]> {
  const result = await callService(ctx, 'ProjectService', 'GetProjectTasks', [['projectId', projectId]]);
  return parseWith('GetProjectTasks', TaskList, toPlainList('GetProjectTasks', result, 'Task', { lists: ['Participants'] }));
}

/**
 * Creates (no id) or updates a task; returns its id. 24SO needs Name, Project, DateStart and
 * DateStop on create. `participants` is the full list (contact ids). `Status` is required by the
 * WSDL: nil unless `statusId` is given. Note that nil on update clears a status set in 24SO, so
 * pass the task's statusId back when updating.
 */
export async function saveProjectTask(
  ctx: TfsoContext,
  t: {
    id?: number;
    projectId: number;
    name: string;
    dateStart: Date;
    dateStop: Date;
    participants: number[];
    statusId?: number | null;
    /** Sent only when given (omitted = unchanged). */
    description?: string;
  },
): Promise<number> {
  const result = await callService(ctx, 'ProjectService', 'SaveProjectTask', [
    [
      'task',
      [
        ['Id', t.id ?? null],
        ['Name', t.name],
        ['Description', t.description ?? null],
        ['DateStart', t.dateStart ?? null],
        ['DateStop', t.dateStop ?? null],
        ['Project', t.projectId],
        ['Status', t.statusId ?? NIL],
        ['Participants', intList(t.participants)],
      ],
    ],
  ]);
  return savedId('SaveProjectTask', result, t.id);
}

/** A Save* result: the record's id (the same id back on update). */
function savedId(op: string, result: Parameters<typeof read.int>[1], sentId: number | undefined): number {
  const id = read.int(op, result);
  if (id === null || id <= 0) throw new BadResponseError(op, `${op}Result`, `no id in the answer (${id ?? 'missing'})`);
  if (sentId !== undefined && id !== sentId) throw new BadResponseError(op, `${op}Result`, `updated ${sentId} but the answer names ${id}`);
  return id;
}

function chunk<T>(list: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}
