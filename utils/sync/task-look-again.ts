// After a project's task creates, the look-again of fresh.ts for tasks: copies carrying one marker
// (another installation created the same task, the write lock failed somewhere) resolve to the
// lowest id.
import type { BusyTask } from '../busy/schemas';
import { listProjectTasks, patchTask } from '../busy/tasks';
import type { Link } from '../store/types';
import { getProjectTasks, type TfsoTask } from '../tfso/project';
import type { RunCtx } from './context';
import { originOf } from './origin';
import type { TasksMade } from './task-actions';

/**
 * After a project's creates: its task list read again on the side written. Copies carrying one
 * marker (the lock failed somewhere, fresh.ts) resolve to the lowest id: a Busy copy is archived
 * without its marker; a 24SO copy is named in a warning (the API cannot delete it).
 */
export async function lookAgainTasks(ctx: RunCtx, pl: Link, made: TasksMade): Promise<void> {
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
