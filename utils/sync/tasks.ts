// Tasks, per linked project (R14–R16). A 24SO task comes to Busy only when at least one of its
// participants is a member of the project in Busy (R14); those participants become its assignees
// (R15). A task made in Busy is created on the linked 24SO project (R16), its assignees as
// participants, and gets the 24SO task id back as externalId.
//
// Cost: neither side can list tasks changed since a time (24SO GetProjectTasks is per project,
// Busy /projects/{id}/tasks has no updatedFrom) and Busy assignees are one request per task. So
// tasks are compared on 'full'/'tasks' runs for every active linked project (2 + one per Busy task
// requests each), and on incremental/push runs only for the projects that changed in this run.
// A task-only edit on either side therefore reaches the other with the daily full sync (or the
// "tasks" trigger, or the next change to its project).
import { addProjectMember, listProjectMembers } from '../busy/projects';
import type { BusyProjectUser, BusyTask } from '../busy/schemas';
import { originOf, withOrigin } from './origin';
import {
  addTaskAssignee,
  createTask,
  listProjectTasks,
  listTaskAssignees,
  newestProjectTask,
  patchTask,
  removeTaskAssignee,
} from '../busy/tasks';
import type { Link, Warning } from '../store/types';
import { getProjectTasks, saveProjectTask, type TfsoTask } from '../tfso/project';
import { alreadyDone, SyncStoppedError, type ReadMode, type RunCtx } from './context';
import { decide } from './decisions';
import { busyTask, tfsoTask } from './map';
import { decisionWarningKey, matchRecords, type DecisionAnswers, type MatchDecision, type MatchResult } from './matching';
import { readAhead } from './ahead';
import { projectLinksInScope } from './members';
import { after, positionKeeper, resumeAfter } from './resume';
import { assigneeBase, writeAssignee } from './assumed';
import { sortedIds, type TaskModel } from './model';

const YEAR_MS = 365 * 86_400_000;

