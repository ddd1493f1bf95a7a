// Pairing, the first job of the master-data loop: read one kind on both sides and pair each Busy
// record with its 24SO record, by link, by marker (the 24SO id on the Busy record), by origin
// (the Busy id on a 24SO record made from it), then by matching what none of those pairs. Writes
// nothing (the mass-disappearance guard may stop the run). Used by the run (run-kind.ts) and the
// plan (plan.ts) alike.
import type { Cursor, Link } from '../store/types';
import { type RunCtx, SyncStoppedError } from './context';
import { readSince } from './cursors';
import { type ReadStamp, stampBefore } from './read-stamp';
import type { BusyOf, KindSpec, TfsoOf } from './kind-spec';
import { LinkIndex } from './link-index';
import { type MatchResult, matchRecords } from './matching';
import { type MasterKind, type ModelOf, sameValue, snapshotModel } from './model';
import type { ReadMode } from './triggers';

export interface Pair<K extends MasterKind> {
  link?: Link;
  b?: BusyOf<K>;
  t?: TfsoOf<K>;
  bm: ModelOf<K> | null;
  tm: ModelOf<K> | null;
  bFromSnapshot?: boolean;
}

/** One kind read and paired, nothing written yet: what runKind acts on and plan.ts reports. */
export interface Collected<K extends MasterKind> {
  links: Link[];
  pairs: Map<string, Pair<K>>;
  busyList: BusyOf<K>[];
  tfsoList: TfsoOf<K>[];
  busyComplete: boolean;
  tfsoComplete: boolean;
  cursorB?: Cursor;
  cursorT?: Cursor;
  /** Local time (ms) when the Busy list was requested. */
  busyReadAt: number;
  /** When the reads were sent, on the lock's and both servers' clocks (fresh.ts). */
  stamp: ReadStamp;
  /** Matching of the records nothing pairs yet (undefined: there were none on one side). */
  match?: MatchResult;
  /** Matching saw both sides whole: decisions not raised now are no longer open. */
  matchedWhole: boolean;
  /** Records left alone because they wait for the admin's decision. */
  held: { busy: string[]; tfso: string[] };
  /** Every Busy / 24SO record read (whole when matching needed it), by id. */
  busyById: Map<string, BusyOf<K>>;
  tfsoById: Map<string, TfsoOf<K>>;
}

/** Whether a model equals a link's snapshot of it, field by field. */
export function sameModel(m: ModelOf<MasterKind>, snap: Link['busy']): boolean {
  return Object.entries(m).every(([k, v]) => sameValue(v, snap[k]));
}

/** Guard: a side that suddenly lists far fewer of the linked records than it had stops the run. */
function guardDisappearance(ctx: RunCtx, kind: MasterKind, side: 'busy' | 'tfso', present: number, linked: number): void {
  if (linked < 10 || present * 2 >= linked) return;
  const subs = [kind, side, String(present), String(linked)];
  ctx.warn('massDisappearance', `massDisappearance:${kind}:${side}`, 'warnMassDisappearance', subs, kind);
  throw new SyncStoppedError(
    'mass_disappearance',
    'errMassDisappearance',
    subs,
    `${side} listed only ${present} of ${linked} linked ${kind} records: stopped, nothing archived`,
  );
}

