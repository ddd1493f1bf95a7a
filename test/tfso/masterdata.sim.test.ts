// 24SO master-data reads and writes (customers, projects, statuses, participants, tasks, work
// types) against the real simulator over HTTP, through a browser-like cookie jar.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { BadResponseError, RemoteFaultError } from '../../utils/core/errors';
import { getAllCompanySyncItems, getCompanies, getCompanySyncList } from '../../utils/tfso/company';
import {
  activeStatusId,
  getDeactivatedProjects,
  getProjectList,
  getProjectParticipants,
  getProjectStatuses,
  getProjectTasks,
  inactiveStatusId,
  saveProject,
  saveProjectTask,
} from '../../utils/tfso/project';
import { establishSession, type TfsoSessionContext } from '../../utils/tfso/session';
import { getWorkTypeList, saveWorkType } from '../../utils/tfso/time';
import { caught } from '../support/http-fakes';

const seed = makeSeed('demo');
const T = seed.tfso;
const isActiveStatus = (id: number) => T.projectStatuses.find((s) => s.id === id)!.active;
const activeSeedProjects = T.projects.filter((p) => isActiveStatus(p.statusId));
const inactiveSeedProjects = T.projects.filter((p) => !isActiveStatus(p.statusId));

let now = new Date(seed.now);
let sim: TfsoSim;
let f: NodeFetch | undefined;
let ctx: TfsoSessionContext;

async function connect(s: TfsoSim): Promise<{ f: NodeFetch; ctx: TfsoSessionContext }> {
  const nf = createNodeFetch();
  const c: TfsoSessionContext = {
    http: (u, i) => nf(u, i),
    bases: { api: s.api, webservices: s.webservices },
    timeoutMs: 5000,
    cookies: { set: async (u, n, v) => nf.jar.set(u, n, v), get: async (u, n) => nf.jar.get(u, n) ?? null },
  };
  await establishSession(c, { applicationId: s.applicationId, username: s.username, password: s.password });
  return { f: nf, ctx: c };
}

