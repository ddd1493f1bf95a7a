// One task pair of a linked project: decide (decisions.ts, the same table as the master kinds),
// then act, one small function per action. Creates wait for the write lock (TaskRun.gate), are
// journalled first and committed with their link (exactly once, R11).
import { addProjectMember } from '../busy/projects';
import type { BusyTask } from '../busy/schemas';
import { addTaskAssignee, createTask, patchTask, removeTaskAssignee } from '../busy/tasks';
import type { Link } from '../store/types';
import { saveProjectTask, type TfsoTask } from '../tfso/project';
import { writeAssignee } from './assumed';
import { alreadyDone, type RunCtx } from './context';
import { CONFLICT_POLICY, CONFLICT_WARNING, decide, type UpdateDecision } from './decisions';
import { sortedIds, type TaskModel } from './model';
import { withOrigin } from './origin';

const YEAR_MS = 365 * 86_400_000;

/** One project's task comparison, as the actions see it. */
export interface TaskRun {
  ctx: RunCtx;
  /** The project's link (Busy id, 24SO id). */
  pl: Link;
  /** A contact may be an assignee in Busy: a project member who is a Busy user (R14, R15). */
  eligible: (c: number) => boolean;
  /** 24SO contact id → Busy user id. */
  toBusy: Map<number, string>;
  /** Before a create: the write lock, and a StaleRead when it was taken after the project was read. */
  gate: () => Promise<void>;
  made: TasksMade;
}

export interface TasksMade {
  busy: string[];
  tfso: string[];
  /** any write to this project's Busy tasks */
  busyWrote?: boolean;
}

/** The pair: its link (if any), each side's record and model. */
export interface TaskPair {
  link?: Link;
  b?: BusyTask;
  t?: TfsoTask;
  bm: TaskModel | null;
  tm: TaskModel | null;
}

export async function pairTask(run: TaskRun, p: TaskPair): Promise<void> {
  const d = decide('task', p.link ? { busy: p.link.busy, tfso: p.link.tfso } : undefined, p.bm, p.tm, CONFLICT_POLICY);
  switch (d.action) {
    case 'createBusy':
      return createBusyTask(run, p.t!, p.tm!);
    case 'createTfso':
      return createTfsoTask(run, p.b!, p.bm!);
    case 'archiveBusy':
      return archiveBusyTask(run, p.link!, (p.tm ?? p.bm)?.name ?? '');
    case 'dropLink':
      return run.ctx.dropLink('task', p.link!.busyId);
    case 'warnBusyOnly':
    case 'none':
      run.ctx.counts.task.busy.unchanged++;
      return;
    case 'update':
      return updateTask(run, p, d);
  }
}

async function assign(ctx: RunCtx, taskId: string, userId: string): Promise<void> {
  await addTaskAssignee(ctx.busy, taskId, userId).then(() => undefined, alreadyDone);
}

async function createBusyTask(run: TaskRun, t: TfsoTask, tm: TaskModel): Promise<void> {
  const { ctx, pl, toBusy } = run;
  await run.gate();
  const tid = String(t.id);
  const e = await ctx.journal('task', 'busy', tid, { name: tm.name, tfsoId: tid, projectBusyId: pl.busyId });
  run.made.busyWrote = true;
  const assigned: number[] = []; // what Busy holds: assignee writes may be absent (assumed.ts)
  const created = await ctx.write({ kind: 'task', name: tm.name, id: tid, op: 'create' }, async () => {
    const nb = await createTask(ctx.busy, pl.busyId, {
      name: tm.name,
      defaultTagId: null,
      state: 'todo',
      allowTimeTracking: true,
      isPrioritized: false,
      parentId: null,
      externalId: tid,
      isActive: true,
    });
    for (const c of tm.assignees) {
      if (await writeAssignee(ctx, 'add', nb.id, toBusy.get(c)!, () => assign(ctx, nb.id, toBusy.get(c)!))) assigned.push(c);
    }
    return nb;
  });
  if (!created) {
    await ctx.store.commit({ journalDone: [e.id] });
    return;
  }
  const snap = { ...tm };
  await ctx.commit(
    [
      {
        kind: 'task',
        busyId: created.id,
        tfsoId: tid,
        busy: { ...snap, assignees: assigned },
        tfso: snap,
        syncedAt: ctx.now().toISOString(),
      },
    ],
    [e.id],
  );
  ctx.counts.task.busy.created++;
  run.made.busy.push(tid);
}

