// The plan: what a full sync would do now, read from both sides and written NOWHERE (no request
// that changes anything, no store write). The options page shows it on the first connection (and
// when a kind is switched on); the admin answers the open decisions and confirms; the engine then
// runs with those answers (SyncDeps.decisions) and does what the plan says.
//
// Same code as the engine where it matters: each master kind is read and paired by
// `collectPairs` (pairing.ts) and judged by `decidePair` (pair-actions.ts), tasks are matched by `matchProjectTasks`
// (tasks.ts), users by `readUserMapping` (users.ts). So the plan's figures equal what `full`
// then does, unless either side changes in between or a remote refuses a write.
import { listProjectMembers } from '../busy/projects';
import { listProjectTasks } from '../busy/tasks';
import { getProjectParticipants, getProjectTasks, type TfsoProject } from '../tfso/project';
import { RunCtx, newId, type SyncDeps } from './context';
import { decide, mergeIds } from './decisions';
import { CustomerIndex } from './customer-index';
import type { KindSpec } from './kind-spec';
import { customerSpec, projectSpec } from './kinds';
import { archives, decidePair, type Planned } from './pair-actions';
import { collectPairs, type Pair } from './pairing';
import { guardedWorkTypeSpec } from './assumed';
import type { MatchDecision } from './matching';
import { busyTask, tfsoTask } from './map';
import { type MasterKind, type ModelOf, normName, sortedIds } from './model';
import { matchProjectTasks } from './task-pairing';
import { readUserMapping, userOverridesOf } from './users';

export {
  PlanRecordSchema,
  PlanLinkSchema,
  PlanDecisionSchema,
  PlanKindSchema,
  PlanUsersSchema,
  PlanSchema,
  type Plan,
  type PlanKind,
  type PlanDecision,
} from './plan-schema';
import { PlanSchema, type Plan, type PlanDecision, type PlanKind } from './plan-schema';

const emptyKind = (): PlanKind => ({
  link: [],
  createBusy: [],
  createTfso: [],
  archive: [],
  updateBusy: [],
  updateTfso: [],
  busyOnly: [],
  decisions: [],
});
const nameOf = (m: ModelOf<MasterKind> | null) => m?.name ?? '';

/**
 * What `runSync(deps, 'full')` would do now. Reads only: no write to either system or to the store.
 * Honours `deps.decisions` (answered decisions show as links or creates) and `deps.userOverrides`.
 */
export async function planSync(deps: SyncDeps): Promise<Plan> {
  const ctx = new RunCtx(deps, 'full', newId('plan'), async () => undefined);
  const kinds = { customer: emptyKind(), workType: emptyKind(), project: emptyKind(), task: emptyKind() };

  const customers = await planKind(ctx, customerSpec(ctx, 'all'), kinds.customer);
  await planKind(ctx, guardedWorkTypeSpec(ctx).spec, kinds.workType);
  // Projects see the customers as the customer phase will have linked them.
  const ix = await CustomerIndex.load(ctx);
  for (const { p } of customers) if (p.b && p.t && !p.link) ix.set(p.b.id, p.t.id);
  const projects = await planKind(ctx, projectSpec(ctx, 'all', ix), kinds.project);

  const users = await planUsers(ctx);
  await planTasks(ctx, projects, kinds.task, users.mapping);

  const openDecisions = Object.values(kinds).reduce((n, k) => n + k.decisions.length, 0) + users.plan.decisions.length;
  return PlanSchema.parse({ version: 1, createdAt: ctx.now().toISOString(), kinds, users: users.plan, openDecisions });
}

