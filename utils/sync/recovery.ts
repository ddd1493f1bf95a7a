// Exactly once (R11): a create is journalled before it is sent. A run first settles every entry an
// interrupted run left pending, finding out whether the create landed before anything is written
// again:
//  - into Busy: the record carrying the 24SO id as externalId. Found → linked (with empty
//    snapshots, i.e. "adopted": the phase then compares and 24SO's values win). Not found → the
//    phase creates it again. (Every create into Busy also first looks for that marker, so a second
//    browser or a reinstall never duplicates either.)
//  - into 24SO: a record of the same kind whose Description carries the origin marker of the Busy
//    record (origin.ts), or, for creates older than the marker, one with the same name (projects:
//    active or deactivated; tasks: on the same project) that no link holds. Found → linked and
//    24SO's id written back to Busy. Not found → the phase creates it again.
// Time windows ("created after the entry started") are not used for the 24SO search: 24SO's clock
// and the browser's may differ by more than any sensible window; "same name, not linked" is the
// test, newest (highest id) first.
import { listClients } from '../busy/clients';
import { listProjects, patchProject } from '../busy/projects';
import { listTags, patchTag } from '../busy/tags';
import { listProjectTasks, patchTask } from '../busy/tasks';
import type { JournalEntry, Link } from '../store/types';
import { getDeactivatedProjects, getProjectList, getProjectTasks } from '../tfso/project';
import { getWorkTypeList } from '../tfso/time';
import type { RunCtx } from './context';
import { normName } from './model';
import { originOf } from './origin';

export async function recoverJournal(ctx: RunCtx): Promise<void> {
  const pending = (await ctx.store.journal.pending()).filter((e) => e.state === 'pending');
  for (const e of pending) {
    const link = e.target === 'busy' ? await landedInBusy(ctx, e) : await landedInTfso(ctx, e);
    ctx.log('info', 'journal entry settled', { id: e.id, kind: e.kind, target: e.target, landed: !!link });
    await ctx.store.commit({ links: link ? [link] : [], journalDone: [e.id] });
    if (link && e.target === 'tfso') await writeBack(ctx, e, link);
  }
}

async function landedInBusy(ctx: RunCtx, e: JournalEntry): Promise<Link | undefined> {
  const tfsoId = String(e.payload.tfsoId ?? '');
  if (!tfsoId || (await ctx.store.links.get(e.kind, 'tfso', tfsoId))) return undefined;
  let busyId: string | undefined;
  switch (e.kind) {
    case 'customer':
      busyId = (await listClients(ctx.busy, { externalIdIn: [tfsoId], isActive: 'all' }))[0]?.id;
      break;
    case 'project':
      busyId = (await listProjects(ctx.busy, { isActive: 'all' })).find((p) => p.externalId === tfsoId)?.id;
      break;
    case 'workType':
      busyId = (await listTags(ctx.busy, { isActive: 'all' })).find((t) => t.externalId === tfsoId)?.id;
      break;
    case 'task': {
      const projectBusyId = String(e.payload.projectBusyId ?? '');
      if (projectBusyId)
        busyId = (await listProjectTasks(ctx.busy, projectBusyId, { isActive: 'all' })).find((t) => t.externalId === tfsoId)?.id;
      break;
    }
    default:
      return undefined;
  }
  if (!busyId || (await ctx.store.links.get(e.kind, 'busy', busyId))) return undefined;
  return { kind: e.kind, busyId, tfsoId, busy: {}, tfso: {}, syncedAt: ctx.now().toISOString() };
}

async function landedInTfso(ctx: RunCtx, e: JournalEntry): Promise<Link | undefined> {
  const busyId = String(e.payload.busyId ?? e.sourceId);
  const name = normName(String(e.payload.name ?? ''));
  if (!name || (await ctx.store.links.get(e.kind, 'busy', busyId))) return undefined;
  let candidates: { id: number; name: string; description?: string | null }[] = [];
  switch (e.kind) {
    case 'project':
      candidates = [...(await getProjectList(ctx.tfso, {})), ...(await getDeactivatedProjects(ctx.tfso, {}))];
      break;
    case 'workType':
      candidates = await getWorkTypeList(ctx.tfso, {});
      break;
    case 'task':
      candidates = await getProjectTasks(ctx.tfso, Number(e.payload.projectId));
      break;
    default:
      return undefined;
  }
  const linked = new Set((await ctx.store.links.all(e.kind)).map((l) => l.tfsoId));
  // The origin marker says it for certain (lowest id, as every installation picks); creates made
  // before markers existed are recognised by name, newest first.
  const marked = candidates.filter((c) => originOf(c.description) === busyId && !linked.has(String(c.id))).sort((a, b) => a.id - b.id)[0];
  const hit =
    marked ??
    candidates
      .filter((c) => !originOf(c.description) && normName(c.name) === name && !linked.has(String(c.id)))
      .sort((a, b) => b.id - a.id)[0];
  if (!hit) return undefined;
  return { kind: e.kind, busyId, tfsoId: String(hit.id), busy: {}, tfso: {}, syncedAt: ctx.now().toISOString() };
}

/** R10: the 24SO id back on the Busy record the create came from. */
async function writeBack(ctx: RunCtx, e: JournalEntry, l: Link): Promise<void> {
  const what = { kind: e.kind, name: String(e.payload.name ?? ''), id: l.busyId, op: 'marker' };
  if (e.kind === 'project') await ctx.write(what, () => patchProject(ctx.busy, l.busyId, { externalId: l.tfsoId, number: l.tfsoId }));
  else if (e.kind === 'workType') await ctx.write(what, () => patchTag(ctx.busy, l.busyId, { externalId: l.tfsoId }));
  else if (e.kind === 'task') await ctx.write(what, () => patchTask(ctx.busy, l.busyId, { externalId: l.tfsoId }));
}