export async function runTasks(ctx: RunCtx, mode: ReadMode): Promise<void> {
  const projects = await projectLinksInScope(ctx, mode, 'tasks');
  if (!projects.length) return;
  const users = await ctx.users();
  // Task links as they were before this phase wrote any: all of them on complete runs (one read);
  // otherwise those of each project's tasks, looked up by id when its tasks have been listed.
  const byBusy = new Map<string, Link>();
  const byTfso = new Map<string, Link>();
  const known = (l: Link) => {
    byBusy.set(l.busyId, l);
    byTfso.set(l.tfsoId, l);
  };
  if (mode === 'all') for (const l of await ctx.store.links.all('task')) known(l);
  const needLinks = async (busyIds: string[], tfsoIds: string[]) => {
    if (mode === 'all') return;
    const [b, t] = await Promise.all([ctx.store.links.getMany('task', 'busy', busyIds), ctx.store.links.getMany('task', 'tfso', tfsoIds)]);
    for (const l of [...b.values(), ...t.values()]) if (!byBusy.has(l.busyId) && !byTfso.has(l.tfsoId)) known(l);
  };
  ctx.progressTotal += projects.length;
  const openBefore = (await ctx.store.warnings.open()).filter((w) => w.code === 'matchDecision' && w.kind === 'task');

  // Everything a project's comparison reads, read ahead of its turn (ahead.ts): both task lists,
  // its Busy members when the link has no snapshot of them, and the assignees of exactly the Busy
  // tasks the loop below will compare (the same requests the loop would otherwise make).
  const readProject = async (pl: Link): Promise<ProjectRead> => {
    const mono = ctx.lock.now();
    // A project this run created in Busy has no tasks or members there yet: nothing to read.
    const fresh = ctx.createdInBusy.has(Number(pl.tfsoId));
    const tfsoTasks = await getProjectTasks(ctx.tfso, Number(pl.tfsoId));
    const busyTasks = fresh ? [] : await listProjectTasks(ctx.busy, pl.busyId, { isActive: 'all' });
    await needLinks(
      busyTasks.map((b) => b.id),
      tfsoTasks.map((t) => String(t.id)),
    );
    const memberList = pl.busy.members ? null : fresh ? [] : await listProjectMembers(ctx.busy, pl.busyId);
    const inTfso = new Set(tfsoTasks.map((t) => String(t.id)));
    const held = matchProjectTasks(busyTasks, tfsoTasks, byBusy, byTfso, ctx.deps.decisions ?? {}).heldBusy;
    const compared = busyTasks.filter(
      (b) =>
        b.isActive &&
        (byBusy.has(b.id) ||
          (b.externalId !== null && /^\d+$/.test(b.externalId) && inTfso.has(b.externalId)) ||
          (b.externalId === null && !held.has(b.id))),
    );
    // Assignees cost a request per task: read where the task can have changed since the project
    // was last compared (a complete run reads them all; assigning in Busy may not move updatedAt).
    const since = mode === 'all' ? undefined : (pl.busy.tasksAt as string | undefined);
    const assignees = new Map<string, string[]>();
    for (const b of compared) {
      const l = byBusy.get(b.id);
      if (since && l && b.updatedAt <= since && Array.isArray(l.busy.assignees)) {
        assignees.set(b.id, idsOf(l.busy.assignees as number[], users));
        continue;
      }
      assignees.set(
        b.id,
        (await listTaskAssignees(ctx.busy, b.id)).map((u) => u.id),
      );
    }
    return { mono, tfsoTasks, busyTasks, memberList, assignees };
  };

  const compareProject = async (pl: Link, read: ProjectRead) => {
    const pid = Number(pl.tfsoId);
    const { tfsoTasks, busyTasks, memberList, assignees } = read;
    const made: TasksMade = { busy: [], tfso: [] };
    const gate = async () => {
      if ((await ctx.lock.ensure()) > read.mono) throw new StaleRead();
    };
    const tfsoIds = new Set(tfsoTasks.map((t) => String(t.id)));
    const linkedHere = busyTasks.flatMap((b) => byBusy.get(b.id) ?? []);
    const present = linkedHere.filter((l) => tfsoIds.has(l.tfsoId)).length;
    if (linkedHere.length >= 10 && present * 2 < linkedHere.length) {
      ctx.warn(
        'massDisappearance',
        `massDisappearance:task:${pl.tfsoId}`,
        'warnMassDisappearance',
        ['task', 'tfso', String(present), String(linkedHere.length)],
        'task',
      );
      throw new SyncStoppedError(
        'mass_disappearance',
        'errMassDisappearance',
        ['task', 'tfso', String(present), String(linkedHere.length)],
        `24SO listed only ${present} of ${linkedHere.length} linked tasks of project ${pl.tfsoId}: stopped`,
      );
    }
    // Busy members of the project, as contact ids (the members phase has just brought them in step).
    let memberContacts = pl.busy.members as number[] | undefined;
    if (!memberContacts) {
      memberContacts = sortedIds((memberList ?? []).map((m) => users.toTfso.get(m.id)).filter((c): c is number => c !== undefined));
    }
    const members = new Set(memberContacts);
    const eligible = (c: number) => members.has(c) && users.toBusy.has(c);
    const contactOf = (uid: string) => users.toTfso.get(uid);

    const tById = new Map(tfsoTasks.map((t) => [String(t.id), t]));
    const seenT = new Set<string>();
    const assigneesOf = async (b: BusyTask) => assignees.get(b.id) ?? (await listTaskAssignees(ctx.busy, b.id)).map((u) => u.id);
    const match = matchProjectTasks(busyTasks, tfsoTasks, byBusy, byTfso, ctx.deps.decisions ?? {});
    const matchedB = new Map(match.links.map((l) => [l.busyId, l.tfsoId]));
    const fromBusy = originIndex(tfsoTasks, byTfso);
    await raiseTaskDecisions(ctx, pl, match.open, openBefore);

    for (const b of busyTasks) {
      const link = byBusy.get(b.id);
      const tid =
        link?.tfsoId ??
        (b.externalId && /^\d+$/.test(b.externalId) ? b.externalId : undefined) ??
        matchedB.get(b.id) ??
        (b.externalId === null ? fromBusy.get(b.id) : undefined);
      if (!tid && match.heldBusy.has(b.id)) continue; // waits for the admin's decision
      if (tid) seenT.add(tid);
      const t = tid ? tById.get(tid) : undefined;
      if (!b.isActive) {
        ctx.counts.task.busy.unchanged++;
        continue;
      } // archived in Busy: left alone
      if (!link && b.externalId !== null && !tid) {
        ctx.counts.task.busy.unchanged++;
        continue;
      } // another system's task
      if (!link && tid && !t) {
        // Mirrors a 24SO task that is gone: archive it in Busy.
        made.busyWrote = true;
        const r = await ctx.write({ kind: 'task', name: b.name, id: b.id, op: 'archive' }, () =>
          patchTask(ctx.busy, b.id, { isActive: false }),
        );
        if (r) ctx.counts.task.busy.archived++;
        continue;
      }
      const bm = busyTask(b, pid, await assigneesOf(b), contactOf);
      const tm = t ? tfsoTask(t, eligible) : null;
      const l: Link | undefined =
        link ?? (t ? { kind: 'task', busyId: b.id, tfsoId: tid!, busy: {}, tfso: {}, syncedAt: ctx.now().toISOString() } : undefined);
      if (!link && t) ctx.linked.task++;
      await pairTask(ctx, pl, assigneeBase(ctx, l), b, t, bm, tm, eligible, users.toBusy, gate, made);
    }
    for (const t of tfsoTasks) {
      const id = String(t.id);
      if (seenT.has(id)) continue;
      const link = byTfso.get(id);
      const tm = tfsoTask(t, eligible);
      if (link) {
        // linked, but the Busy task is not on this project any more (or gone): forget the link
        await ctx.dropLink('task', link.busyId);
        continue;
      }
      if (match.heldTfso.has(id)) continue; // waits for the admin's decision
      if (!tm.assignees.length) {
        ctx.counts.task.busy.unchanged++;
        continue;
      } // R14: not assigned to a project member yet
      await pairTask(ctx, pl, undefined, undefined, t, null, tm, eligible, users.toBusy, gate, made);
    }
    if (made.busy.length || made.tfso.length) await lookAgainTasks(ctx, pl, made);
    await noteTasksSeen(ctx, pl, busyTasks, made.busyWrote);
  };

  // A complete run cut off part-way goes on after the last project it finished (resume.ts).
  const keeper = mode === 'all' ? positionKeeper(ctx, 'tasks') : null;
  const todo = keeper ? after(projects, await resumeAfter(ctx, 'tasks')) : projects;
  ctx.progressDone += projects.length - todo.length;
  try {
    for await (const [pl, first] of readAhead(todo, readProject)) {
      // A project read before this installation took the write lock is read again before anything
      // is created on it (another installation may have created since: fresh.ts explains).
      let read = first;
      for (let tries = 0; ; tries++) {
        try {
          await compareProject(pl, read);
          break;
        } catch (e) {
          if (!(e instanceof StaleRead) || tries >= 3) throw e;
          ctx.log('info', 'tasks read again under the write lock', { project: pl.tfsoId });
          read = await readProject(pl);
        }
      }
      await ctx.tick('task');
      await keeper?.finished(pl.busyId);
    }
  } catch (e) {
    await keeper?.save().catch(() => undefined);
    throw e;
  }
  await ctx.flushLinks();
  await keeper?.done();
}

