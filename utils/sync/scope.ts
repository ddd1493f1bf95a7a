// Which projects' members and tasks a run compares (issue 15: every change within its promise).
// Neither side lists members or tasks changed since a time for the whole company, except 24SO's
// participants (GetProjectParticipants with ChangedAfter and no ProjectIds: one request), and
// Busy's task list of ONE project ordered by updatedAt (one small page tells whether anything
// changed there). So:
//   full, tasks   members of every active linked project; tasks of every one, except on the
//                 scheduled daily run (deps.tasksByRotation) after a complete one, which
//                 compares the tasks of the projects it changed and of those whose Busy tasks or
//                 assignees differ from the last comparison (daily-scope.ts), 24SO's side of the
//                 others being the hourly rotation's.
//   incremental   (hourly) projects touched by this run; projects whose 24SO participants changed
//                 since the last hourly run; the tasks of projects in use (in-use.ts); projects whose newest Busy
//                 task is newer than the one last compared (a Busy probe per project); and a
//                 rotation slice of the others for tasks made or assigned in 24SO (24SO cannot say
//                 which projects' tasks changed): up to HOURLY_TASK_READS projects in all, and at
//                 least 1/24 of them, so each is read every hour in a small company and at least
//                 once a day in any.
//   push          (every minute) projects touched by this run; and of the projects in use, those
//                 whose Busy tasks or members changed (a probe of two small Busy reads each, up to
//                 PUSH_PROBES projects a push, in turn).
import { listProjectMembers } from '../busy/projects';
import type { BusyProjectUser } from '../busy/schemas';
import { newestProjectTask } from '../busy/tasks';
import { readMeta, type Link } from '../store/types';
import { getProjectParticipants } from '../tfso/project';
import { z } from 'zod';
import { readAhead } from './ahead';
import { busyTasksChanged } from './daily-scope';
import type { ReadMode, RunCtx } from './context';
import { hoursReadAt, noteHoursRead, noteInUse, projectsInUse, IN_USE_DAYS } from './in-use';
import { listHourEntries } from '../busy/hours';
import { sameValue } from './model';

export interface Scope {
  /** Busy project ids whose members are compared. */
  members: string[];
  /** Busy project ids whose tasks are compared. */
  tasks: string[];
}

const PARTICIPANTS_CURSOR = 'cursor.participants';
const ROTATION = 'rotation.tasks';
const PUSH_ROTATION = 'rotation.push';
const PROBE_ROTATION = 'rotation.probes';
/**
 * Busy probes (one small task-list page per project) an hourly run makes at most: every project
 * every hour up to this many, every ⌈N / this⌉ hours above (Busy publishes no budget; its
 * RateLimit-* headers pace them).
 */
export const HOURLY_BUSY_PROBES = 2_000;
/** Projects in use a push probes on Busy's side (see computeScope). */
export const PUSH_PROBES = 10;
const IsoSchema = z.strictObject({ at: z.iso.datetime({ offset: true }) });
const RotationSchema = z.strictObject({ after: z.string() });
/** The hourly runs of a day: each project's 24SO tasks are read at least once in this many. */
export const ROTATION_RUNS = 24;
/**
 * 24SO task reads an hourly run may spend in all (GetProjectTasks, one per project): what 24SO
 * cannot say changed is read in rotation within this. 240 an hour is 3.3 % of 24SO's 7,200: every
 * project every hour up to 240 active projects, every 4 hours at 1,000, once a day from 5,760 on.
 */
export const HOURLY_TASK_READS = 240;

/**
 * 24SO task reads an hourly run makes at most whatever the company's size (in use and rotation):
 * with the rest of the idle schedules (the hourly lists, the daily run's ÷ 24) this keeps them
 * under 10 % of 24SO's 7,200 an hour. The rotation then reads every project's 24SO tasks daily up
 * to 24 × (this − in use) active projects (~16,000 with 40 in use), every ⌈N / (this − in use)⌉
 * hours above (30 h at 20,000).
 */
export const MAX_HOURLY_TASK_READS = 710;

/**
 * Projects of the 24SO task rotation an hourly run reads when `used` task reads are taken by the
 * projects in use or changed: at least 1/24 of the `active` ones (each once a day), up to
 * HOURLY_TASK_READS in all (a company of a few hundred projects has every one read every hour,
 * R7), never past MAX_HOURLY_TASK_READS, and at least 1/72 however many are in use (each within
 * three days).
 */
export function rotationSize(active: number, used: number): number {
  const wanted = Math.max(Math.ceil(active / ROTATION_RUNS), HOURLY_TASK_READS - used);
  return Math.max(Math.min(wanted, MAX_HOURLY_TASK_READS - used), Math.ceil(active / (3 * ROTATION_RUNS)));
}

