// The three master kinds' specs (kind-spec.ts): customers (24SO → Busy only, R4), work types
// (R12, R13) and projects (R6, R10), each saying how to read, map and write its records.
import { createClient, listClients, patchClient } from '../busy/clients';
import { createProject, listProjects, patchProject, type ProjectPatch } from '../busy/projects';
import type { BusyProject } from '../busy/schemas';
import { createTag, listTags, patchTag } from '../busy/tags';
import { getCompanies } from '../tfso/company';
import { activeStatusId, getDeactivatedProjects, getProjectList, inactiveStatusId, saveProject, type TfsoProject } from '../tfso/project';
import { getWorkTypeList, saveWorkType } from '../tfso/time';
import type { ReadMode, RunCtx } from './context';
import type { CustomerIndex } from './customer-index';
import { type KindSpec, namePatch, numeric } from './kind-spec';
import { busyCustomer, busyProject, busyWorkType, statusActive, tfsoCustomer, tfsoProject, tfsoWorkType } from './map';
import type { Fields } from './model';
import { originOf, withOrigin } from './origin';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * Customers, 24SO → Busy only (R4). GetCompanies lists active companies only, so a company deleted
 * in 24SO is seen as absent on a complete read: on 'full' and "Hent kunder", not on the hourly
 * incremental (which would need GetCompanySyncList as a second request every hour).
 */
export function customerSpec(ctx: RunCtx, mode: ReadMode): KindSpec<'customer'> {
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
    createBusy: (t, m) => createClient(ctx.busy, { name: m.name, externalId: String(t.id) }),
    patchBusy: (b, f) => patchClient(ctx.busy, b.id, namePatch(f)),
    archiveBusy: (id) => patchClient(ctx.busy, id, { isActive: false }),
    writeMarker: (b, id) => patchClient(ctx.busy, b.id, { externalId: id }),
    freshBusy: ({ tfsoIds }) => (tfsoIds.length ? listClients(ctx.busy, { externalIdIn: tfsoIds, isActive: 'all' }) : Promise.resolve([])),
    tfsoName: (t) => t.name,
    busyNameMax: 50,
    retireBusy: (b) => patchClient(ctx.busy, b.id, { isActive: false, externalId: null }),
  };
}

export function workTypeSpec(ctx: RunCtx): KindSpec<'workType'> {
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
    createBusy: (t, m) => createTag(ctx.busy, { name: m.name, type: 'work', externalId: String(t.id), defaultHourlyRate: null }),
    patchBusy: (b, f) => patchTag(ctx.busy, b.id, namePatch(f)),
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
        name: m.name,
        invoiceable: t?.invoiceable ?? true,
        price: t?.price ?? null,
      });
    },
  };
}

export function projectSpec(ctx: RunCtx, mode: ReadMode, customers: CustomerIndex): KindSpec<'project'> {
  const activeOf = async (p: TfsoProject) => statusActive(await ctx.statuses(), p.statusId);
  const remember = async (ps: TfsoProject[], active: boolean | null) => {
    for (const p of ps) ctx.tfsoProjects.set(p.id, { p, active: active ?? (await activeOf(p)) });
    return ps;
  };
  const readTfso = async (q: { changedAfter?: Date; projectIds?: number[] }) => [
    ...(await remember(await getProjectList(ctx.tfso, q), true)),
    ...(await remember(await getDeactivatedProjects(ctx.tfso, q), false)),
  ];
  const toBusyFields = (f: Fields): ProjectPatch => {
    const out: ProjectPatch = namePatch(f);
    if (f.customer !== undefined) out.clientId = f.customer === null ? null : customers.busyOf(f.customer);
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
        [...ts.map((t) => t.customerId), ...ls.flatMap((l) => [l.busy.customer, l.tfso.customer]).filter((c) => typeof c === 'number')],
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
    createBusy: (t, pm) => {
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
    createTfso: async (b, pm) => {
      const statuses = await ctx.statuses();
      const statusId = (pm.active ? activeStatusId(statuses) : inactiveStatusId(statuses)) ?? undefined;
      const id = await saveProject(ctx.tfso, { name: pm.name, customerId: pm.customer, statusId, description: withOrigin(null, b.id) });
      ctx.createdInTfso.add(id);
      ctx.touchedProjects.add(id);
      return String(id);
    },
    updateTfso: async (t, id, pm) => {
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