async function planKind<K extends MasterKind>(ctx: RunCtx, spec: KindSpec<K>, out: PlanKind): Promise<{ p: Pair<K>; plan: Planned }[]> {
  const c = await collectPairs(ctx, spec, 'all');
  const judged: { p: Pair<K>; plan: Planned }[] = [];
  const matchedBy = new Map((c.match?.links ?? []).map((l) => [l.busyId, l.by]));
  for (const p of c.pairs.values()) {
    const plan = decidePair(spec, p, c.tfsoComplete);
    judged.push({ p, plan });
    const b = p.b ? { id: p.b.id, name: p.b.name } : undefined;
    const t = p.t ? { id: String(p.t.id), name: nameOf(p.tm) } : undefined;
    if (plan.adopt) out.link.push({ busy: b!, tfso: t!, by: matchedBy.get(p.b!.id) ?? 'externalId' });
    switch (plan.action) {
      case 'createBusy':
        out.createBusy.push(t!);
        break;
      case 'createTfso':
        out.createTfso.push(b!);
        break;
      case 'warnBusyOnly':
        out.busyOnly.push(b!);
        break;
      case 'archiveMarked':
        out.archive.push(b!);
        break;
      case 'archiveBusy':
        out.archive.push({ id: p.link!.busyId, name: nameOf(p.bm ?? p.tm) });
        break;
      case 'update': {
        const d = plan.decision;
        const busyId = p.link?.busyId ?? p.b!.id;
        const tfsoId = p.link?.tfsoId ?? String(p.t!.id);
        if (Object.keys(d.toTfso).length && spec.updateTfso) out.updateTfso.push({ id: tfsoId, name: nameOf(p.tm) });
        if (Object.keys(d.toBusy).length) (archives(d, p.bm) ? out.archive : out.updateBusy).push({ id: busyId, name: nameOf(p.bm) });
        break;
      }
      default:
        break;
    }
  }
  out.decisions.push(...(c.match?.open ?? []).map(toPlanDecision));
  return judged;
}

const toPlanDecision = (d: MatchDecision): PlanDecision => ({
  ...d,
  candidates: d.candidates.map((x) => ({ ...x })),
  subject: { ...d.subject },
});

async function planUsers(ctx: RunCtx) {
  const overrides = userOverridesOf(ctx.deps);
  const { mapping, busyUsers: busy, tfsoUsers: tfso } = await readUserMapping(ctx.busy, ctx.tfso, overrides);
  const tName = new Map(tfso.map((t) => [t.contactId, t.name]));
  const plan: Plan['users'] = {
    link: [...mapping.toTfso].map(([bid, cid]) => ({
      busy: { id: bid, name: busy.find((u) => u.id === bid)!.displayName },
      tfso: { id: String(cid), name: tName.get(cid) ?? '' },
      by: mapping.how.get(bid)!,
    })),
    unmapped: mapping.unmapped.map((id) => ({ id, name: busy.find((u) => u.id === id)!.displayName })),
    decisions: [],
  };
  // An unmapped Busy user whose name several free 24SO users share (or who shares it with another
  // Busy user): the name step could not decide.
  const freeT = tfso.filter((t) => !mapping.toBusy.has(t.contactId));
  for (const u of busy.filter((x) => mapping.unmapped.includes(x.id) && !(x.id in overrides))) {
    const n = normName(u.displayName);
    const cands = freeT.filter((t) => normName(t.name) === n);
    if (!cands.length) continue;
    plan.decisions.push({
      key: `user:busy:${u.id}`,
      kind: 'user',
      subject: { side: 'busy', id: u.id, name: u.displayName },
      reason: 'several',
      candidates: cands.map((t) => ({ id: String(t.contactId), name: t.name, why: 'name' as const })),
    });
  }
  return { plan, mapping };
}

/**
 * Tasks of every project that is linked and active after the project phase, as runTasks (tasks.ts)
 * will see them: members merged first (members.ts), then tasks paired, matched and judged.
 */