async function createTfsoTask(run: TaskRun, b: BusyTask, bm: TaskModel): Promise<void> {
  const { ctx } = run;
  await run.gate();
  const pid = Number(run.pl.tfsoId);
  const start = new Date(Date.parse(b.createdAt));
  const e = await ctx.journal('task', 'tfso', b.id, { name: bm.name, busyId: b.id, projectId: pid });
  const id = await ctx.write({ kind: 'task', name: bm.name, id: b.id, op: 'create' }, () =>
    saveProjectTask(ctx.tfso, {
      projectId: pid,
      name: bm.name,
      dateStart: start,
      dateStop: new Date(start.getTime() + YEAR_MS),
      participants: bm.assignees,
      description: withOrigin(null, b.id),
    }),
  );
  if (!id) {
    await ctx.store.commit({ journalDone: [e.id] });
    return;
  }
  const snap = { ...bm };
  await ctx.commit([{ kind: 'task', busyId: b.id, tfsoId: String(id), busy: snap, tfso: snap, syncedAt: ctx.now().toISOString() }], [e.id]);
  ctx.counts.task.tfso.created++;
  run.made.tfso.push(b.id);
  run.made.busyWrote = true;
  await ctx.write({ kind: 'task', name: bm.name, id: b.id, op: 'marker' }, () => patchTask(ctx.busy, b.id, { externalId: String(id) }));
}

async function archiveBusyTask(run: TaskRun, link: Link, name: string): Promise<void> {
  const { ctx } = run;
  run.made.busyWrote = true;
  const r = await ctx.write({ kind: 'task', name, id: link.busyId, op: 'archive' }, () =>
    patchTask(ctx.busy, link.busyId, { isActive: false }),
  );
  if (r) {
    ctx.counts.task.busy.archived++;
    await ctx.dropLink('task', link.busyId);
  }
}

/** Linked, both present: the name and the assignees each way, then the snapshots and the marker. */
async function updateTask(run: TaskRun, p: TaskPair, d: UpdateDecision): Promise<void> {
  const { ctx } = run;
  const link = p.link!;
  const name = (p.tm ?? p.bm)?.name ?? '';
  for (const c of d.conflicts) {
    const [code, messageKey] = CONFLICT_WARNING[c.kept];
    const w = ctx.warn(
      code,
      `conflict:task:${link.busyId}:${c.field}:${ctx.runId}`,
      messageKey,
      ['task', name, c.field, String(c.busy), String(c.tfso)],
      'task',
    );
    await ctx.store.commit({ warnings: [w] });
  }
  const tfso = await writeTaskToTfso(run, p, d, name);
  const busy = await writeTaskToBusy(run, p, d, name);
  const wrote = tfso.wrote || busy.wrote;
  if (wrote && Object.keys(d.toBusy).length) ctx.counts.task.busy.updated++;
  if (!wrote) ctx.counts.task.busy.unchanged++;
  const next: Link = { ...link, busy: { ...busy.now }, tfso: { ...tfso.now }, syncedAt: ctx.now().toISOString() };
  if (JSON.stringify(next.busy) !== JSON.stringify(link.busy) || JSON.stringify(next.tfso) !== JSON.stringify(link.tfso)) {
    // nothing written remotely and the marker in place: the snapshot may wait in the buffer
    if (!wrote && p.b?.externalId === link.tfsoId) await ctx.deferLink(next);
    else await ctx.commit([next]);
  }
  const b = p.b;
  if (b && b.externalId !== link.tfsoId) {
    run.made.busyWrote = true;
    await ctx.write({ kind: 'task', name, id: b.id, op: 'marker' }, () => patchTask(ctx.busy, b.id, { externalId: link.tfsoId }));
  }
}