async function pairTask(
  ctx: RunCtx,
  pl: Link,
  link: Link | undefined,
  b: BusyTask | undefined,
  t: TfsoTask | undefined,
  bm: TaskModel | null,
  tm: TaskModel | null,
  eligible: (c: number) => boolean,
  toBusy: Map<number, string>,
  gate: () => Promise<void>,
  made: TasksMade,
): Promise<void> {
  const counts = ctx.counts.task;
  const now = () => ctx.now().toISOString();
  const pid = Number(pl.tfsoId);
  const d = decide('task', link ? { busy: link.busy, tfso: link.tfso } : undefined, bm, tm);
  const name = (tm ?? bm)?.name ?? '';
  switch (d.action) {
    case 'createBusy': {
      await gate();
      const e = await ctx.journal('task', 'busy', String(t!.id), { name, tfsoId: String(t!.id), projectBusyId: pl.busyId });
      made.busyWrote = true;
      const assigned: number[] = []; // what Busy holds: assignee writes may be absent (assumed.ts)
      const created = await ctx.write({ kind: 'task', name, id: String(t!.id), op: 'create' }, async () => {
        const nb = await createTask(ctx.busy, pl.busyId, {
          name: tm!.name,
          defaultTagId: null,
          state: 'todo',
          allowTimeTracking: true,
          isPrioritized: false,
          parentId: null,
          externalId: String(t!.id),
          isActive: true,
        });
        for (const c of tm!.assignees) {
          if (await writeAssignee(ctx, 'add', nb.id, toBusy.get(c)!, () => assign(ctx, nb.id, toBusy.get(c)!))) assigned.push(c);
        }
        return nb;
      });
      if (!created) {
        await ctx.store.commit({ journalDone: [e.id] });
        return;
      }
      const snap = { ...tm! } as unknown as Record<string, unknown>;
      await ctx.commit(
        [{ kind: 'task', busyId: created.id, tfsoId: String(t!.id), busy: { ...snap, assignees: assigned }, tfso: snap, syncedAt: now() }],
        [e.id],
      );
      counts.busy.created++;
      made.busy.push(String(t!.id));
      return;
    }
    case 'createTfso': {
      await gate();
      const start = new Date(Date.parse(b!.createdAt));
      const e = await ctx.journal('task', 'tfso', b!.id, { name, busyId: b!.id, projectId: pid });
      const id = await ctx.write({ kind: 'task', name, id: b!.id, op: 'create' }, () =>
        saveProjectTask(ctx.tfso, {
          projectId: pid,
          name: bm!.name,
          dateStart: start,
          dateStop: new Date(start.getTime() + YEAR_MS),
          participants: bm!.assignees,
          description: withOrigin(null, b!.id),
        }),
      );
      if (!id) {
        await ctx.store.commit({ journalDone: [e.id] });
        return;
      }
      const snap = { ...bm! } as unknown as Record<string, unknown>;
      await ctx.commit([{ kind: 'task', busyId: b!.id, tfsoId: String(id), busy: snap, tfso: snap, syncedAt: now() }], [e.id]);
      counts.tfso.created++;
      made.tfso.push(b!.id);
      made.busyWrote = true;
      await ctx.write({ kind: 'task', name, id: b!.id, op: 'marker' }, () => patchTask(ctx.busy, b!.id, { externalId: String(id) }));
      return;
    }
    case 'archiveBusy': {
      made.busyWrote = true;
      const r = await ctx.write({ kind: 'task', name, id: link!.busyId, op: 'archive' }, () =>
        patchTask(ctx.busy, link!.busyId, { isActive: false }),
      );
      if (r) {
        counts.busy.archived++;
        await ctx.dropLink('task', link!.busyId);
      }
      return;
    }
    case 'dropLink':
      await ctx.dropLink('task', link!.busyId);
      return;
    case 'warnBusyOnly':
    case 'none':
      counts.busy.unchanged++;
      return;
    case 'update': {
      let busyNow = bm!;
      let tfsoNow = tm!;
      let wrote = false;
      for (const c of d.conflicts) {
        const w = ctx.warn(
          'conflictOverwritten',
          `conflict:task:${link!.busyId}:${c.field}:${ctx.runId}`,
          'warnConflictOverwritten',
          ['task', name, c.field, String(c.busy), String(c.tfso)],
          'task',
        );
        await ctx.store.commit({ warnings: [w] });
      }
      if (d.toTfso.name !== undefined || d.toTfso.assignees !== undefined) {
        const target = { ...tfsoNow, ...d.toTfso } as TaskModel;
        const keep = t!.participants.filter((c) => !eligible(c));
        const ok = await ctx.write({ kind: 'task', name, id: link!.tfsoId, op: 'update' }, async () => {
          await saveProjectTask(ctx.tfso, {
            id: t!.id,
            projectId: pid,
            name: target.name,
            dateStart: new Date(t!.dateStart ?? b!.createdAt),
            dateStop: new Date(t!.dateStop ?? t!.dateStart ?? b!.createdAt),
            participants: sortedIds([...keep, ...target.assignees]),
            statusId: t!.statusId ?? null,
          });
          return true;
        });
        if (ok) {
          tfsoNow = target;
          counts.tfso.updated++;
          wrote = true;
        }
      }
      if (d.toBusy.name !== undefined) {
        made.busyWrote = true;
        const r = await ctx.write({ kind: 'task', name, id: b!.id, op: 'update' }, () =>
          patchTask(ctx.busy, b!.id, { name: d.toBusy.name as string }),
        );
        if (r) {
          busyNow = { ...busyNow, name: r.name };
          wrote = true;
        }
      }
      if (d.toBusy.assignees !== undefined) {
        const want = d.toBusy.assignees as number[];
        for (const c of want.filter((x) => !busyNow.assignees.includes(x))) {
          const uid = toBusy.get(c);
          if (!uid) continue;
          made.busyWrote = true;
          if (
            !(await ctx.write({ kind: 'task', name, id: b!.id, op: `assignee+${uid}` }, () =>
              writeAssignee(ctx, 'add', b!.id, uid, () =>
                assign(ctx, b!.id, uid).catch(async (e) => {
                  // not a member after all (members changed since): make them one, then assign
                  if (!(e instanceof Error) || !/member/i.test(e.message) || /already/i.test(e.message)) throw e;
                  await addProjectMember(ctx.busy, pl.busyId, { userId: uid }).catch(alreadyDone);
                  await assign(ctx, b!.id, uid);
                }),
              ),
            ))
          )
            continue;
          busyNow = { ...busyNow, assignees: sortedIds([...busyNow.assignees, c]) };
          wrote = true;
        }
        for (const c of busyNow.assignees.filter((x) => !want.includes(x))) {
          const uid = toBusy.get(c);
          if (!uid) continue;
          made.busyWrote = true;
          if (
            !(await ctx.write({ kind: 'task', name, id: b!.id, op: `assignee-${uid}` }, () =>
              writeAssignee(ctx, 'remove', b!.id, uid, () => removeTaskAssignee(ctx.busy, b!.id, uid)),
            ))
          )
            continue;
          busyNow = { ...busyNow, assignees: busyNow.assignees.filter((x) => x !== c) };
          wrote = true;
        }
      }
      if (wrote && Object.keys(d.toBusy).length) counts.busy.updated++;
      if (!wrote) counts.busy.unchanged++;
      const next: Link = {
        ...link!,
        busy: { ...busyNow } as unknown as Record<string, unknown>,
        tfso: { ...tfsoNow } as unknown as Record<string, unknown>,
        syncedAt: now(),
      };
      if (JSON.stringify(next.busy) !== JSON.stringify(link!.busy) || JSON.stringify(next.tfso) !== JSON.stringify(link!.tfso)) {
        // nothing written remotely and the marker in place: the snapshot may wait in the buffer
        if (!wrote && b?.externalId === link!.tfsoId) await ctx.deferLink(next);
        else await ctx.commit([next]);
      }
      if (b && b.externalId !== link!.tfsoId) {
        made.busyWrote = true;
        await ctx.write({ kind: 'task', name, id: b.id, op: 'marker' }, () => patchTask(ctx.busy, b.id, { externalId: link!.tfsoId }));
      }
      return;
    }
  }
}

