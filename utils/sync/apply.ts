// Acting, the third job of the master-data loop: each pair's decision (pair-actions.ts) done by
// one small function per action. Creates wait for the company's write lock and a fresh look
// (fresh.ts); every create is journalled first and committed with its link (exactly once, R11).
import type { Link } from '../store/types';
import type { RunCtx } from './context';
import { CONFLICT_WARNING, type ConflictPolicy, type UpdateDecision } from './decisions';
import type { Created, FreshGate } from './fresh';
import type { BusyOf, KindSpec } from './kind-spec';
import type { MasterKind, ModelOf } from './model';
import { archives, decidePair, type Planned } from './pair-actions';
import { type Collected, type Pair, sameModel } from './pairing';

/** One kind's run as the actions see it. */
export interface KindRun<K extends MasterKind> {
  ctx: RunCtx;
  spec: KindSpec<K>;
  c: Collected<K>;
  policy: ConflictPolicy;
  gate: FreshGate<K>;
  made: Created;
  /** Busy-only customers warned about this run (the rest are resolved). */
  warnKeys: Set<string>;
}

export async function applyPair<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  const { ctx, spec, c } = run;
  let planned = decidePair(spec, p, c.tfsoComplete, run.policy);
  if (planned.action === 'createBusy' || planned.action === 'createTfso') {
    await run.gate.before();
    planned = decidePair(spec, p, c.tfsoComplete, run.policy); // the fresh look may have found it made elsewhere
  }
  if (planned.adopt) {
    p.link = { kind: spec.kind, busyId: p.b!.id, tfsoId: spec.tfsoId(p.t!), busy: {}, tfso: {}, syncedAt: ctx.now().toISOString() };
    ctx.linked[spec.kind]++;
  }
  noteTouchedProject(run, p, planned);
  await act(run, p, planned);
}

function act<K extends MasterKind>(run: KindRun<K>, p: Pair<K>, planned: Planned): Promise<void> {
  switch (planned.action) {
    case 'skip':
      return Promise.resolve();
    case 'archiveMarked':
      return archiveMarked(run, p);
    case 'unchanged':
      return unchanged(run, p);
    case 'createBusy':
      return createBusy(run, p);
    case 'warnBusyOnly':
      return warnBusyOnly(run, p);
    case 'createTfso':
      return createTfso(run, p);
    case 'archiveBusy':
      return archiveBusy(run, p);
    case 'dropLink':
      return run.ctx.dropLink(run.spec.kind, p.link!.busyId);
    case 'update':
      return update(run, p, planned.decision);
  }
}

/** Projects a pair changes: their members and tasks are compared this run (scope.ts). */
function noteTouchedProject<K extends MasterKind>(run: KindRun<K>, p: Pair<K>, planned: Planned): void {
  if (run.spec.kind !== 'project' || planned.action === 'skip' || planned.action === 'archiveMarked') return;
  const tid = p.link?.tfsoId ?? (p.t ? run.spec.tfsoId(p.t) : undefined);
  const changed = !p.link || (p.bm && !sameModel(p.bm, p.link.busy)) || (p.tm && !sameModel(p.tm, p.link.tfso));
  if (tid && changed) run.ctx.touchedProjects.add(Number(tid));
}

const nameOf = <K extends MasterKind>(p: Pair<K>) => (p.tm ?? p.bm)?.name ?? '';
const counts = <K extends MasterKind>(run: KindRun<K>) => run.ctx.counts[run.spec.kind];

/** A Busy record marked with a 24SO id that 24SO no longer has. */
async function archiveMarked<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  const { ctx, spec } = run;
  const b = await ctx.write({ kind: spec.kind, name: p.bm!.name, id: p.b!.id, op: 'archive' }, () => spec.archiveBusy(p.b!.id));
  if (b) counts(run).busy.archived++;
}

async function unchanged<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  counts(run).busy.unchanged++;
  if (p.link && p.bm && p.tm) await refreshLink(run.ctx, p.link, p.bm, p.tm, p.b ? { spec: run.spec, b: p.b } : undefined, true);
}

async function createBusy<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  const { ctx, spec } = run;
  const kind = spec.kind;
  const name = nameOf(p);
  const t = p.t!;
  const tid = spec.tfsoId(t);
  const e = await ctx.journal(kind, 'busy', tid, { name, tfsoId: tid });
  const b = await ctx.write({ kind, name, id: tid, op: 'create' }, () => spec.createBusy(t, p.tm!));
  if (!b) {
    await ctx.store.commit({ journalDone: [e.id] });
    return;
  }
  await ctx.commit([{ kind, busyId: b.id, tfsoId: tid, busy: spec.busyModel(b), tfso: p.tm!, syncedAt: ctx.now().toISOString() }], [e.id]);
  counts(run).busy.created++;
  run.made.busy.set(tid, b.id);
  if (kind === 'project') {
    ctx.touchedProjects.add(Number(tid));
    ctx.createdInBusy.add(Number(tid));
  }
}

/** A customer only in Busy: a warning, never a write (R4). */
async function warnBusyOnly<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  const key = `busyOnlyCustomer:${p.b!.id}`;
  run.warnKeys.add(key);
  const w = run.ctx.warn('busyOnlyCustomer', key, 'warnBusyOnlyCustomer', [nameOf(p)], 'customer');
  await run.ctx.store.commit({ warnings: [w] });
  counts(run).busy.unchanged++;
}

