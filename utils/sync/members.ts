// Project members: 24SO participants ↔ Busy project members, through the user mapping, both ways.
// Kept as a list field `members` (24SO contact ids) in both snapshots of the project link and
// merged per element (decisions.ts `mergeIds`): whoever was added or removed on one side since
// the last sync is added or removed on the other. The first time (no snapshot) it is the union.
//
// Which projects (scope.ts): every active linked one on 'full'/'tasks' runs (one Busy request
// each); on the hourly run those whose 24SO participants changed since the last one (a single
// company-wide GetProjectParticipants with ChangedAfter: R7 within the hour), the projects this
// run touched and those in use; on the push, the projects in use whose Busy members changed.
import { addProjectMember, listProjectMembers, removeProjectMember } from '../busy/projects';
import type { Link } from '../store/types';
import { getDeactivatedProjects, getProjectList, getProjectParticipants, saveProject, type TfsoProject } from '../tfso/project';
import { alreadyDone, type ReadMode, type RunCtx } from './context';
import { readAhead } from './ahead';
import { scopeOf } from './scope';
import { after, positionKeeper, resumeAfter } from './resume';
import { mergeIds } from './decisions';
import { sameValue, sortedIds } from './model';

/** The project links a phase works on (scope.ts decides which), read now (an earlier phase of
 * this run may have written them), in the order of their Busy ids. */
export async function projectLinksInScope(ctx: RunCtx, mode: ReadMode, phase: 'members' | 'tasks'): Promise<Link[]> {
  const ids = (await scopeOf(ctx, mode))[phase];
  if (!ids.length) return [];
  const found = await ctx.store.links.getMany('project', 'busy', ids);
  return [...found.values()]
    .filter((l) => l.busy.active !== false && l.tfso.active !== false)
    .sort((a, b) => (a.busyId < b.busyId ? -1 : a.busyId > b.busyId ? 1 : 0));
}