/** Hourly runs until the rotation has read the 24SO tasks of every active project not in use (its cycle). */
export const rotationRuns = (active: number, used: number): number =>
  Math.max(1, Math.ceil(Math.max(0, active - used) / Math.max(1, rotationSize(active, used))));

const active = (l: Link) => l.busy.active !== false && l.tfso.active !== false;
const byBusyId = (a: Link, b: Link) => (a.busyId < b.busyId ? -1 : a.busyId > b.busyId ? 1 : 0);

const scopes = new WeakMap<RunCtx, Promise<Scope>>();

/** The projects whose members and tasks this run compares, worked out once per run. */
export function scopeOf(ctx: RunCtx, mode: ReadMode): Promise<Scope> {
  let s = scopes.get(ctx);
  if (!s) scopes.set(ctx, (s = computeScope(ctx, mode)));
  return s;
}

export async function computeScope(ctx: RunCtx, mode: ReadMode): Promise<Scope> {
  if (ctx.deps.onlyProjects) return { members: [...ctx.deps.onlyProjects], tasks: [...ctx.deps.onlyProjects] };
  if (mode === 'all') {
    const links = (await ctx.store.links.all('project')).filter(active);
    const all = links.map((l) => l.busyId);
    // The participants cursor starts where a complete run compared everything.
    const compared = await readMeta(ctx.store, PARTICIPANTS_CURSOR, IsoSchema).catch(() => undefined);
    const at = ctx.tfsoClock.now();
    if (at !== null) ctx.afterRun.push(() => ctx.store.meta.put(PARTICIPANTS_CURSOR, { at: new Date(at).toISOString() }));
    // The scheduled daily run after a complete one: 24SO's tasks are the hourly rotation's; the
    // projects changed this run and those whose Busy tasks differ are compared (daily-scope.ts).
    // A first import, "Hent prosjekter", "fetch tasks" and the command line's `full` compare all.
    if (ctx.deps.tasksByRotation && ctx.trigger === 'full' && compared) {
      const touched = new Set(
        [...(await ctx.store.links.getMany('project', 'tfso', [...ctx.touchedProjects].map(String))).values()].map((l) => l.busyId),
      );
      const changed = await busyTasksChanged(
        ctx,
        links.filter((l) => !touched.has(l.busyId)),
      );
      return { members: all, tasks: [...touched, ...changed] };
    }
    return { members: all, tasks: all };
  }
  const touched = ctx.touchedProjects.size
    ? [...(await ctx.store.links.getMany('project', 'tfso', [...ctx.touchedProjects].map(String))).values()]
    : [];
  const members = new Set(touched.map((l) => l.busyId));
  const tasks = new Set(members);
  // A project changed now is in use (for the next pushes too); so is one with hours logged, which
  // the hour transfer notes as it reads them, or else the hourly run (one Busy read).
  // In Busy's own time (its stamps are what the in-use list holds), not this machine's.
  const now = new Date(ctx.busy.serverTime() ?? ctx.now().getTime());
  if (mode === 'since') await feedFromHours(ctx, now);
  await noteInUse(
    ctx.store,
    touched.map((l) => [l.busyId, now.toISOString()] as [string, string]),
    now,
  );
  const inUse = [...(await ctx.store.links.getMany('project', 'busy', await projectsInUse(ctx.store, now))).values()].filter(active);

  if (mode === 'push') {
    // Busy → 24SO for the projects in use: what changed there on Busy's side. Up to PUSH_PROBES
    // projects a push (two small Busy reads each), in turn: every one within a minute while at
    // most PUSH_PROBES are in use, within ⌈in use / PUSH_PROBES⌉ minutes otherwise.
    const candidates = inUse.filter((l) => !members.has(l.busyId)).sort(byBusyId);
    const pos = (await readMeta(ctx.store, PUSH_ROTATION, RotationSchema).catch(() => undefined))?.after ?? '';
    const from = Math.max(
      0,
      candidates.findIndex((l) => l.busyId > pos),
    );
    const turn = [...candidates.slice(from), ...candidates.slice(0, from)].slice(0, PUSH_PROBES);
    for await (const [l, probe] of readAhead(turn, (l) => probeBusy(ctx, l))) {
      if (probe.tasksChanged) tasks.add(l.busyId);
      if (probe.membersChanged) members.add(l.busyId);
    }
    const last = turn.at(-1);
    if (last && turn.length < candidates.length) ctx.afterRun.push(() => ctx.store.meta.put(PUSH_ROTATION, { after: last.busyId }));
    return { members: [...members], tasks: [...tasks] };
  }

  // Hourly: 24SO's participant changes of the whole company in one request.
  const cursor = await readMeta(ctx.store, PARTICIPANTS_CURSOR, IsoSchema).catch(() => undefined);
  const readAt = ctx.tfsoClock.now();
  if (cursor) {
    const changed = await getProjectParticipants(ctx.tfso, {
      allProjects: true,
      changedAfter: new Date(Date.parse(cursor.at) - ctx.overlapMs),
    });
    for (const [tid, cs] of changed) ctx.participants.set(tid, cs);
    for (const l of (await ctx.store.links.getMany('project', 'tfso', [...changed.keys()].map(String))).values()) {
      if (!active(l)) continue;
      members.add(l.busyId);
      tasks.add(l.busyId);
    }
  }
  if (readAt !== null) ctx.afterRun.push(() => ctx.store.meta.put(PARTICIPANTS_CURSOR, { at: new Date(readAt).toISOString() }));
  // In-use projects' 24SO tasks every hour (their Busy members are the push's to watch).
  for (const l of inUse) tasks.add(l.busyId);

  // 24SO's side: a slice of the others, in rotation (each project at least once a day).
  const all = (await ctx.store.links.all('project')).filter(active).sort(byBusyId);
  const rest = all.filter((l) => !tasks.has(l.busyId));
  if (rest.length) {
    const size = rotationSize(all.length, tasks.size);
    const pos = (await readMeta(ctx.store, ROTATION, RotationSchema).catch(() => undefined))?.after ?? '';
    const start = rest.findIndex((l) => l.busyId > pos);
    const slice = [...rest.slice(Math.max(start, 0)), ...rest.slice(0, Math.max(start, 0))].slice(0, size);
    for (const l of slice) tasks.add(l.busyId);
    const last = slice.at(-1);
    if (last) ctx.afterRun.push(() => ctx.store.meta.put(ROTATION, { after: last.busyId }));
  }
  // Busy's side of every other project: a task made or changed there since the last comparison;
  // up to HOURLY_BUSY_PROBES a run, in turn (all of them every hour below that many projects).
  const others = all.filter((l) => !tasks.has(l.busyId));
  const ppos = (await readMeta(ctx.store, PROBE_ROTATION, RotationSchema).catch(() => undefined))?.after ?? '';
  const pfrom = Math.max(
    0,
    others.findIndex((l) => l.busyId > ppos),
  );
  const probed = [...others.slice(pfrom), ...others.slice(0, pfrom)].slice(0, HOURLY_BUSY_PROBES);
  for await (const [l, newest] of readAhead(probed, (l) => newestProjectTask(ctx.busy, l.busyId))) {
    if (newest && newest.updatedAt !== l.busy.tasksAt) tasks.add(l.busyId);
  }
  const plast = probed.at(-1);
  if (plast && probed.length < others.length) ctx.afterRun.push(() => ctx.store.meta.put(PROBE_ROTATION, { after: plast.busyId }));
  return { members: [...members], tasks: [...tasks] };
}