export async function collectPairs<K extends MasterKind>(ctx: RunCtx, spec: KindSpec<K>, mode: ReadMode): Promise<Collected<K>> {
  type B = BusyOf<K>;
  type T = TfsoOf<K>;
  const kind = spec.kind;
  const cursorB = await ctx.store.cursors.get(kind, 'busy');
  const cursorT = await ctx.store.cursors.get(kind, 'tfso');
  const busySince = spec.busyHasSince ? readSince(ctx, mode, cursorB) : undefined;
  const tfsoSince = spec.tfsoHasSince ? readSince(ctx, mode, cursorT) : undefined;
  const busyReadAt = ctx.now().getTime();
  const stamp = stampBefore(ctx);
  // Both sides at once: two services, and neither read depends on the other.
  const [busyList, tfsoList] = await Promise.all([spec.listBusy(busySince), spec.listTfso(tfsoSince)]);
  const busyComplete = !busySince;
  // The push reads 24SO's side by id, never whole: what it did not read is not gone.
  const tfsoComplete = mode !== 'push' && (spec.tfsoHasSince ? !tfsoSince : true);

  // Links: every link of the kind when a side was read whole (absence means gone, and the guard
  // counts them); otherwise only those of the records read, so the cost follows the changes.
  const ix = await LinkIndex.open(ctx.store, kind, busyComplete || tfsoComplete);
  const { byBusy, byTfso } = ix;
  const needLinks = async (side: 'busy' | 'tfso', ids: string[]) => {
    const found = await ix.need(side, ids);
    if (found) await spec.prepare?.([], [], found);
  };
  await needLinks(
    'busy',
    busyList.map((b) => b.id),
  );
  await needLinks(
    'tfso',
    tfsoList.map((t) => spec.tfsoId(t)),
  );
  await spec.prepare?.(busyList, tfsoList);
  const links = [...byBusy.values()];
  if (tfsoComplete) guardDisappearance(ctx, kind, 'tfso', tfsoList.filter((t) => byTfso.has(spec.tfsoId(t))).length, links.length);
  if (busyComplete) guardDisappearance(ctx, kind, 'busy', busyList.filter((b) => byBusy.has(b.id)).length, links.length);

  // ---- pair them up ----
  const pairs = new Map<string, Pair<K>>();
  const tfsoById = new Map(tfsoList.map((t) => [spec.tfsoId(t), t]));
  const busyById = new Map(busyList.map((b) => [b.id, b]));
  const busyByMarker = new Map<string, B>();
  const noteBusy = (bs: B[]) => {
    for (const b of bs) {
      const m = spec.busyMarker(b);
      if (m && !byBusy.has(b.id)) busyByMarker.set(m, b);
      if (!busyById.has(b.id)) busyById.set(b.id, b);
    }
  };
  noteBusy(busyList);
  let busyWhole: B[] | undefined = busyComplete ? busyList : undefined;
  let tfsoWhole: T[] | undefined = tfsoComplete ? tfsoList : undefined;
  const readBusyWhole = async () => {
    if (!busyWhole) {
      busyWhole = await spec.listBusy(undefined);
      await needLinks(
        'busy',
        busyWhole.map((b) => b.id),
      );
      await spec.prepare?.(busyWhole, []);
      noteBusy(busyWhole);
    }
    return busyWhole;
  };

  // A 24SO record with no link may already be in Busy (reinstall, another browser): when Busy was
  // not read whole, read it whole once before creating anything.
  const unlinkedTfso = tfsoList.filter((t) => !byTfso.has(spec.tfsoId(t)));
  if (unlinkedTfso.some((t) => !busyByMarker.has(spec.tfsoId(t)))) await readBusyWhole();

  // ---- match what neither a link nor a marker pairs (typed in by hand on both sides) ----
  // Hand-typed = no link and no externalId (an externalId that is no 24SO id is another system's).
  // A 24SO record made from Busy (by any installation) names its Busy record (origin.ts).
  const originOfT = new Map<string, string>();
  const noteOrigins = (ts: readonly T[]) => {
    for (const t of ts) {
      const o = spec.tfsoOrigin?.(t);
      if (o && !byTfso.has(spec.tfsoId(t)) && !byBusy.has(o) && !originOfT.has(o)) originOfT.set(o, spec.tfsoId(t));
    }
  };
  noteOrigins(tfsoList);
  const byOrigin = (t: T) => {
    const o = spec.tfsoOrigin?.(t);
    return o && originOfT.get(o) === spec.tfsoId(t) ? busyById.get(o) : undefined;
  };
  const unpairedB = (bs: B[]) => bs.filter((b) => !byBusy.has(b.id) && b.externalId === null && !originOfT.has(b.id));
  const unpairedT = (ts: T[]) => ts.filter((t) => !byTfso.has(spec.tfsoId(t)) && !busyByMarker.has(spec.tfsoId(t)) && !byOrigin(t));
  let match: MatchResult | undefined;
  let matchedWhole = busyComplete && tfsoComplete;
  if (unpairedB(busyList).length || unpairedT(tfsoList).length) {
    // Either side may hold the counterpart, or a second candidate: decide on both sides whole.
    const ub = unpairedB(await readBusyWhole());
    if (ub.length) {
      if (!tfsoWhole) {
        tfsoWhole = await spec.listTfsoWhole();
        await needLinks(
          'tfso',
          tfsoWhole.map((t) => spec.tfsoId(t)),
        );
        await spec.prepare?.([], tfsoWhole);
      }
      for (const t of tfsoWhole) if (!tfsoById.has(spec.tfsoId(t))) tfsoById.set(spec.tfsoId(t), t);
      noteOrigins(tfsoWhole);
      const ut = unpairedT(tfsoWhole);
      if (ut.length)
        match = matchRecords(
          kind,
          ub.map((b) => spec.busyMatch(b)),
          ut.map((t) => spec.tfsoMatch(t)),
          ctx.deps.decisions ?? {},
        );
    }
    matchedWhole = true;
  }
  const matchedB = new Map((match?.links ?? []).map((l) => [l.busyId, l.tfsoId]));
  const matchedT = new Map((match?.links ?? []).map((l) => [l.tfsoId, busyById.get(l.busyId)!]));
  const held = { busy: [] as string[], tfso: [] as string[] };

  for (const t of tfsoList) {
    const id = spec.tfsoId(t);
    const link = byTfso.get(id);
    const b = link ? busyById.get(link.busyId) : (busyByMarker.get(id) ?? byOrigin(t) ?? matchedT.get(id));
    if (!link && !b && match?.heldTfso.has(id)) {
      held.tfso.push(id);
      continue;
    }
    pairs.set(`t:${id}`, { link, t, b, bm: null, tm: null });
  }
  // Busy records changed (or all): pair with what was read, else fetch the 24SO side by id.
  const needT: string[] = [];
  for (const b of busyList) {
    const link = byBusy.get(b.id);
    const tid = link?.tfsoId ?? spec.busyMarker(b) ?? matchedB.get(b.id) ?? originOfT.get(b.id);
    if (tid && pairs.has(`t:${tid}`)) continue;
    if (!tid) {
      if (match?.heldBusy.has(b.id)) {
        held.busy.push(b.id);
        continue;
      }
      pairs.set(`b:${b.id}`, { b, bm: null, tm: null });
      continue;
    }
    // The push lists Busy's work types whole every minute (/tags has no updatedFrom), changed or
    // not: one with no link that names a 24SO record (made by another installation, or its 24SO
    // record gone) would cost a read of 24SO's list every minute, found or not (60 requests an
    // hour each). Pairing it is the hourly run's, which reads that list anyway.
    if (mode === 'push' && !spec.busyHasSince && !link && !matchedB.has(b.id)) continue;
    const known = matchedB.has(b.id) ? tfsoById.get(tid) : undefined;
    pairs.set(`t:${tid}`, { link, b, t: known, bm: null, tm: null });
    // Read again but unchanged since the last sync (e.g. our own write, seen in the overlap):
    // the snapshot of the 24SO side is still good; otherwise fetch 24SO's current record.
    if (!known && !tfsoComplete && (!link || !sameModel(spec.busyModel(b), link.busy))) needT.push(tid);
  }
  // Matched pairs neither of whose records this run's (partial) read listed.
  for (const l of match?.links ?? []) {
    if (!pairs.has(`t:${l.tfsoId}`))
      pairs.set(`t:${l.tfsoId}`, { b: busyById.get(l.busyId), t: tfsoById.get(l.tfsoId), bm: null, tm: null });
  }
  if (needT.length) {
    const fetched = await spec.fetchTfso(needT);
    await spec.prepare?.([], fetched);
    for (const t of fetched) {
      tfsoById.set(spec.tfsoId(t), t);
      const p = pairs.get(`t:${spec.tfsoId(t)}`);
      if (p) p.t = t;
    }
  }
  // Linked records not read on one side: complete read = gone; otherwise unchanged since the
  // cursor, so the snapshot is what that side holds now.
  if (busyComplete && tfsoComplete) {
    for (const l of links)
      if (!pairs.has(`t:${l.tfsoId}`)) pairs.set(`t:${l.tfsoId}`, { link: l, b: busyById.get(l.busyId), bm: null, tm: null });
  }
  for (const [key, p] of pairs) {
    if (!p.link && p.b) p.link = byBusy.get(p.b.id);
    if (p.b) p.bm = spec.busyModel(p.b);
    else if (p.link && !busyComplete) {
      p.bm = snapshotModel(kind, p.link.busy, `${kind}/${p.link.busyId}`);
      p.bFromSnapshot = true;
    }
    if (p.t) p.tm = spec.tfsoModel(p.t);
    else if (p.link && !tfsoComplete && !key.startsWith('b:') && !needT.includes(p.link.tfsoId))
      p.tm = snapshotModel(kind, p.link.tfso, `${kind}/${p.link.busyId}`);
  }
  return {
    links,
    pairs,
    busyList,
    tfsoList,
    busyComplete,
    tfsoComplete,
    cursorB,
    cursorT,
    busyReadAt,
    stamp,
    match,
    matchedWhole,
    held,
    busyById,
    tfsoById,
  };
}