async function planTasks(
  ctx: RunCtx,
  projects: { p: Pair<'project'>; plan: Planned }[],
  out: PlanKind,
  users: { toTfso: Map<string, number>; toBusy: Map<number, string> },
): Promise<void> {
  const taskLinks = await ctx.store.links.all('task');
  const byBusy = new Map(taskLinks.map((l) => [l.busyId, l]));
  const byTfso = new Map(taskLinks.map((l) => [l.tfsoId, l]));
  const participantsOf = async (id: number, p?: TfsoProject) =>
    p?.participants ?? (await getProjectParticipants(ctx.tfso, { projectIds: [id] })).get(id) ?? [];
  const mappedBusy = (cs: readonly number[]) => sortedIds(cs.filter((c) => users.toBusy.has(c)));

  for (const { p, plan } of projects) {
    const d = plan.decision;
    const busyActive = d?.action === 'update' && 'active' in d.toBusy ? d.toBusy.active : p.bm?.active;
    const tfsoActive = d?.action === 'update' && 'active' in d.toTfso ? d.toTfso.active : p.tm?.active;

    if (plan.action === 'createTfso') {
      // A Busy project created in 24SO: its active hand-made tasks follow it (R16).
      for (const bt of await listProjectTasks(ctx.busy, p.b!.id, { isActive: 'all' })) {
        if (bt.isActive && bt.externalId === null) out.createTfso.push({ id: bt.id, name: bt.name });
      }
      continue;
    }
    if (plan.action === 'createBusy') {
      if (!p.tm?.active) continue;
      const tid = p.t!.id;
      const members = new Set(mappedBusy(await participantsOf(tid, p.t)));
      for (const t of await getProjectTasks(ctx.tfso, tid)) {
        if (t.participants.some((c) => members.has(c) && users.toBusy.has(c))) out.createBusy.push({ id: String(t.id), name: t.name });
      }
      continue;
    }
    if (plan.action !== 'update' && plan.action !== 'unchanged') continue;
    if (!p.link && !plan.adopt) continue;
    if (busyActive === false || tfsoActive === false) continue;
    const busyId = p.link?.busyId ?? p.b!.id;
    const tfsoId = Number(p.link?.tfsoId ?? p.t!.id);

    // Members as runMembers leaves them: merged per element since the last sync (first time: union).
    const bm = mappedBusy(
      (await listProjectMembers(ctx.busy, busyId)).map((m) => users.toTfso.get(m.id)).filter((c): c is number => c !== undefined),
    );
    const tm = mappedBusy(await participantsOf(tfsoId, p.t));
    const members = new Set(mergeIds(p.link?.tfso.members ?? [], bm, tm));
    const eligible = (c: number) => members.has(c) && users.toBusy.has(c);
    const contactOf = (uid: string) => users.toTfso.get(uid);

    const tfsoTasks = await getProjectTasks(ctx.tfso, tfsoId);
    const busyTasks = await listProjectTasks(ctx.busy, busyId, { isActive: 'all' });
    const tById = new Map(tfsoTasks.map((t) => [String(t.id), t]));
    const match = matchProjectTasks(busyTasks, tfsoTasks, byBusy, byTfso, ctx.deps.decisions ?? {});
    const matchedB = new Map(match.links.map((l) => [l.busyId, l]));
    out.decisions.push(...match.open.map(toPlanDecision));
    const seenT = new Set<string>();
    for (const b of busyTasks) {
      const link = byBusy.get(b.id);
      const m = matchedB.get(b.id);
      const tid = link?.tfsoId ?? (b.externalId && /^\d+$/.test(b.externalId) ? b.externalId : undefined) ?? m?.tfsoId;
      if (!tid && match.heldBusy.has(b.id)) continue;
      if (tid) seenT.add(tid);
      const t = tid ? tById.get(tid) : undefined;
      if (!b.isActive) continue;
      if (!link && b.externalId !== null && !tid) continue;
      if (!link && tid && !t) {
        out.archive.push({ id: b.id, name: b.name });
        continue;
      }
      if (!link && t)
        out.link.push({
          busy: { id: b.id, name: b.name },
          tfso: { id: String(t.id), name: t.name },
          by: (m?.by ?? 'externalId') as 'externalId',
        });
      if (!link && !t) {
        out.createTfso.push({ id: b.id, name: b.name });
        continue;
      }
      if (link && !t) {
        out.archive.push({ id: b.id, name: b.name });
        continue;
      }
      // a pair: what changes (names; assignees are a set merge)
      const snap = link ? { busy: link.busy, tfso: link.tfso } : { busy: {}, tfso: {} };
      const dd = decide('task', snap, busyTask(b, tfsoId, [], contactOf), tfsoTask(t!, eligible));
      if (dd.action === 'update' && 'name' in dd.toTfso) out.updateTfso.push({ id: tid!, name: t!.name });
      if (dd.action === 'update' && 'name' in dd.toBusy) out.updateBusy.push({ id: b.id, name: b.name });
    }
    for (const t of tfsoTasks) {
      const id = String(t.id);
      if (seenT.has(id) || byTfso.has(id) || match.heldTfso.has(id)) continue;
      if (t.participants.some(eligible)) out.createBusy.push({ id, name: t.name });
    }
  }
}
