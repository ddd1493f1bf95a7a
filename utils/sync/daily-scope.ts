// The daily run's task scope once a complete comparison has been made (issue 15: inside 24SO's
// request budget). 24SO allows 7,200 requests an hour and the daily run used to read every
// project's 24SO tasks again (16,000 requests at 20,000 projects), which the hourly rotation
// (scope.ts) already reads within its cycle. Busy publishes no budget, so the daily run reads
// Busy's side of every project whole — its tasks and each task's assignees (assigning in Busy may
// not move the task's updatedAt, so the hourly probe cannot see it) — against what the last
// comparison noted on the links, and compares (24SO read included) only the projects where Busy
// differs.
import { listProjectTasks, listTaskAssignees } from '../busy/tasks';
import type { Link } from '../store/types';
import { readAhead } from './ahead';
import type { RunCtx } from './context';
import { numeric } from './kind-spec';
import { busyTask } from './map';
import { sameValue, sortedIds } from './model';

/** A Busy task the tasks phase compares when it has no link (tasks.ts `compared`): new there (R16). */
const pairable = (externalId: string | null) => externalId === null || numeric(externalId) !== null;

/**
 * The projects among `projects` whose Busy tasks or assignees differ from what their last task
 * comparison noted: a task added, renamed, archived or deleted, or an assignee added or removed.
 */
export async function busyTasksChanged(ctx: RunCtx, projects: readonly Link[]): Promise<string[]> {
  if (!projects.length) return [];
  const users = await ctx.users();
  const taskLinks = await ctx.store.links.all('task');
  const byBusy = new Map(taskLinks.map((l) => [l.busyId, l]));
  const byProject = new Map<number, Link[]>();
  for (const l of taskLinks) {
    const p = l.tfso.project ?? l.busy.project;
    if (typeof p === 'number') byProject.set(p, [...(byProject.get(p) ?? []), l]);
  }
  const differs = async (pl: Link): Promise<boolean> => {
    const list = await listProjectTasks(ctx.busy, pl.busyId, { isActive: 'all' });
    const listed = new Set(list.map((b) => b.id));
    if ((byProject.get(Number(pl.tfsoId)) ?? []).some((l) => !listed.has(l.busyId))) return true; // deleted in Busy
    for (const b of list) {
      const l = byBusy.get(b.id);
      if (!l) {
        if (b.isActive && pairable(b.externalId)) return true;
        continue;
      }
      if (pl.busy.tasksAt === undefined || b.updatedAt > pl.busy.tasksAt) return true;
      if (!b.isActive) continue;
      // As the tasks phase models them (map.ts): mapped assignees as 24SO contact ids.
      const now = busyTask(
        b,
        Number(pl.tfsoId),
        (await listTaskAssignees(ctx.busy, b.id)).map((u) => u.id),
        (u) => users.toTfso.get(u),
      );
      if (!sameValue(now.assignees, sortedIds(l.busy.assignees ?? []))) return true;
    }
    return false;
  };
  const changed: string[] = [];
  for await (const [pl, yes] of readAhead(projects, differs)) if (yes) changed.push(pl.busyId);
  return changed;
}