beforeAll(async () => {
  sim = await startTfsoSim({ seed, clock: () => now });
});
afterAll(async () => {
  await f?.close();
  await sim.close();
});
beforeEach(async () => {
  // Each test starts from the demo company: writes of one test must not leak into another.
  const r = await fetch(`http://127.0.0.1:${sim.port}/_sim/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seed: 'demo' }),
  });
  expect(r.status).toBe(200);
  now = new Date(seed.now);
  await f?.close();
  ({ f, ctx } = await connect(sim));
  sim.resetCounts();
  sim.faults.clear();
});

describe('24SO customers (CompanyService)', () => {
  it('R3: getCompanies without a filter returns every active customer, names with æøå and "&" intact', async () => {
    const got = await getCompanies(ctx, {});
    expect(got).toHaveLength(T.companies.filter((c) => c.active).length);
    const berg = T.companies.find((c) => c.name.includes('&') && c.name.includes('<'))!;
    expect(got.find((c) => c.id === berg.id)).toEqual({
      id: berg.id,
      name: berg.name,
      organizationNumber: berg.organizationNumber,
      dateChanged: berg.dateChanged,
    });
    expect(got.map((c) => c.name)).toContain('Østlandske Kraft ASA');
    // a customer without an organisation number reads as null, not ''
    const noOrg = T.companies.find((c) => c.organizationNumber === null)!;
    expect(got.find((c) => c.id === noOrg.id)?.organizationNumber).toBeNull();
    expect(sim.counts().GetCompanies).toBe(1);
  });

  it('getCompanies changedAfter returns only customers changed after the instant', async () => {
    const after = new Date('2026-10-01T00:00:00Z');
    const got = await getCompanies(ctx, { changedAfter: after });
    const expected = T.companies
      .filter((c) => c.active && new Date(c.dateChanged) > after)
      .map((c) => c.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(T.companies.length);
    expect(got.map((c) => c.id).sort()).toEqual(expected);
  });

  it('getCompanies by companyIds returns exactly those; a one-element answer is still a list', async () => {
    const got = await getCompanies(ctx, { companyIds: [T.companies[0]!.id] });
    expect(got).toEqual([expect.objectContaining({ id: T.companies[0]!.id, name: T.companies[0]!.name })]);
    expect(await getCompanies(ctx, { companyIds: [] })).toEqual([]);
    expect(sim.counts().GetCompanies).toBe(1);
  });

  it('getCompanySyncList reads one page with ids, change times and active flags', async () => {
    const page = await getCompanySyncList(ctx, { page: 1, active: true });
    expect(page).toMatchObject({ currentPage: 1, totalPages: 1 });
    expect(page.items).toHaveLength(T.companies.length);
    const c = T.companies[3]!;
    expect(page.items).toContainEqual({ companyId: c.id, dateChanged: c.dateChanged, active: true });
    // ChangedAfter filters here too
    const after = new Date('2026-11-01T00:00:00Z');
    const recent = await getCompanySyncList(ctx, { page: 1, active: true, changedAfter: after });
    expect(recent.items.map((i) => i.companyId).sort()).toEqual(
      T.companies
        .filter((x) => new Date(x.dateChanged) > after)
        .map((x) => x.id)
        .sort(),
    );
  });
});

describe('24SO company sync list paging (large company)', () => {
  it('getAllCompanySyncItems reads every page of 1,000 (more than 1,000 customers), in two requests', async () => {
    const big = makeSeed('large:40');
    const expectedActive = big.tfso.companies.filter((c) => c.active).length;
    expect(expectedActive).toBeGreaterThan(1000);
    const s = await startTfsoSim({ seed: big });
    const conn = await connect(s);
    try {
      s.resetCounts();
      const items = await getAllCompanySyncItems(conn.ctx, { active: true });
      expect(items).toHaveLength(expectedActive);
      expect(new Set(items.map((i) => i.companyId)).size).toBe(expectedActive);
      expect(items.every((i) => i.active)).toBe(true);
      expect(s.counts().GetCompanySyncList).toBe(2);
      const deleted = await getAllCompanySyncItems(conn.ctx, { active: false });
      expect(deleted.map((i) => i.companyId).sort()).toEqual(
        big.tfso.companies
          .filter((c) => !c.active)
          .map((c) => c.id)
          .sort(),
      );
      expect(deleted.every((i) => !i.active)).toBe(true);
    } finally {
      await conn.f.close();
      await s.close();
    }
  });
});

describe('24SO projects (ProjectService)', () => {
  it('R6: getProjectList returns the active projects with customer, status, start and participants', async () => {
    const got = await getProjectList(ctx, {});
    expect(got.map((p) => p.id).sort()).toEqual(activeSeedProjects.map((p) => p.id).sort());
    const sp = activeSeedProjects.find((p) => p.customerId !== null)!;
    expect(got.find((p) => p.id === sp.id)).toMatchObject({
      name: sp.name,
      customerId: sp.customerId,
      statusId: sp.statusId,
      dateChanged: sp.dateChanged,
      dateStart: sp.dateStart,
      participants: sp.participants,
    });
    // an internal project has no customer: int.MinValue on the wire reads as null
    const internal = activeSeedProjects.find((p) => p.customerId === null)!;
    expect(got.find((p) => p.id === internal.id)?.customerId).toBeNull();
    expect(got.map((p) => p.name)).toContain('Økonomirutiner');
  });

  it('R6: an inactive 24SO project is read only from GetDeactivatedProjects', async () => {
    expect(inactiveSeedProjects.length).toBeGreaterThan(0);
    const active = await getProjectList(ctx, {});
    const inactive = await getDeactivatedProjects(ctx, {});
    expect(inactive.map((p) => p.id).sort()).toEqual(inactiveSeedProjects.map((p) => p.id).sort());
    const activeIds = new Set(active.map((p) => p.id));
    expect(inactiveSeedProjects.some((p) => activeIds.has(p.id))).toBe(false);
    expect(inactive.every((p) => !isActiveStatus(p.statusId!))).toBe(true);
  });

  it('getProjectList changedAfter and projectIds filter; a one-element answer is still a list', async () => {
    const after = new Date('2026-11-10T00:00:00Z');
    const changed = await getProjectList(ctx, { changedAfter: after });
    const expected = activeSeedProjects
      .filter((p) => new Date(p.dateChanged) > after)
      .map((p) => p.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(changed.map((p) => p.id).sort()).toEqual(expected);
    const one = await getProjectList(ctx, { projectIds: [activeSeedProjects[0]!.id] });
    expect(one).toHaveLength(1);
    expect(one[0]!.id).toBe(activeSeedProjects[0]!.id);
    expect(Array.isArray(one[0]!.participants)).toBe(true);
  });

  it('getProjectStatuses lists active and inactive statuses; the helpers pick the first of each', async () => {
    const statuses = await getProjectStatuses(ctx);
    expect(statuses).toEqual(T.projectStatuses);
    expect(inactiveStatusId(statuses)).toBe(T.projectStatuses.find((s) => !s.active)!.id);
    expect(activeStatusId(statuses)).toBe(T.projectStatuses.find((s) => s.active)!.id);
    expect(inactiveStatusId(statuses.filter((s) => s.active))).toBeNull();
  });

  it('R10: saveProject without an id creates the project and returns the number 24SO assigned; with the id it renames', async () => {
    const maxSeedId = Math.max(...T.projects.map((p) => p.id));
    const customer = T.companies[5]!;
    const id = await saveProject(ctx, { name: 'Ny app — Tromsø & omegn', customerId: customer.id });
    expect(id).toBeGreaterThan(maxSeedId);
    const [created] = await getProjectList(ctx, { projectIds: [id] });
    expect(created).toMatchObject({
      id,
      name: 'Ny app — Tromsø & omegn',
      customerId: customer.id,
      nameDisplay: 'Plain',
      timeReg: 'WorkType',
    });
    now = new Date(now.getTime() + 60_000);
    expect(await saveProject(ctx, { id, name: 'Ny app — Bodø', customerId: customer.id })).toBe(id);
    const [renamed] = await getProjectList(ctx, { projectIds: [id] });
    expect(renamed).toMatchObject({ id, name: 'Ny app — Bodø', dateChanged: now.toISOString() });
    // an internal project (no customer) is created too
    const internal = await saveProject(ctx, { name: 'Intern: Opplæring', customerId: null });
    expect((await getProjectList(ctx, { projectIds: [internal] }))[0]?.customerId).toBeNull();
  });

  it('R6: deactivating via an inactive statusId moves the project to GetDeactivatedProjects, and back', async () => {
    const statuses = await getProjectStatuses(ctx);
    const p = activeSeedProjects[2]!;
    await saveProject(ctx, { id: p.id, name: p.name, customerId: p.customerId, statusId: inactiveStatusId(statuses)! });
    expect(await getProjectList(ctx, { projectIds: [p.id] })).toEqual([]);
    expect((await getDeactivatedProjects(ctx, { projectIds: [p.id] })).map((x) => x.id)).toEqual([p.id]);
    await saveProject(ctx, { id: p.id, name: p.name, customerId: p.customerId, statusId: activeStatusId(statuses)! });
    expect((await getProjectList(ctx, { projectIds: [p.id] })).map((x) => x.id)).toEqual([p.id]);
  });

  it('saveProject never sends Owner (the sim refuses a changed Owner) and can set participants', async () => {
    const p = activeSeedProjects.find((x) => x.projectLeaderId !== T.integrationUser.contactId)!;
    const members = [p.projectLeaderId, T.users[9]!.contactId];
    await saveProject(ctx, { id: p.id, name: p.name, customerId: p.customerId, participants: members });
    const got = await getProjectParticipants(ctx, { projectIds: [p.id] });
    expect(got.get(p.id)?.sort()).toEqual([...members].sort());
  });

  it('a SaveProject refused by 24SO (unknown customer) → RemoteFaultError naming SaveProject', async () => {
    const e = await caught(saveProject(ctx, { name: 'X', customerId: 99999 }));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e).toMatchObject({ operation: 'SaveProject' });
    expect(e.remoteMessage).toMatch(/CustomerId 99999/);
  });

  it('getProjectParticipants maps each project to its members; changedAfter filters', async () => {
    const ids = activeSeedProjects.slice(0, 4).map((p) => p.id);
    const got = await getProjectParticipants(ctx, { projectIds: ids });
    expect([...got.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(got.get(id)?.sort()).toEqual([...T.projects.find((p) => p.id === id)!.participants].sort());
    const after = new Date('2026-11-01T00:00:00Z');
    const changed = await getProjectParticipants(ctx, { projectIds: ids, changedAfter: after });
    expect([...changed.keys()].sort()).toEqual(
      ids.filter((id) => new Date(T.projects.find((p) => p.id === id)!.dateChanged) > after).sort(),
    );
    expect(await getProjectParticipants(ctx, { projectIds: [] })).toEqual(new Map());
  });
});

describe('24SO tasks', () => {
  it('R14: getProjectTasks returns the tasks with dates and participants (none, one or many)', async () => {
    const p = T.projects.find((x) => T.tasks.some((t) => t.projectId === x.id && t.participants.length === 1))!;
    const got = await getProjectTasks(ctx, p.id);
    const expected = T.tasks.filter((t) => t.projectId === p.id);
    expect(got.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    for (const t of expected) {
      expect(got.find((g) => g.id === t.id)).toEqual({
        id: t.id,
        projectId: p.id,
        name: t.name,
        dateStart: t.dateStart,
        dateStop: t.dateStop,
        participants: t.participants,
        statusId: null,
        description: '',
      });
    }
    // a one-participant task still has a participant list
    expect(got.some((t) => t.participants.length === 1)).toBe(true);
    expect(T.tasks.some((t) => t.name.includes('&'))).toBe(true);
  });

  it('R16: saveProjectTask creates a task on the project and updates it by id', async () => {
    const p = activeSeedProjects[0]!;
    const start = new Date('2026-12-01T00:00:00Z');
    const stop = new Date('2027-01-31T00:00:00Z');
    const id = await saveProjectTask(ctx, {
      projectId: p.id,
      name: 'Åpningsmøte & plan',
      dateStart: start,
      dateStop: stop,
      participants: [1003],
    });
    let task = (await getProjectTasks(ctx, p.id)).find((t) => t.id === id);
    expect(task).toEqual({
      id,
      projectId: p.id,
      name: 'Åpningsmøte & plan',
      dateStart: start.toISOString(),
      dateStop: stop.toISOString(),
      participants: [1003],
      statusId: null,
      description: '',
    });
    expect(
      await saveProjectTask(ctx, {
        id,
        projectId: p.id,
        name: 'Åpningsmøte',
        dateStart: start,
        dateStop: stop,
        participants: [1003, 1004],
      }),
    ).toBe(id);
    task = (await getProjectTasks(ctx, p.id)).find((t) => t.id === id);
    expect(task).toMatchObject({ name: 'Åpningsmøte', participants: [1003, 1004] });
  });

  it('saveProjectTask validation by 24SO: missing dates or stop before start → RemoteFaultError naming SaveProjectTask', async () => {
    const p = activeSeedProjects[0]!;
    const missing = await caught(
      saveProjectTask(ctx, {
        projectId: p.id,
        name: 'Uten datoer',
        dateStart: undefined as unknown as Date,
        dateStop: undefined as unknown as Date,
        participants: [],
      }),
    );
    expect(missing).toBeInstanceOf(RemoteFaultError);
    expect(missing).toMatchObject({ operation: 'SaveProjectTask' });
    expect(missing.remoteMessage).toMatch(/DateStart, DateStop/);
    const backwards = await caught(
      saveProjectTask(ctx, {
        projectId: p.id,
        name: 'Baklengs',
        dateStart: new Date('2027-01-02T00:00:00Z'),
        dateStop: new Date('2027-01-01T00:00:00Z'),
        participants: [],
      }),
    );
    expect(backwards).toBeInstanceOf(RemoteFaultError);
    expect(backwards.remoteMessage).toMatch(/DateStop is before DateStart/);
    expect((await getProjectTasks(ctx, p.id)).some((t) => t.name === 'Uten datoer' || t.name === 'Baklengs')).toBe(false);
  });
});

describe('24SO work types (TimeService)', () => {
  it('R12: getWorkTypeList returns the work types with price and product (none → null)', async () => {
    const got = await getWorkTypeList(ctx, { active: true });
    expect(got).toEqual(
      T.workTypes
        .filter((w) => w.active)
        .map((w) => ({
          id: w.id,
          name: w.name,
          invoiceable: w.invoiceable,
          price: w.price,
          productId: w.productId,
          description: '',
        })),
    );
    expect(got.find((w) => w.productId === null)).toBeDefined();
    expect(got.find((w) => !Number.isInteger(w.price))).toBeDefined(); // decimals survive
    expect(await getWorkTypeList(ctx, { active: false })).toEqual([]);
    expect(await getWorkTypeList(ctx)).toHaveLength(T.workTypes.length);
  });

  it('R13: saveWorkType [A] creates a work type (new id) and updates it by id', async () => {
    const id = await saveWorkType(ctx, { name: 'Kurs & opplæring', invoiceable: true, price: 1199.5 });
    expect(id).toBeGreaterThan(Math.max(...T.workTypes.map((w) => w.id)));
    expect((await getWorkTypeList(ctx)).find((w) => w.id === id)).toEqual({
      id,
      name: 'Kurs & opplæring',
      invoiceable: true,
      price: 1199.5,
      productId: null,
      description: '',
    });
    expect(await saveWorkType(ctx, { id, name: 'Kurs', invoiceable: false })).toBe(id);
    expect((await getWorkTypeList(ctx)).find((w) => w.id === id)).toMatchObject({ name: 'Kurs', invoiceable: false });
  });

  it('a 24SO server without SaveWorkType (SOAPAction not recognized) → RemoteFaultError naming SaveWorkType', async () => {
    sim.faults.add({
      op: 'SaveWorkType',
      kind: 'soapFault',
      count: 1,
      message: 'Server did not recognize the value of HTTP Header SOAPAction: http://24sevenOffice.com/webservices/SaveWorkType.',
    });
    const e = await caught(saveWorkType(ctx, { name: 'Ny', invoiceable: true }));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e).toMatchObject({ operation: 'SaveWorkType' });
    expect(e.remoteMessage).toMatch(/does not offer SaveWorkType/);
  });
});

describe('answers that do not fit', () => {
  it('a malformed GetProjectList answer → BadResponseError naming GetProjectList', async () => {
    sim.faults.add({ op: 'GetProjectList', kind: 'malformed', count: 1 });
    const e = await caught(getProjectList(ctx, {}));
    expect(e).toBeInstanceOf(BadResponseError);
    expect(e).toMatchObject({ operation: 'GetProjectList' });
  });
});
