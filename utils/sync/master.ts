// The master-data phases that pair one Busy record with one 24SO record: customers, work types
// and projects. One generic loop (read both sides → pair → decide → write → commit → cursor),
// and one `KindSpec` per kind saying how to read, map and write it.
import { forEachBounded } from './ahead';
import { createClient, listClients, patchClient } from '../busy/clients';
import { createProject, listProjects, patchProject } from '../busy/projects';
import type { BusyClientRecord, BusyProject, BusyTag } from '../busy/schemas';
import { createTag, listTags, patchTag } from '../busy/tags';
import type { Cursor, Link, Warning } from '../store/types';
import { getCompanies, type TfsoCompany } from '../tfso/company';
import { activeStatusId, getDeactivatedProjects, getProjectList, inactiveStatusId, saveProject, type TfsoProject } from '../tfso/project';
import { getWorkTypeList, saveWorkType, type TfsoWorkType } from '../tfso/time';
import { SyncStoppedError, type ReadMode, type RunCtx } from './context';
import { decide, type Decision } from './decisions';
import { busyCustomer, busyProject, busyWorkType, statusActive, tfsoCustomer, tfsoProject, tfsoWorkType } from './map';
import { decisionWarningKey, matchRecords, type MatchDecision, type MatchRecord, type MatchResult } from './matching';
import { sameValue, type AnyModel, type ProjectModel } from './model';
import { FreshGate, lookAgain, stampBefore, type Created, type ReadStamp } from './fresh';
import { originOf, withOrigin } from './origin';

type MasterKind = 'customer' | 'workType' | 'project';