async function createTfso<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  const { ctx, spec } = run;
  const kind = spec.kind;
  const name = nameOf(p);
  const b = p.b!;
  const e = await ctx.journal(kind, 'tfso', b.id, { name, busyId: b.id });
  const tid = await ctx.write({ kind, name, id: b.id, op: 'create' }, () => spec.createTfso!(b, p.bm!));
  if (!tid) {
    await ctx.store.commit({ journalDone: [e.id] });
    return;
  }
  await ctx.commit([{ kind, busyId: b.id, tfsoId: tid, busy: p.bm!, tfso: p.bm!, syncedAt: ctx.now().toISOString() }], [e.id]);
  counts(run).tfso.created++;
  run.made.tfso.set(b.id, tid);
  // R10: 24SO's id goes back to Busy (externalId; a project's number too).
  await ctx.write({ kind, name, id: b.id, op: 'marker' }, () => spec.writeMarker(b, tid));
}

/** Gone from 24SO (or made inactive there, R6): archived in Busy. */
async function archiveBusy<K extends MasterKind>(run: KindRun<K>, p: Pair<K>): Promise<void> {
  const { ctx, spec } = run;
  const l = p.link!;
  const b = await ctx.write({ kind: spec.kind, name: nameOf(p), id: l.busyId, op: 'archive' }, () => spec.archiveBusy(l.busyId));
  if (!b) return;
  await ctx.commit([{ ...l, busy: spec.busyModel(b), tfso: { ...l.tfso, active: false }, syncedAt: ctx.now().toISOString() }]);
  counts(run).busy.archived++;
  if (spec.kind === 'project') ctx.touchedProjects.add(Number(l.tfsoId));
}

const show = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/** What the policy overwrote, and what a customer had changed in Busy (put back, R4). */
async function warnOverwritten<K extends MasterKind>(run: KindRun<K>, l: Link, name: string, d: UpdateDecision): Promise<void> {
  const { ctx, spec } = run;
  const kind = spec.kind;
  const warn = (code: string, key: string, messageKey: string, subs: string[]) =>
    ctx.store.commit({ warnings: [ctx.warn(code, key, messageKey, subs, kind)] });
  for (const c of d.conflicts) {
    const [code, messageKey] = CONFLICT_WARNING[c.kept];
    await warn(code, `conflict:${kind}:${l.busyId}:${c.field}:${ctx.runId}`, messageKey, [kind, name, c.field, show(c.busy), show(c.tfso)]);
  }
  for (const c of d.restored) {
    const subs = [name, c.field, show(c.busy), show(c.tfso)];
    await warn('customerEditedInBusy', `customerEdited:${l.busyId}:${c.field}:${ctx.runId}`, 'warnCustomerEditedInBusy', subs);
  }
}

/** Linked, both present, some field differs: each side gets what the decision says. */
async function update<K extends MasterKind>(run: KindRun<K>, p: Pair<K>, d: UpdateDecision): Promise<void> {
  const { ctx, spec } = run;
  const kind = spec.kind;
  const name = nameOf(p);
  const l = p.link!;
  await warnOverwritten(run, l, name, d);
  let bm = p.bm!;
  let tm = p.tm!;
  let wrote = false;
  if (Object.keys(d.toTfso).length && spec.updateTfso) {
    const target: ModelOf<K> = { ...tm, ...d.toTfso };
    const t = p.t ?? (await spec.fetchTfso([l.tfsoId]))[0];
    if (!t) return; // gone since: the next complete read archives it
    const ok = await ctx.write({ kind, name, id: l.tfsoId, op: 'update' }, async () => {
      await spec.updateTfso!(t, l.tfsoId, target);
      return true;
    });
    if (ok) {
      tm = target;
      counts(run).tfso.updated++;
      wrote = true;
      if (kind === 'project') ctx.touchedProjects.add(Number(l.tfsoId));
    }
  }
  if (Object.keys(d.toBusy).length) {
    const b = await ctx.write({ kind, name, id: l.busyId, op: 'update' }, () => spec.patchBusy({ id: l.busyId }, d.toBusy));
    if (b) {
      bm = spec.busyModel(b);
      if (archives(d, p.bm)) counts(run).busy.archived++;
      else counts(run).busy.updated++;
      wrote = true;
      if (kind === 'project') ctx.touchedProjects.add(Number(l.tfsoId));
      p.b = b;
    }
  }
  if (!wrote && !d.accepted.length) counts(run).busy.unchanged++;
  await refreshLink(ctx, l, bm, tm, p.b ? { spec, b: p.b } : undefined, !wrote);
}

/** Stores both sides as they are now, and puts a missing marker back on the Busy record.
 * `noRemoteWrite`: nothing was written to either system for this pair, so the link may wait in
 * the run's buffer (RunCtx.deferLink) unless a marker write follows it. */
export async function refreshLink<K extends MasterKind>(
  ctx: RunCtx,
  l: Link,
  bm: ModelOf<K>,
  tm: ModelOf<K>,
  record?: { spec: KindSpec<K>; b: BusyOf<K> },
  noRemoteWrite = false,
): Promise<void> {
  const next: Link = { ...l, busy: { ...l.busy, ...bm }, tfso: { ...l.tfso, ...tm } };
  const markerMissing = !!record && !record.spec.markerOk(record.b, l.tfsoId);
  if (JSON.stringify(next.busy) !== JSON.stringify(l.busy) || JSON.stringify(next.tfso) !== JSON.stringify(l.tfso)) {
    const linked = { ...next, syncedAt: ctx.now().toISOString() };
    if (noRemoteWrite && !markerMissing) await ctx.deferLink(linked);
    else await ctx.commit([linked]);
  }
  if (record && markerMissing) {
    const { spec, b } = record;
    await ctx.write({ kind: spec.kind, name: bm.name, id: b.id, op: 'marker' }, () => spec.writeMarker(b, l.tfsoId));
  }
}