/**
 * Tasks typed in by hand on both sides of one linked project, paired by name (matching.ts):
 * active Busy tasks with no link and no externalId ↔ 24SO tasks no link and no Busy task claims.
 */
export function matchProjectTasks(
  busyTasks: readonly BusyTask[],
  tfsoTasks: readonly TfsoTask[],
  byBusy: ReadonlyMap<string, Link>,
  byTfso: ReadonlyMap<string, Link>,
  answers: DecisionAnswers,
): MatchResult {
  const claimed = new Set(busyTasks.map((b) => b.externalId).filter((x): x is string => x !== null));
  // Tasks made in Busy carry their origin in 24SO (origin.ts): paired by it, never matched by name.
  const origins = originIndex(tfsoTasks, byTfso);
  const ub = busyTasks.filter((b) => b.isActive && !byBusy.has(b.id) && b.externalId === null && !origins.has(b.id));
  const ut = tfsoTasks.filter((t) => !byTfso.has(String(t.id)) && !claimed.has(String(t.id)) && !originOf(t.description));
  return matchRecords(
    'task',
    ub.map((b) => ({ id: b.id, name: b.name })),
    ut.map((t) => ({ id: String(t.id), name: t.name })),
    answers,
  );
}

/** A project's open task decisions as warnings (its 24SO id as third substitution); earlier ones
 * of this project not raised again are resolved. */
