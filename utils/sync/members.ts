// Project members: 24SO participants ↔ Busy project members, through the user mapping, both ways.
// Kept as a list field `members` (24SO contact ids) in both snapshots of the project link and
// merged per element (decisions.ts `mergeIds`): whoever was added or removed on one side since
// the last sync is added or removed on the other. The first time (no snapshot) it is the union.
//
// Cost: Busy has no change filter on /projects/{id}/users and 24SO participant edits need not
// move a project's DateChanged, so members are compared on 'full'/'tasks' runs for every active
// linked project (one Busy request each), and on incremental/push runs only for the projects that
// changed in this run. A participant-only edit in 24SO therefore reaches Busy with the daily full
// sync (or with the next change to that project).
import { addProjectMember, listProjectMembers, removeProjectMember } from '../busy/projects';
import type { Link } from '../store/types';
import { getDeactivatedProjects, getProjectList, getProjectParticipants, saveProject, type TfsoProject } from '../tfso/project';
import { alreadyDone, type ReadMode, type RunCtx } from './context';
import { readAhead } from './ahead';
import { mergeIds } from './decisions';
import { sameValue, sortedIds } from './model';

/** The project links the members and tasks phases work on: every active one on complete runs;
 * otherwise those of the projects this run touched, looked up by id (not every link read). In
 * the order of their Busy ids, as the store lists them. */
export async function projectLinksInScope(ctx: RunCtx, mode: ReadMode): Promise<Link[]> {
  if (mode === 'all') return (await ctx.store.links.all('project')).filter((l) => l.busy.active !== false && l.tfso.active !== false);
  if (!ctx.touchedProjects.size) return [];
  const found = await ctx.store.links.getMany('project', 'tfso', [...ctx.touchedProjects].map(String));
  return [...found.values()].sort((a, b) => (a.busyId < b.busyId ? -1 : a.busyId > b.busyId ? 1 : 0));
}

export async function runMembers(ctx: RunCtx, mode: ReadMode): Promise<void> {
  const links = await projectLinksInScope(ctx, mode);
  if (!links.length) return;
  const users = await ctx.users();
  // 24SO participants: from the project records read this run where they came with them.
  const participants = new Map<number, number[]>();
  const missing: number[] = [];
  for (const l of links) {
    const p = ctx.tfsoProjects.get(Number(l.tfsoId))?.p.participants;
    if (p) participants.set(Number(l.tfsoId), p); else missing.push(Number(l.tfsoId));
  }
  if (missing.length) for (const [id, cs] of await getProjectParticipants(ctx.tfso, { projectIds: missing })) participants.set(id, cs);
  ctx.progressTotal += links.length;

  // Busy members of the next projects are read while the current one is written (ahead.ts).
  const readMembers = (l: Link) => (participants.has(Number(l.tfsoId)) ? listProjectMembers(ctx.busy, l.busyId) : Promise.resolve(null));
  for await (const [l, busyMembers] of readAhead(links, readMembers)) {
    const tid = Number(l.tfsoId);
    const tAll = participants.get(tid);
    if (!tAll || !busyMembers) { await ctx.tick('member'); continue; } // gone from 24SO since: the project phase archives it next time
    const bm = sortedIds(busyMembers.map((m) => users.toTfso.get(m.id)).filter((c): c is number => c !== undefined));
    const tm = sortedIds(tAll.filter((c) => users.toBusy.has(c)));
    const base = ctx.createdInTfso.has(tid) ? tm : ((l.tfso.members as number[] | undefined) ?? []);
    const merged = mergeIds(base, bm, tm);
    const counts = ctx.counts.member;
    let next: Link = l;

    const toAdd = merged.filter((c) => !bm.includes(c));
    const toRemove = bm.filter((c) => !merged.includes(c));
    let busyNow = bm;
    for (const c of toAdd) {
      const uid = users.toBusy.get(c)!;
      const ok = await ctx.write({ kind: 'project', name: String(l.busy.name ?? ''), id: l.busyId, op: `member+${uid}` },
        () => addProjectMember(ctx.busy, l.busyId, { userId: uid }).then(() => true, (e) => { alreadyDone(e); return true; }));
      if (ok) { counts.busy.created++; busyNow = sortedIds([...busyNow, c]); }
    }
    for (const c of toRemove) {
      const uid = users.toBusy.get(c)!;
      const ok = await ctx.write({ kind: 'project', name: String(l.busy.name ?? ''), id: l.busyId, op: `member-${uid}` },
        async () => { await removeProjectMember(ctx.busy, l.busyId, uid); return true; });
      if (ok) { counts.busy.archived++; busyNow = busyNow.filter((x) => x !== c); }
    }
    let tfsoNow = tm;
    if (!sameValue(merged, tm)) {
      // 24SO keeps its participants who are no Busy users; SaveProject replaces the whole list.
      const keep = tAll.filter((c) => !users.toBusy.has(c));
      const t = ctx.tfsoProjects.get(tid)?.p ?? (await fetchProject(ctx, tid));
      if (t) {
        const ok = await ctx.write({ kind: 'project', name: t.name, id: l.tfsoId, op: 'participants' }, async () => {
          await saveProject(ctx.tfso, {
            id: tid, name: t.name, customerId: t.customerId, statusId: t.statusId ?? undefined, participants: sortedIds([...keep, ...merged]),
            nameDisplay: t.nameDisplay ?? undefined, timeReg: t.timeReg ?? undefined,
          });
          return true;
        });
        if (ok) { counts.tfso.updated++; tfsoNow = merged; }
      }
    }
    const wroteNothing = !toAdd.length && !toRemove.length && sameValue(merged, tm);
    if (wroteNothing) counts.busy.unchanged++;
    if (!sameValue(l.busy.members, busyNow) || !sameValue(l.tfso.members, tfsoNow)) {
      next = { ...l, busy: { ...l.busy, members: busyNow }, tfso: { ...l.tfso, members: tfsoNow }, syncedAt: ctx.now().toISOString() };
      if (wroteNothing) await ctx.deferLink(next); else await ctx.commit([next]);
    }
    await ctx.tick('member');
  }
  await ctx.flushLinks();
}

async function fetchProject(ctx: RunCtx, id: number): Promise<TfsoProject | undefined> {
  return (await getProjectList(ctx.tfso, { projectIds: [id] }))[0] ?? (await getDeactivatedProjects(ctx.tfso, { projectIds: [id] }))[0];
}
