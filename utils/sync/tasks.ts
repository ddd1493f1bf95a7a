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
import { listProjectMembers } from '../busy/projects';
import type { BusyProjectUser, BusyTask } from '../busy/schemas';
import { listProjectTasks, listTaskAssignees, newestProjectTask, patchTask } from '../busy/tasks';
import type { Link } from '../store/types';
import { getProjectTasks, type TfsoTask } from '../tfso/project';
import { readAhead } from './ahead';
import { assigneeBase } from './assumed';
import { type ReadMode, type RunCtx, SyncStoppedError } from './context';
import { LinkIndex } from './link-index';
import { busyTask, tfsoTask } from './map';
import { projectLinksInScope } from './members';
import { sortedIds } from './model';
import { after, positionKeeper, resumeAfter } from './resume';
import { pairTask, type TaskRun, type TasksMade } from './task-actions';
import { lookAgainTasks } from './task-look-again';
import { matchProjectTasks, originIndex, raiseTaskDecisions } from './task-pairing';

export async function runTasks(ctx: RunCtx, mode: ReadMode): Promise<void> {
  const projects = await projectLinksInScope(ctx, mode, 'tasks');
  if (!projects.length) return;
  const users = await ctx.users();
  // Task links as they were before this phase wrote any: all of them on complete runs (one read);
  // otherwise those of each project's tasks, looked up by id when its tasks have been listed.
  const ix = await LinkIndex.open(ctx.store, 'task', mode === 'all');
  const { byBusy, byTfso } = ix;
  const needLinks = (busyIds: string[], tfsoIds: string[]) => Promise.all([ix.need('busy', busyIds), ix.need('tfso', tfsoIds)]);
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
    const since = mode === 'all' ? undefined : pl.busy.tasksAt;
    const assignees = new Map<string, string[]>();
    for (const b of compared) {
      const l = byBusy.get(b.id);
      if (since && l && b.updatedAt <= since && Array.isArray(l.busy.assignees)) {
        assignees.set(b.id, idsOf(l.busy.assignees, users));
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
    const memberContacts =
      pl.busy.members ?? sortedIds((memberList ?? []).map((m) => users.toTfso.get(m.id)).filter((c): c is number => c !== undefined));
    const members = new Set(memberContacts);
    const eligible = (c: number) => members.has(c) && users.toBusy.has(c);
    const contactOf = (uid: string) => users.toTfso.get(uid);
    const run: TaskRun = { ctx, pl, eligible, toBusy: users.toBusy, gate, made };

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
      await pairTask(run, { link: assigneeBase(ctx, l), b, t, bm, tm });
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
      await pairTask(run, { t, bm: null, tm });
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