export interface KindSpec<B extends { id: string; externalId: string | null }, T> {
  kind: MasterKind;
  tfsoId(t: T): string;
  /** The 24SO id a Busy record says it mirrors (its marker), if any. */
  busyMarker(b: B): string | null;
  /** Whether the Busy record carries the marker fully (else it is written back). */
  markerOk(b: B, tfsoId: string): boolean;
  busyModel(b: B): AnyModel;
  tfsoModel(t: T): AnyModel;
  busyTs(b: B): string;
  tfsoTs(t: T): string | null;
  /** Busy records: all, or changed since. `null` = this side has no change filter: read all. */
  listBusy(since: Date | undefined): Promise<B[]>;
  busyHasSince: boolean;
  listTfso(since: Date | undefined): Promise<T[]>;
  tfsoHasSince: boolean;
  fetchTfso(ids: string[]): Promise<T[]>;
  createBusy(t: T, m: AnyModel): Promise<B>;
  patchBusy(b: { id: string }, fields: Record<string, unknown>): Promise<B>;
  archiveBusy(id: string): Promise<B>;
  writeMarker(b: B, tfsoId: string): Promise<B>;
  /** What matching (matching.ts) compares of a record typed in by hand. */
  busyMatch(b: B): MatchRecord;
  tfsoMatch(t: T): MatchRecord;
  /** Every 24SO record of the kind (for matching when this run read only changes). */
  listTfsoWhole(): Promise<T[]>;
  /** Creates the record in 24SO (undefined: this kind never goes Busy → 24SO). */
  createTfso?(b: B, m: AnyModel): Promise<string>;
  updateTfso?(t: T | undefined, tfsoId: string, m: AnyModel): Promise<void>;
  /** Called with every batch of records read, before any of them is mapped: loads what mapping
   * them needs (the project kind: the customer links they refer to). */
  prepare?(busy: readonly B[], tfso: readonly T[], links?: readonly Link[]): Promise<void>;
  /** The Busy id a 24SO record was made from (its origin marker, origin.ts), if any. */
  tfsoOrigin?(t: T): string | null;
  /** A fresh look on Busy (fresh.ts): the records carrying these 24SO ids and these records
   * themselves, or everything changed since `since` (Busy's clock) that may hold them. */
  freshBusy(q: { tfsoIds: string[]; busyIds: string[]; since?: Date }): Promise<B[]>;
  /** A fresh look on 24SO: records whose origin marker names these Busy ids (changed since). */
  freshTfso?(q: { busyIds: string[]; since?: Date }): Promise<T[]>;
  /** A Busy copy made twice (fresh.ts look-again): archived, without the marker. */
  retireBusy(b: B): Promise<B>;
  /** The 24SO name as it is, and the longest name Busy takes for the kind (a longer one is cut). */
  tfsoName?(t: T): string;
  busyNameMax?: number;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * Customers, 24SO → Busy only (R4). GetCompanies lists active companies only, so a company deleted
 * in 24SO is seen as absent on a complete read: on 'full' and "Hent kunder", not on the hourly
 * incremental (which would need GetCompanySyncList as a second request every hour).
 */
export function customerSpec(ctx: RunCtx, mode: ReadMode): KindSpec<BusyClientRecord, TfsoCompany> {
  return {
    kind: 'customer',
    tfsoId: (t) => String(t.id),
    busyMarker: (b) => numeric(b.externalId),
    markerOk: (b, id) => b.externalId === id,
    busyModel: busyCustomer,
    tfsoModel: tfsoCustomer,
    busyMatch: (b) => ({ id: b.id, name: b.name, orgNumber: b.organizationNumber }),
    tfsoMatch: (t) => ({ id: String(t.id), name: t.name, orgNumber: t.organizationNumber }),
    listTfsoWhole: () => getCompanies(ctx.tfso, {}),
    busyTs: (b) => b.updatedAt,
    tfsoTs: (t) => t.dateChanged,
    listBusy: (since) => listClients(ctx.busy, { updatedFrom: since, isActive: 'all' }),
    busyHasSince: true,
    listTfso: (since) => (mode === 'push' ? Promise.resolve([]) : getCompanies(ctx.tfso, since ? { changedAfter: since } : {})),
    tfsoHasSince: true,
    fetchTfso: (ids) => getCompanies(ctx.tfso, { companyIds: ids.map(Number) }),
    createBusy: (t, m) => createClient(ctx.busy, { name: (m as { name: string }).name, externalId: String(t.id) }),
    patchBusy: (b, f) => patchClient(ctx.busy, b.id, pick(f, { name: 'name', active: 'isActive' })),
    archiveBusy: (id) => patchClient(ctx.busy, id, { isActive: false }),
    writeMarker: (b, id) => patchClient(ctx.busy, b.id, { externalId: id }),
    freshBusy: ({ tfsoIds }) => (tfsoIds.length ? listClients(ctx.busy, { externalIdIn: tfsoIds, isActive: 'all' }) : Promise.resolve([])),
    tfsoName: (t) => t.name,
    busyNameMax: 50,
    retireBusy: (b) => patchClient(ctx.busy, b.id, { isActive: false, externalId: null }),
  };
}

export function workTypeSpec(ctx: RunCtx): KindSpec<BusyTag, TfsoWorkType> {
  return {
    kind: 'workType',
    tfsoId: (t) => String(t.id),
    busyMarker: (b) => numeric(b.externalId),
    markerOk: (b, id) => b.externalId === id,
    busyModel: busyWorkType,
    tfsoModel: tfsoWorkType,
    busyMatch: (b) => ({ id: b.id, name: b.name }),
    tfsoMatch: (t) => ({ id: String(t.id), name: t.name }),
    listTfsoWhole: () => getWorkTypeList(ctx.tfso, { active: true }),
    busyTs: (b) => b.updatedAt,
    tfsoTs: () => null,
    // Busy's /tags has no updatedFrom and 24SO's work types no ChangedAfter: both are read whole
    // every time (one page / one request for any normal company).
    listBusy: async () => (await listTags(ctx.busy, { isActive: 'all' })).filter((t) => t.type === 'work'),
    busyHasSince: false,
    // The push (every minute) reads 24SO's work types only when a Busy one needs them (collectPairs).
    listTfso: () => (ctx.trigger === 'push' ? Promise.resolve([]) : getWorkTypeList(ctx.tfso, { active: true })),
    tfsoHasSince: false,
    fetchTfso: async (ids) => (await getWorkTypeList(ctx.tfso, { active: true })).filter((w) => ids.includes(String(w.id))),
    createBusy: (t, m) =>
      createTag(ctx.busy, { name: (m as { name: string }).name, type: 'work', externalId: String(t.id), defaultHourlyRate: null }),
    patchBusy: (b, f) => patchTag(ctx.busy, b.id, pick(f, { name: 'name', active: 'isActive' })),
    archiveBusy: (id) => patchTag(ctx.busy, id, { isActive: false }),
    writeMarker: (b, id) => patchTag(ctx.busy, b.id, { externalId: id }),
    createTfso: async (b) => String(await saveWorkType(ctx.tfso, { name: b.name, invoiceable: true, description: withOrigin(null, b.id) })),
    tfsoOrigin: (t) => originOf(t.description),
    // Few records: both sides whole (one request each).
    freshBusy: async () => (await listTags(ctx.busy, { isActive: 'all' })).filter((t) => t.type === 'work'),
    freshTfso: () => getWorkTypeList(ctx.tfso, {}),
    tfsoName: (t) => t.name,
    busyNameMax: 64,
    retireBusy: (b) => patchTag(ctx.busy, b.id, { isActive: false, externalId: null }),
    updateTfso: async (t, id, m) => {
      await saveWorkType(ctx.tfso, {
        id: Number(id),
        name: (m as { name: string }).name,
        invoiceable: t?.invoiceable ?? true,
        price: t?.price ?? null,
      });
    },
  };
}

export function projectSpec(ctx: RunCtx, mode: ReadMode, customers: CustomerIndex): KindSpec<BusyProject, TfsoProject> {
  const activeOf = async (p: TfsoProject) => statusActive(await ctx.statuses(), p.statusId);
  const remember = async (ps: TfsoProject[], active: boolean | null) => {
    for (const p of ps) ctx.tfsoProjects.set(p.id, { p, active: active ?? (await activeOf(p)) });
    return ps;
  };
  const readTfso = async (q: { changedAfter?: Date; projectIds?: number[] }) => [
    ...(await remember(await getProjectList(ctx.tfso, q), true)),
    ...(await remember(await getDeactivatedProjects(ctx.tfso, q), false)),
  ];
  const toBusyFields = (f: Record<string, unknown>) => {
    const out: Record<string, unknown> = pick(f, { name: 'name', active: 'isActive' });
    if ('customer' in f) out.clientId = f.customer === null ? null : customers.busyOf(f.customer as number);
    return out;
  };
  // A Busy project a write returned may name a client nothing read so far: look it up first.
  const known = async (b: BusyProject) => {
    await customers.need(ctx, [b.clientId], []);
    return b;
  };
  return {
    kind: 'project',
    // the customers of the records read, and of the link snapshots that stand in for unread ones
    prepare: (bs, ts, ls = []) =>
      customers.need(
        ctx,
        bs.map((b) => b.clientId),
        [
          ...ts.map((t) => t.customerId),
          ...ls.flatMap((l) => [l.busy.customer, l.tfso.customer]).filter((c): c is number => typeof c === 'number'),
        ],
      ),
    tfsoId: (t) => String(t.id),
    // R10: the number is 24SO's id. A number typed in by hand (no externalId) is only a hint:
    // matching (matching.ts) pairs it when that 24SO project is free, else by name and customer.
    busyMarker: (b) => numeric(b.externalId),
    markerOk: (b, id) => b.externalId === id && b.number === id,
    busyModel: (b) => busyProject(b, (cid) => customers.tfsoOf(cid)),
    tfsoModel: (t) => tfsoProject(t, ctx.tfsoProjects.get(t.id)?.active ?? true),
    busyMatch: (b) => {
      const c = b.clientId === null ? null : customers.tfsoOf(b.clientId);
      return {
        id: b.id,
        name: b.name,
        number: b.number,
        customer: c === null ? (b.clientId === null ? null : `busy:${b.clientId}`) : String(c),
      };
    },
    tfsoMatch: (t) => ({ id: String(t.id), name: t.name, customer: t.customerId === null ? null : String(t.customerId) }),
    listTfsoWhole: () => readTfso({}),
    busyTs: (b) => b.updatedAt,
    tfsoTs: (t) => t.dateChanged,
    listBusy: (since) => listProjects(ctx.busy, { updatedFrom: since, isActive: 'all' }),
    busyHasSince: true,
    // 24SO splits projects over two operations (active / deactivated): two requests per read.
    listTfso: (since) => (mode === 'push' ? Promise.resolve([]) : readTfso(since ? { changedAfter: since } : {})),
    tfsoHasSince: true,
    fetchTfso: (ids) => readTfso({ projectIds: ids.map(Number) }),
    createBusy: (t, m) => {
      const pm = m as ProjectModel;
      return createProject(ctx.busy, {
        name: pm.name,
        number: String(t.id),
        externalId: String(t.id),
        clientId: pm.customer === null ? null : customers.busyOf(pm.customer),
        colorCode: PALETTE[t.id % PALETTE.length]!,
        isOpen: true,
        isBillable: true,
        allowMultipleClients: false,
      })
        .then(async (b) => (pm.active ? b : patchProject(ctx.busy, b.id, { isActive: false })))
        .then(known);
    },
    patchBusy: (b, f) => patchProject(ctx.busy, b.id, toBusyFields(f)).then(known),
    archiveBusy: (id) => patchProject(ctx.busy, id, { isActive: false }).then(known),
    writeMarker: (b, id) => patchProject(ctx.busy, b.id, { externalId: id, number: id }).then(known),
    tfsoOrigin: (t) => originOf(t.description),
    freshBusy: ({ since }) => listProjects(ctx.busy, { updatedFrom: since, isActive: 'all' }).then((bs) => Promise.all(bs.map(known))),
    freshTfso: ({ since }) => readTfso(since ? { changedAfter: since } : {}),
    tfsoName: (t) => t.name,
    busyNameMax: 250,
    // Busy keeps project numbers unique: the copy gives its number back too.
    retireBusy: (b) => patchProject(ctx.busy, b.id, { isActive: false, externalId: null, number: null }).then(known),
    createTfso: async (b, m) => {
      const pm = m as ProjectModel;
      const statuses = await ctx.statuses();
      const statusId = (pm.active ? activeStatusId(statuses) : inactiveStatusId(statuses)) ?? undefined;
      const id = await saveProject(ctx.tfso, { name: pm.name, customerId: pm.customer, statusId, description: withOrigin(null, b.id) });
      ctx.createdInTfso.add(id);
      ctx.touchedProjects.add(id);
      return String(id);
    },
    updateTfso: async (t, id, m) => {
      const pm = m as ProjectModel;
      const statuses = await ctx.statuses();
      const wasActive = t ? statusActive(statuses, t.statusId) : !pm.active;
      const statusId =
        wasActive === pm.active
          ? (t?.statusId ?? undefined)
          : ((pm.active ? activeStatusId(statuses) : inactiveStatusId(statuses)) ?? undefined);
      await saveProject(ctx.tfso, {
        id: Number(id),
        name: pm.name,
        customerId: pm.customer,
        statusId: statusId ?? undefined,
        nameDisplay: t?.nameDisplay ?? undefined,
        timeReg: t?.timeReg ?? undefined,
      });
    },
  };
}

/**
 * Busy client id ↔ 24SO company id, from the customer links. Whole (every customer link, for runs
 * that read everything) or partial: only the ids `need` was given, looked up in one store read
 * each batch, so a run that read k projects reads the links of their customers, not all of them.
 * Asking a partial index about an id it was not given is a bug, and throws.
 */
export class CustomerIndex {
  private toTfso = new Map<string, number | null>();
  private toBusy = new Map<number, string | null>();
  private constructor(private readonly whole: boolean) {}
  static async load(ctx: RunCtx): Promise<CustomerIndex> {
    const ix = new CustomerIndex(true);
    for (const l of await ctx.store.links.all('customer')) ix.set(l.busyId, Number(l.tfsoId));
    return ix;
  }
  /** Whole for 'all' runs (they read every project anyway), partial otherwise. */
  static async forMode(ctx: RunCtx, mode: ReadMode): Promise<CustomerIndex> {
    return mode === 'all' ? CustomerIndex.load(ctx) : new CustomerIndex(false);
  }
  async need(ctx: RunCtx, busyIds: readonly (string | null)[], tfsoIds: readonly (number | null)[]): Promise<void> {
    if (this.whole) return;
    const b = [...new Set(busyIds.filter((x): x is string => x !== null && !this.toTfso.has(x)))];
    const t = [...new Set(tfsoIds.filter((x): x is number => x !== null && !this.toBusy.has(x)))];
    const [byB, byT] = await Promise.all([
      b.length ? ctx.store.links.getMany('customer', 'busy', b) : new Map<string, Link>(),
      t.length ? ctx.store.links.getMany('customer', 'tfso', t.map(String)) : new Map<string, Link>(),
    ]);
    for (const id of b) this.toTfso.set(id, null);
    for (const id of t) this.toBusy.set(id, null);
    for (const l of [...byB.values(), ...byT.values()]) this.set(l.busyId, Number(l.tfsoId));
  }
  set(busyId: string, tfsoId: number): void {
    this.toTfso.set(busyId, tfsoId);
    this.toBusy.set(tfsoId, busyId);
  }
  tfsoOf(busyId: string): number | null {
    return this.known(this.toTfso, busyId);
  }
  busyOf(tfsoId: number): string | null {
    return this.known(this.toBusy, tfsoId);
  }
  private known<K, V>(m: Map<K, V | null>, k: K): V | null {
    const v = m.get(k);
    if (v === undefined && !this.whole) throw new Error(`CustomerIndex: customer ${String(k)} was not looked up`);
    return v ?? null;
  }
}

/** Marks a cursor whose overlap window was re-read with nothing newer (kept in idsAtCursor, the
 * one free-form field of the store's Cursor). */
const SETTLED = '#settled';
const settledOf = (c: Cursor) => c.idsAtCursor.includes(SETTLED);

/** 24SO ids are integers: an externalId of another shape belongs to some other system. */
const numeric = (s: string | null) => (s !== null && /^\d+$/.test(s) ? s : null);

function pick(f: Record<string, unknown>, names: Record<string, string>): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (k in names) out[names[k]!] = v;
  return out as Record<string, never>;
}