async function raiseTaskDecisions(ctx: RunCtx, pl: Link, open: MatchDecision[], before: readonly Warning[]): Promise<void> {
  const raised = open.map((d) => {
    ctx.openDecisions.push(d);
    return ctx.warn(
      'matchDecision',
      decisionWarningKey(d),
      'warnMatchDecision',
      [d.subject.name, d.candidates.map((x) => `«${x.name}»`).join(', '), pl.tfsoId],
      'task',
    );
  });
  const keys = new Set(raised.map((w) => w.key));
  const stale = before.filter((w) => w.substitutions[2] === pl.tfsoId && !keys.has(w.key)).map((w) => w.key);
  if (raised.length || stale.length) await ctx.store.commit({ warnings: raised, resolveWarnings: stale });
}

/** What one project's comparison read (readAhead), and when (the lock's clock). */
interface ProjectRead {
  mono: number;
  tfsoTasks: TfsoTask[];
  busyTasks: BusyTask[];
  memberList: BusyProjectUser[] | null;
  assignees: Map<string, string[]>;
}

/** Thrown when a create meets a write lock taken after the project was read: read it again. */
class StaleRead extends Error {}

interface TasksMade {
  busy: string[];
  tfso: string[] /** any write to this project's Busy tasks */;
  busyWrote?: boolean;
}