/** The name or the assignees to 24SO (SaveProjectTask replaces the participants: those who are no
 * Busy project members are kept). */
async function writeTaskToTfso(run: TaskRun, p: TaskPair, d: UpdateDecision, name: string): Promise<{ now: TaskModel; wrote: boolean }> {
  const { ctx } = run;
  const tm = p.tm!;
  if (d.toTfso.name === undefined && d.toTfso.assignees === undefined) return { now: tm, wrote: false };
  const t = p.t!;
  const b = p.b!;
  const target: TaskModel = { ...tm, ...d.toTfso };
  const keep = t.participants.filter((c) => !run.eligible(c));
  const ok = await ctx.write({ kind: 'task', name, id: p.link!.tfsoId, op: 'update' }, async () => {
    await saveProjectTask(ctx.tfso, {
      id: t.id,
      projectId: Number(run.pl.tfsoId),
      name: target.name,
      dateStart: new Date(t.dateStart ?? b.createdAt),
      dateStop: new Date(t.dateStop ?? t.dateStart ?? b.createdAt),
      participants: sortedIds([...keep, ...target.assignees]),
      statusId: t.statusId ?? null,
    });
    return true;
  });
  if (!ok) return { now: tm, wrote: false };
  ctx.counts.task.tfso.updated++;
  return { now: target, wrote: true };
}

/** The name and the assignees to Busy, one write each (an assignee write may be absent: assumed.ts). */
async function writeTaskToBusy(run: TaskRun, p: TaskPair, d: UpdateDecision, name: string): Promise<{ now: TaskModel; wrote: boolean }> {
  const { ctx, toBusy, pl } = run;
  let now = p.bm!;
  let wrote = false;
  const toName = d.toBusy.name;
  if (toName !== undefined) {
    const b = p.b!;
    run.made.busyWrote = true;
    const r = await ctx.write({ kind: 'task', name, id: b.id, op: 'update' }, () => patchTask(ctx.busy, b.id, { name: toName }));
    if (r) {
      now = { ...now, name: r.name };
      wrote = true;
    }
  }
  const want = d.toBusy.assignees;
  if (want === undefined) return { now, wrote };
  const b = p.b!;
  for (const c of want.filter((x) => !now.assignees.includes(x))) {
    const uid = toBusy.get(c);
    if (!uid) continue;
    run.made.busyWrote = true;
    const added = await ctx.write({ kind: 'task', name, id: b.id, op: `assignee+${uid}` }, () =>
      writeAssignee(ctx, 'add', b.id, uid, () =>
        assign(ctx, b.id, uid).catch(async (e) => {
          // not a member after all (members changed since): make them one, then assign
          if (!(e instanceof Error) || !/member/i.test(e.message) || /already/i.test(e.message)) throw e;
          await addProjectMember(ctx.busy, pl.busyId, { userId: uid }).catch(alreadyDone);
          await assign(ctx, b.id, uid);
        }),
      ),
    );
    if (!added) continue;
    now = { ...now, assignees: sortedIds([...now.assignees, c]) };
    wrote = true;
  }
  for (const c of now.assignees.filter((x) => !want.includes(x))) {
    const uid = toBusy.get(c);
    if (!uid) continue;
    run.made.busyWrote = true;
    const removed = await ctx.write({ kind: 'task', name, id: b.id, op: `assignee-${uid}` }, () =>
      writeAssignee(ctx, 'remove', b.id, uid, () => removeTaskAssignee(ctx.busy, b.id, uid)),
    );
    if (!removed) continue;
    now = { ...now, assignees: now.assignees.filter((x) => x !== c) };
    wrote = true;
  }
  return { now, wrote };
}