/** A project in use, on Busy's side: has its newest task or its member list changed? The member
 * list read is kept for the members phase (no second read). */
async function probeBusy(ctx: RunCtx, l: Link): Promise<{ tasksChanged: boolean; membersChanged: boolean }> {
  const [newest, list] = await Promise.all([newestProjectTask(ctx.busy, l.busyId), listProjectMembers(ctx.busy, l.busyId)]);
  ctx.busyMembers.set(l.busyId, list);
  // Compared as Busy user ids (members.ts keeps them): no user mapping, no 24SO request.
  const now = [...new Set(list.map((m: BusyProjectUser) => m.id))].sort();
  return { tasksChanged: !!newest && newest.updatedAt !== l.busy.tasksAt, membersChanged: !sameValue(now, l.busy.memberUsers) };
}

/** When no hour transfer has read Busy's hour entries within the hour (no transfer mode chosen,
 * or another installation runs it), the hourly run reads those changed since and notes their
 * projects in use. */
async function feedFromHours(ctx: RunCtx, now: Date): Promise<void> {
  const last = await hoursReadAt(ctx.store);
  if (last && now.getTime() - Date.parse(last) < 3_600_000) return;
  const since = new Date(Math.max(last ? Date.parse(last) - ctx.overlapMs : 0, now.getTime() - IN_USE_DAYS * 86_400_000));
  const entries = await listHourEntries(ctx.busy, { updatedFrom: since });
  await noteInUse(
    ctx.store,
    entries.flatMap((e) => (e.projectId ? [[e.projectId, e.updatedAt] as [string, string]] : [])),
    now,
  );
  await noteHoursRead(ctx.store, now.toISOString());
}