/** Busy user ids of snapshot assignees (contact ids), through the mapping. */
function idsOf(contacts: readonly number[], users: { toBusy: Map<number, string> }): string[] {
  return contacts.flatMap((c) => users.toBusy.get(c) ?? []);
}

/**
 * Remembers the newest Busy task stamp of a compared project (link snapshot `tasksAt`): the next
 * probe (scope.ts) compares against it. After our own writes there, the stamp is read again, so
 * they do not count as a change.
 */
async function noteTasksSeen(ctx: RunCtx, pl: Link, busyTasks: readonly BusyTask[], wrote: boolean | undefined): Promise<void> {
  const newest = wrote
    ? (await newestProjectTask(ctx.busy, pl.busyId))?.updatedAt
    : busyTasks.reduce<string | undefined>((m, t) => (!m || t.updatedAt > m ? t.updatedAt : m), undefined);
  const cur = await ctx.store.links.get('project', 'busy', pl.busyId);
  if (!cur || !newest || cur.busy.tasksAt === newest) return;
  await ctx.deferLink({ ...cur, busy: { ...cur.busy, tasksAt: newest } });
}

/** Busy task id → the unlinked 24SO task made from it (lowest id), by origin marker. */
function originIndex(tfsoTasks: readonly TfsoTask[], byTfso: ReadonlyMap<string, Link>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of [...tfsoTasks].sort((a, b) => a.id - b.id)) {
    const o = originOf(t.description);
    if (o && !byTfso.has(String(t.id)) && !out.has(o)) out.set(o, String(t.id));
  }
  return out;
}