export async function runMembers(ctx: RunCtx, mode: ReadMode): Promise<void> {
  const links = await projectLinksInScope(ctx, mode, 'members');
  if (!links.length) return;
  const users = await ctx.users();
  // 24SO participants: from the project records or the participant search read this run where
  // they came with them.
  const participants = new Map<number, number[]>();
  const missing: number[] = [];
  for (const l of links) {
    const p = ctx.tfsoProjects.get(Number(l.tfsoId))?.p.participants ?? ctx.participants.get(Number(l.tfsoId));
    if (p) participants.set(Number(l.tfsoId), p);
    else missing.push(Number(l.tfsoId));
  }
  if (missing.length) {
    const found = await getProjectParticipants(ctx.tfso, { projectIds: missing });
    // A project 24SO lists no participants for has none (it is still compared: Busy may have some).
    for (const id of missing) participants.set(id, found.get(id) ?? []);
  }
  ctx.progressTotal += links.length;

  // Busy members of the next projects are read while the current one is written (ahead.ts).
  // A project this run created in Busy has no members there yet; one the push probed was read.
  const readMembers = (l: Link) =>
    !participants.has(Number(l.tfsoId))
      ? Promise.resolve(null)
      : ctx.createdInBusy.has(Number(l.tfsoId))
        ? Promise.resolve([])
        : ctx.busyMembers.has(l.busyId)
          ? Promise.resolve(ctx.busyMembers.get(l.busyId)!)
          : listProjectMembers(ctx.busy, l.busyId);
  // A complete run cut off part-way goes on after the last project it finished (resume.ts).
  const keeper = mode === 'all' ? positionKeeper(ctx, 'members') : null;
  const todo = keeper ? after(links, await resumeAfter(ctx, 'members')) : links;
  ctx.progressDone += links.length - todo.length;
  try {
    for await (const [l, busyMembers] of readAhead(todo, readMembers)) {
      const tid = Number(l.tfsoId);
      const tAll = participants.get(tid);
      if (!tAll || !busyMembers) {
        await ctx.tick('member');
        continue;
      } // gone from 24SO since: the project phase archives it next time
      const bm = sortedIds(busyMembers.map((m) => users.toTfso.get(m.id)).filter((c): c is number => c !== undefined));
      const tm = sortedIds(tAll.filter((c) => users.toBusy.has(c)));
      const base = ctx.createdInTfso.has(tid) ? tm : (l.tfso.members ?? []);
      const merged = mergeIds(base, bm, tm);
      const counts = ctx.counts.member;
      let next: Link = l;

      const toAdd = merged.filter((c) => !bm.includes(c));
      const toRemove = bm.filter((c) => !merged.includes(c));
      let busyNow = bm;
      for (const c of toAdd) {
        const uid = users.toBusy.get(c)!;
        const ok = await ctx.write({ kind: 'project', name: String(l.busy.name ?? ''), id: l.busyId, op: `member+${uid}` }, () =>
          addProjectMember(ctx.busy, l.busyId, { userId: uid }).then(
            () => true,
            (e) => {
              alreadyDone(e);
              return true;
            },
          ),
        );
        if (ok) {
          counts.busy.created++;
          busyNow = sortedIds([...busyNow, c]);
        }
      }
      for (const c of toRemove) {
        const uid = users.toBusy.get(c)!;
        const ok = await ctx.write({ kind: 'project', name: String(l.busy.name ?? ''), id: l.busyId, op: `member-${uid}` }, async () => {
          await removeProjectMember(ctx.busy, l.busyId, uid);
          return true;
        });
        if (ok) {
          counts.busy.archived++;
          busyNow = busyNow.filter((x) => x !== c);
        }
      }
      let tfsoNow = tm;
      if (!sameValue(merged, tm)) {
        // 24SO keeps its participants who are no Busy users; SaveProject replaces the whole list.
        const keep = tAll.filter((c) => !users.toBusy.has(c));
        const t = ctx.tfsoProjects.get(tid)?.p ?? (await fetchProject(ctx, tid));
        if (t) {
          const ok = await ctx.write({ kind: 'project', name: t.name, id: l.tfsoId, op: 'participants' }, async () => {
            await saveProject(ctx.tfso, {
              id: tid,
              name: t.name,
              customerId: t.customerId,
              statusId: t.statusId ?? undefined,
              participants: sortedIds([...keep, ...merged]),
              nameDisplay: t.nameDisplay ?? undefined,
              timeReg: t.timeReg ?? undefined,
            });
            return true;
          });
          if (ok) {
            counts.tfso.updated++;
            tfsoNow = merged;
          }
        }
      }
      const wroteNothing = !toAdd.length && !toRemove.length && sameValue(merged, tm);
      if (wroteNothing) counts.busy.unchanged++;
      // Busy's member list as user ids (unmapped users too): what the push's probe compares (scope.ts).
      const added = new Set(toAdd.flatMap((c) => users.toBusy.get(c) ?? []));
      const removed = new Set(toRemove.flatMap((c) => users.toBusy.get(c) ?? []));
      const memberUsers = [...new Set([...busyMembers.map((m) => m.id).filter((id) => !removed.has(id)), ...added])].sort();
      if (!sameValue(l.busy.members, busyNow) || !sameValue(l.tfso.members, tfsoNow) || !sameValue(l.busy.memberUsers, memberUsers)) {
        next = {
          ...l,
          busy: { ...l.busy, members: busyNow, memberUsers },
          tfso: { ...l.tfso, members: tfsoNow },
          syncedAt: ctx.now().toISOString(),
        };
        if (wroteNothing) await ctx.deferLink(next);
        else await ctx.commit([next]);
      }
      await ctx.tick('member');
      await keeper?.finished(l.busyId);
    }
  } catch (e) {
    await keeper?.save().catch(() => undefined);
    throw e;
  }
  await ctx.flushLinks();
  await keeper?.done();
}

async function fetchProject(ctx: RunCtx, id: number): Promise<TfsoProject | undefined> {
  return (await getProjectList(ctx.tfso, { projectIds: [id] }))[0] ?? (await getDeactivatedProjects(ctx.tfso, { projectIds: [id] }))[0];
}