export interface Pair<B, T> {
  link?: Link;
  b?: B;
  t?: T;
  bm: AnyModel | null;
  tm: AnyModel | null;
  bFromSnapshot?: boolean;
}

/** One kind read and paired, nothing written yet: what runKind acts on and plan.ts reports. */
export interface Collected<B, T> {
  links: Link[];
  pairs: Map<string, Pair<B, T>>;
  busyList: B[];
  tfsoList: T[];
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
  busyById: Map<string, B>;
  tfsoById: Map<string, T>;
}

/**
 * Reads one kind on both sides and pairs the records: by link, by marker (the 24SO id on the
 * Busy record), then by matching what neither pairs. Writes nothing (the guard may throw).
 */
export async function collectPairs<B extends { id: string; externalId: string | null }, T>(
  ctx: RunCtx,
  spec: KindSpec<B, T>,
  mode: ReadMode,
): Promise<Collected<B, T>> {
  const kind = spec.kind;
  const cursorB = await ctx.store.cursors.get(kind, 'busy');
  const cursorT = await ctx.store.cursors.get(kind, 'tfso');
  // Read again from `overlap` before the cursor (late commits, equal timestamps); once that window
  // has been re-read with nothing newer found, strictly after it.
  const since = (c: Cursor | undefined) =>
    mode === 'all' || !c ? undefined : new Date(Date.parse(c.at) + (settledOf(c) ? 1 : -ctx.overlapMs));

  const busySince = spec.busyHasSince ? since(cursorB) : undefined;
  const tfsoSince = spec.tfsoHasSince ? since(cursorT) : undefined;
  const busyReadAt = ctx.now().getTime();
  const stamp = stampBefore(ctx);
  // Both sides at once: two services, and neither read depends on the other.
  const [busyList, tfsoList] = await Promise.all([spec.listBusy(busySince), spec.listTfso(tfsoSince)]);
  const busyComplete = !busySince;
  // The push reads 24SO's side by id, never whole: what it did not read is not gone.
  const tfsoComplete = mode !== 'push' && (spec.tfsoHasSince ? !tfsoSince : true);

  // Links: every link of the kind when a side was read whole (absence means gone, and the guard
  // counts them); otherwise only those of the records read, so the cost follows the changes.
  const byBusy = new Map<string, Link>();
  const byTfso = new Map<string, Link>();
  const lookedUp = { busy: new Set<string>(), tfso: new Set<string>() };
  const known = (l: Link) => {
    byBusy.set(l.busyId, l);
    byTfso.set(l.tfsoId, l);
  };
  const whole = busyComplete || tfsoComplete;
  if (whole) for (const l of await ctx.store.links.all(kind)) known(l);
  const needLinks = async (side: 'busy' | 'tfso', ids: string[]) => {
    if (whole) return;
    const missing = ids.filter((id) => !lookedUp[side].has(id));
    if (!missing.length) return;
    for (const id of missing) lookedUp[side].add(id);
    const found = [...(await ctx.store.links.getMany(kind, side, missing)).values()];
    for (const l of found) known(l);
    await spec.prepare?.([], [], found);
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

  // Guard: a side that suddenly lists far fewer of the linked records than it had.
  if (links.length >= 10) {
    const guard = (side: 'busy' | 'tfso', present: number) => {
      if (present * 2 >= links.length) return;
      ctx.warn(
        'massDisappearance',
        `massDisappearance:${kind}:${side}`,
        'warnMassDisappearance',
        [kind, side, String(present), String(links.length)],
        kind,
      );
      throw new SyncStoppedError(
        'mass_disappearance',
        'errMassDisappearance',
        [kind, side, String(present), String(links.length)],
        `${side} listed only ${present} of ${links.length} linked ${kind} records: stopped, nothing archived`,
      );
    };
    if (tfsoComplete) guard('tfso', tfsoList.filter((t) => byTfso.has(spec.tfsoId(t))).length);
    if (busyComplete) guard('busy', busyList.filter((b) => byBusy.has(b.id)).length);
  }

  // ---- pair them up ----
  const pairs = new Map<string, Pair<B, T>>();
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
      p.bm = p.link.busy as unknown as AnyModel;
      p.bFromSnapshot = true;
    }
    if (p.t) p.tm = spec.tfsoModel(p.t);
    else if (p.link && !tfsoComplete && !key.startsWith('b:') && !needT.includes(p.link.tfsoId)) p.tm = p.link.tfso as unknown as AnyModel;
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

/** What the engine will do with one pair: shared by runKind (which then does it) and plan.ts. */
export type PlannedAction =
  | 'skip'
  | 'unchanged'
  | 'archiveMarked'
  | 'createBusy'
  | 'warnBusyOnly'
  | 'createTfso'
  | 'archiveBusy'
  | 'dropLink'
  | 'update';
export interface Planned {
  adopt: boolean;
  action: PlannedAction;
  decision?: Decision;
}

export function classify<B extends { id: string; externalId: string | null }, T>(
  spec: KindSpec<B, T>,
  p: Pair<B, T>,
  tfsoComplete: boolean,
): Planned {
  // Adopt: a Busy record that carries the 24SO id (or was matched to it), with no link yet.
  const adopt = !p.link && !!p.b && !!p.t;
  // A Busy record whose marker names a 24SO record we could not see: when 24SO was read whole,
  // the record is gone there; otherwise leave it for the next complete read.
  if (!p.link && !adopt && p.b && spec.busyMarker(p.b)) {
    if (!tfsoComplete) return { adopt, action: 'skip' };
    return { adopt, action: (p.bm as { active?: boolean }).active ? 'archiveMarked' : 'unchanged' };
  }
  const link = p.link ?? (adopt ? { busy: {}, tfso: {} } : undefined);
  const d: Decision = decide(spec.kind, link ? { busy: link.busy, tfso: link.tfso } : undefined, p.bm, p.tm);
  switch (d.action) {
    case 'none':
      return { adopt, action: 'unchanged', decision: d };
    case 'warnBusyOnly':
      return { adopt, action: (p.bm as { active: boolean }).active ? 'warnBusyOnly' : 'unchanged' };
    case 'createTfso': {
      if (!spec.createTfso) return { adopt, action: 'skip' };
      // marked by some other integration (an externalId that is no 24SO id): not ours to copy
      if (p.b!.externalId !== null && !numeric(p.b!.externalId)) return { adopt, action: 'unchanged' };
      // an archived Busy-only record stays Busy's
      if (!(p.bm as { active?: boolean }).active) return { adopt, action: 'unchanged' };
      return { adopt, action: 'createTfso' };
    }
    default:
      return { adopt, action: d.action, decision: d };
  }
}

/**
 * One kind, one run (projects it touches are noted in ctx.touchedProjects for tasks/members).
 * Throws (and commits nothing more) on anything that stops the run.
 */
export async function runKind<B extends { id: string; externalId: string | null }, T>(
  ctx: RunCtx,
  spec: KindSpec<B, T>,
  mode: ReadMode,
): Promise<void> {
  const kind = spec.kind;
  const c = await collectPairs(ctx, spec, mode);
  const { pairs, busyList, tfsoList, busyComplete, tfsoComplete, cursorB, cursorT } = c;
  // The newest stamp our own Busy writes of this kind got, and a local time by which it existed.
  let own: { upTo: string; seenAt: string } | undefined;
  // The first of them: its stamp less the local time from the list request to its answer is no
  // later than the server's clock when the list was read (for a first cursor when none was listed).
  let firstOwn: number | undefined;
  const noteOwn = (b: B): B => {
    const ts = spec.busyTs(b);
    const now = ctx.now();
    firstOwn ??= Date.parse(ts) - (now.getTime() - c.busyReadAt);
    if (!own || ts > own.upTo) own = { upTo: ts, seenAt: now.toISOString() };
    else own.seenAt = now.toISOString();
    return b;
  };
  const base = spec;
  spec = {
    ...base,
    createBusy: async (t, m) => noteOwn(await base.createBusy(t, m)),
    patchBusy: async (b, f) => noteOwn(await base.patchBusy(b, f)),
    archiveBusy: async (id) => noteOwn(await base.archiveBusy(id)),
    writeMarker: async (b, id) => noteOwn(await base.writeMarker(b, id)),
  };
  await raiseDecisions(ctx, kind, c.match?.open ?? [], c.matchedWhole);

  ctx.progressTotal += pairs.size;
  const warnKeys = new Set<string>();
  // Creates wait for the company's write lock and a fresh look (fresh.ts); afterwards, look again.
  const gate = new FreshGate(ctx, spec, c, (p) => classify(spec, p, tfsoComplete).action);
  const made: Created = { busy: new Map(), tfso: new Map() };
  await forEachBounded(pairs.values(), async (p) => {
    await handlePair(ctx, spec, p, tfsoComplete, warnKeys, gate, made);
    await ctx.tick(kind);
  });
  if (made.busy.size || made.tfso.size) await lookAgain(ctx, spec, c, made);
  await warnCutNames(ctx, spec, c);

  // Busy-only customers no longer reported: resolved.
  if (kind === 'customer' && busyComplete) {
    const stale = (await ctx.store.warnings.open()).filter((w) => w.code === 'busyOnlyCustomer' && !warnKeys.has(w.key)).map((w) => w.key);
    if (stale.length) await ctx.store.commit({ resolveWarnings: stale });
  }

  // ---- cursors: only now, after everything they cover is committed ----
  await ctx.flushLinks();
  const cursors: Cursor[] = [];
  const next = (side: 'busy' | 'tfso', prev: Cursor | undefined, stamps: [id: string, ts: string | null][]): Cursor | undefined => {
    let at = prev?.at ?? '';
    for (const [, ts] of stamps) if (ts && ts > at) at = ts;
    if (!at) return undefined;
    if (prev && at === prev.at) {
      // Nothing newer: the window behind the cursor has now been read again; from here on read
      // strictly after it (else a batch stamped at one instant would be re-read every run).
      return settledOf(prev) || mode === 'all' ? undefined : { ...prev, idsAtCursor: [...prev.idsAtCursor, SETTLED] };
    }
    return { kind, side, at, idsAtCursor: stamps.filter(([, ts]) => ts === at).map(([id]) => id) };
  };
  if (spec.busyHasSince) {
    let cb = next(
      'busy',
      cursorB,
      busyList.map((b) => [b.id, spec.busyTs(b)]),
    );
    // The overlap window is re-read because a record stamped shortly before a read may become
    // visible only after it (late commits). When every record this read returned is stamped no
    // later than our own earlier writes, and the read was sent at least `overlap` after those
    // writes had been answered, then the server's clock at the read was past the new cursor plus
    // the overlap: the window is complete already and the next run reads strictly after it.
    // (Typically: the first incremental after an import, which re-reads the import's own writes.)
    const prevOwn = cursorB?.ownWrites;
    if (cb && !settledOf(cb) && prevOwn && cb.at <= prevOwn.upTo && c.busyReadAt - Date.parse(prevOwn.seenAt) >= ctx.overlapMs) {
      cb = { ...cb, idsAtCursor: [...cb.idsAtCursor, SETTLED] };
    }
    // Remember this run's own writes (the next run's read will return them).
    const keep = own ?? (prevOwn && cb && prevOwn.upTo > cb.at ? prevOwn : undefined);
    if (cb) {
      const { ownWrites: _, ...rest } = cb;
      cb = keep ? { ...rest, ownWrites: keep } : rest;
    } else if (own && cursorB) cb = { ...cursorB, ownWrites: own };
    else if (own && firstOwn !== undefined && !Number.isNaN(firstOwn) && !cursorB) {
      // Nothing was listed (an empty Busy) but we wrote: start the cursor no later than the list
      // read, so the next run reads changes since then (not Busy whole) and knows our writes.
      cb = { kind, side: 'busy', at: new Date(firstOwn).toISOString(), idsAtCursor: [], ownWrites: own };
    }
    if (cb) cursors.push(cb);
  }
  if (spec.tfsoHasSince && mode !== 'push') {
    const ct = next(
      'tfso',
      cursorT,
      tfsoList.map((t) => [spec.tfsoId(t), spec.tfsoTs(t)]),
    );
    if (ct) cursors.push(ct);
  }
  if (cursors.length) await ctx.store.commit({ cursors });
}

/**
 * Open matching decisions become warnings (the options page lists them with the plan); when
 * matching saw both sides whole, earlier ones no longer raised are resolved.
 */
export async function raiseDecisions(ctx: RunCtx, kind: MatchDecision['kind'], open: MatchDecision[], whole: boolean): Promise<void> {
  const raised: Warning[] = [];
  for (const d of open) {
    ctx.openDecisions.push(d);
    raised.push(
      ctx.warn(
        'matchDecision',
        decisionWarningKey(d),
        'warnMatchDecision',
        [d.subject.name, d.candidates.map((x) => `«${x.name}»`).join(', ')],
        kind,
      ),
    );
  }
  const keys = new Set(raised.map((w) => w.key));
  const stale = whole
    ? (await ctx.store.warnings.open()).filter((w) => w.code === 'matchDecision' && w.kind === kind && !keys.has(w.key)).map((w) => w.key)
    : [];
  if (raised.length || stale.length) await ctx.store.commit({ warnings: raised, resolveWarnings: stale });
}

async function handlePair<B extends { id: string; externalId: string | null }, T>(
  ctx: RunCtx,
  spec: KindSpec<B, T>,
  p: Pair<B, T>,
  tfsoComplete: boolean,
  warnKeys: Set<string>,
  gate: FreshGate<B, T>,
  made: Created,
): Promise<void> {
  const kind = spec.kind;
  const counts = ctx.counts[kind];
  const now = () => ctx.now().toISOString();
  let plan = classify(spec, p, tfsoComplete);
  if (plan.action === 'createBusy' || plan.action === 'createTfso') {
    await gate.before();
    plan = classify(spec, p, tfsoComplete); // the fresh look may have found it made elsewhere
  }

  if (plan.adopt) {
    p.link = { kind, busyId: p.b!.id, tfsoId: spec.tfsoId(p.t!), busy: {}, tfso: {}, syncedAt: now() };
    ctx.linked[kind]++;
  }
  if (kind === 'project' && plan.action !== 'skip' && plan.action !== 'archiveMarked') {
    const tid = p.link?.tfsoId ?? (p.t ? spec.tfsoId(p.t) : undefined);
    const changed = !p.link || (p.bm && !sameModel(p.bm, p.link.busy)) || (p.tm && !sameModel(p.tm, p.link.tfso));
    if (tid && changed) ctx.touchedProjects.add(Number(tid));
  }
  const d = plan.decision;
  const name = ((p.tm ?? p.bm) as { name?: string } | null)?.name ?? '';

  switch (plan.action) {
    case 'skip':
      return;
    case 'archiveMarked': {
      const b = await ctx.write({ kind, name: (p.bm as { name: string }).name, id: p.b!.id, op: 'archive' }, () =>
        spec.archiveBusy(p.b!.id),
      );
      if (b) counts.busy.archived++;
      return;
    }
    case 'unchanged':
      counts.busy.unchanged++;
      if (p.link && p.bm && p.tm) await refreshLink(ctx, p.link, p.bm, p.tm, p.b ? spec : undefined, p.b, true);
      return;
    case 'createBusy': {
      const t = p.t!;
      const tid = spec.tfsoId(t);
      const e = await ctx.journal(kind, 'busy', tid, { name, tfsoId: tid });
      const b = await ctx.write({ kind, name, id: tid, op: 'create' }, () => spec.createBusy(t, p.tm!));
      if (!b) {
        await ctx.store.commit({ journalDone: [e.id] });
        return;
      }
      await ctx.commit(
        [{ kind, busyId: b.id, tfsoId: tid, busy: spec.busyModel(b) as never, tfso: p.tm as never, syncedAt: now() }],
        [e.id],
      );
      counts.busy.created++;
      made.busy.set(tid, b.id);
      if (kind === 'project') {
        ctx.touchedProjects.add(Number(tid));
        ctx.createdInBusy.add(Number(tid));
      }
      return;
    }
    case 'warnBusyOnly': {
      const b = p.b!;
      const key = `busyOnlyCustomer:${b.id}`;
      warnKeys.add(key);
      const w = ctx.warn('busyOnlyCustomer', key, 'warnBusyOnlyCustomer', [name], 'customer');
      await ctx.store.commit({ warnings: [w] });
      counts.busy.unchanged++;
      return;
    }
    case 'createTfso': {
      const b = p.b!;
      const e = await ctx.journal(kind, 'tfso', b.id, { name, busyId: b.id });
      const tid = await ctx.write({ kind, name, id: b.id, op: 'create' }, () => spec.createTfso!(b, p.bm!));
      if (!tid) {
        await ctx.store.commit({ journalDone: [e.id] });
        return;
      }
      await ctx.commit([{ kind, busyId: b.id, tfsoId: tid, busy: p.bm as never, tfso: p.bm as never, syncedAt: now() }], [e.id]);
      counts.tfso.created++;
      made.tfso.set(b.id, tid);
      // R10: 24SO's id goes back to Busy (externalId; a project's number too).
      await ctx.write({ kind, name, id: b.id, op: 'marker' }, () => spec.writeMarker(b, tid));
      return;
    }
    case 'archiveBusy': {
      const l = p.link!;
      const b = await ctx.write({ kind, name, id: l.busyId, op: 'archive' }, () => spec.archiveBusy(l.busyId));
      if (!b) return;
      const bm = spec.busyModel(b);
      await ctx.commit([{ ...l, busy: bm as never, tfso: { ...(l.tfso as object), active: false } as never, syncedAt: now() }]);
      counts.busy.archived++;
      if (kind === 'project') ctx.touchedProjects.add(Number(l.tfsoId));
      return;
    }
    case 'dropLink':
      await ctx.dropLink(kind, p.link!.busyId);
      return;
    case 'update': {
      if (d?.action !== 'update') return;
      const l = p.link!;
      for (const c of d.conflicts) {
        const w = ctx.warn(
          'conflictOverwritten',
          `conflict:${kind}:${l.busyId}:${c.field}:${ctx.runId}`,
          'warnConflictOverwritten',
          [kind, name, c.field, show(c.busy), show(c.tfso)],
          kind,
        );
        await ctx.store.commit({ warnings: [w] });
      }
      for (const c of d.restored) {
        const w = ctx.warn(
          'customerEditedInBusy',
          `customerEdited:${l.busyId}:${c.field}:${ctx.runId}`,
          'warnCustomerEditedInBusy',
          [name, c.field, show(c.busy), show(c.tfso)],
          kind,
        );
        await ctx.store.commit({ warnings: [w] });
      }
      let bm = p.bm!;
      let tm = p.tm!;
      let wrote = false;
      if (Object.keys(d.toTfso).length && spec.updateTfso) {
        const target = { ...tm, ...d.toTfso } as AnyModel;
        const t = p.t ?? (await spec.fetchTfso([l.tfsoId]))[0];
        if (!t) return; // gone since: the next complete read archives it
        const ok = await ctx.write({ kind, name, id: l.tfsoId, op: 'update' }, async () => {
          await spec.updateTfso!(t, l.tfsoId, target);
          return true;
        });
        if (ok) {
          tm = target;
          counts.tfso.updated++;
          wrote = true;
          if (kind === 'project') ctx.touchedProjects.add(Number(l.tfsoId));
        }
      }
      if (Object.keys(d.toBusy).length) {
        const b = await ctx.write({ kind, name, id: l.busyId, op: 'update' }, () => spec.patchBusy({ id: l.busyId }, d.toBusy));
        if (b) {
          bm = spec.busyModel(b);
          if (archives(d, p.bm)) counts.busy.archived++;
          else counts.busy.updated++;
          wrote = true;
          if (kind === 'project') ctx.touchedProjects.add(Number(l.tfsoId));
          p.b = b;
        }
      }
      if (!wrote && !d.accepted.length) counts.busy.unchanged++;
      await refreshLink(ctx, l, bm, tm, p.b ? spec : undefined, p.b, !wrote);
      return;
    }
  }
}

/**
 * A 24SO name longer than Busy takes arrives cut: a warning names the record, the whole name and
 * the cut one (kept current: resolved when the name fits again, on a complete read).
 */
async function warnCutNames<B extends { id: string; externalId: string | null }, T>(
  ctx: RunCtx,
  spec: KindSpec<B, T>,
  c: Collected<B, T>,
): Promise<void> {
  if (!spec.tfsoName || !spec.busyNameMax) return;
  const raised: Warning[] = [];
  for (const t of c.tfsoList) {
    const full = spec.tfsoName(t).trim();
    if (full.length <= spec.busyNameMax) continue;
    raised.push(
      ctx.warn(
        'nameTruncated',
        `nameTruncated:${spec.kind}:${spec.tfsoId(t)}`,
        'warnNameTruncated',
        [spec.kind, full, full.slice(0, spec.busyNameMax), String(spec.busyNameMax)],
        spec.kind,
      ),
    );
  }
  const keys = new Set(raised.map((w) => w.key));
  const stale = c.tfsoComplete
    ? (await ctx.store.warnings.open())
        .filter((w) => w.code === 'nameTruncated' && w.kind === spec.kind && !keys.has(w.key))
        .map((w) => w.key)
    : [];
  if (raised.length || stale.length) await ctx.store.commit({ warnings: raised, resolveWarnings: stale });
}

/** An update that archives the Busy record (counted as an archive, not an update). */
export function archives(d: Decision, bm: AnyModel | null): boolean {
  return d.action === 'update' && d.toBusy.active === false && (bm as { active?: boolean } | null)?.active === true;
}

/** Stores both sides as they are now, and puts a missing marker back on the Busy record.
 * `noRemoteWrite`: nothing was written to either system for this pair, so the link may wait in
 * the run's buffer (RunCtx.deferLink) unless a marker write follows it. */
async function refreshLink<B extends { id: string; externalId: string | null }, T>(
  ctx: RunCtx,
  l: Link,
  bm: AnyModel,
  tm: AnyModel,
  spec?: KindSpec<B, T>,
  b?: B,
  noRemoteWrite = false,
): Promise<void> {
  const next: Link = { ...l, busy: { ...(l.busy as object), ...bm } as never, tfso: { ...(l.tfso as object), ...tm } as never };
  const markerMissing = !!(spec && b && !spec.markerOk(b, l.tfsoId));
  if (!sameValue(JSON.stringify(next.busy), JSON.stringify(l.busy)) || !sameValue(JSON.stringify(next.tfso), JSON.stringify(l.tfso))) {
    const linked = { ...next, syncedAt: ctx.now().toISOString() };
    if (noRemoteWrite && !markerMissing) await ctx.deferLink(linked);
    else await ctx.commit([linked]);
  }
  if (spec && b && markerMissing) {
    await ctx.write({ kind: spec.kind, name: (bm as { name: string }).name, id: b.id, op: 'marker' }, () => spec.writeMarker(b, l.tfsoId));
  }
}

function sameModel(m: AnyModel, snap: Record<string, unknown>): boolean {
  return Object.entries(m).every(([k, v]) => sameValue(v, snap[k]));
}

const show = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));