async function assign(ctx: RunCtx, taskId: string, userId: string): Promise<void> {
  await addTaskAssignee(ctx.busy, taskId, userId).then(() => undefined, alreadyDone);
}

/**
 * After a project's creates: its task list read again on the side written. Copies carrying one
 * marker (the lock failed somewhere, fresh.ts) resolve to the lowest id: a Busy copy is archived
 * without its marker; a 24SO copy is named in a warning (the API cannot delete it).
 */
async function lookAgainTasks(ctx: RunCtx, pl: Link, made: TasksMade): Promise<void> {
  if (made.busy.length) {
    const want = new Set(made.busy);
    const copies = new Map<string, BusyTask[]>();
    for (const b of await listProjectTasks(ctx.busy, pl.busyId, { isActive: 'true' })) {
      if (b.externalId && want.has(b.externalId)) copies.set(b.externalId, [...(copies.get(b.externalId) ?? []), b]);
    }
    for (const [tid, bs] of copies) {
      if (bs.length < 2) continue;
      const [keep, ...extra] = bs.sort((x, y) => Number(x.id) - Number(y.id));
      for (const x of extra)
        await ctx.write({ kind: 'task', name: x.name, id: x.id, op: 'retire' }, () =>
          patchTask(ctx.busy, x.id, { isActive: false, externalId: null }),
        );
      ctx.warn(
        'duplicateResolved',
        `duplicateResolved:task:busy:${tid}`,
        'warnDuplicateResolved',
        ['task', keep!.name, extra.map((x) => x.id).join(', '), keep!.id],
        'task',
      );
      const link = await ctx.store.links.get('task', 'tfso', tid);
      if (link && link.busyId !== keep!.id) {
        await ctx.dropLink('task', link.busyId);
        await ctx.commit([{ ...link, busyId: keep!.id, syncedAt: ctx.now().toISOString() }]);
      }
    }
  }
  if (made.tfso.length) {
    const want = new Set(made.tfso);
    const copies = new Map<string, TfsoTask[]>();
    for (const t of await getProjectTasks(ctx.tfso, Number(pl.tfsoId))) {
      const o = originOf(t.description);
      if (o && want.has(o)) copies.set(o, [...(copies.get(o) ?? []), t]);
    }
    for (const [busyId, ts] of copies) {
      if (ts.length < 2) continue;
      const [keep, ...extra] = ts.sort((x, y) => x.id - y.id);
      ctx.warn(
        'duplicateInTfso',
        `duplicateInTfso:task:${busyId}`,
        'warnDuplicateInTfso',
        ['task', keep!.name, String(keep!.id), extra.map((x) => String(x.id)).join(', ')],
        'task',
      );
      const link = await ctx.store.links.get('task', 'busy', busyId);
      if (link && link.tfsoId !== String(keep!.id)) {
        await ctx.dropLink('task', busyId);
        await ctx.commit([{ ...link, tfsoId: String(keep!.id), syncedAt: ctx.now().toISOString() }]);
        await ctx.write({ kind: 'task', name: keep!.name, id: busyId, op: 'marker' }, () =>
          patchTask(ctx.busy, busyId, { externalId: String(keep!.id) }),
        );
      }
    }
  }
}
