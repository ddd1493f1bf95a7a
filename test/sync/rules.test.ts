// One test per rule R3–R16, against both simulators over HTTP; each checks the simulators' state.
import { afterEach, describe, expect, it } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import { createClient, patchClient } from '../../utils/busy/clients';
import { addProjectMember, createProject, patchProject } from '../../utils/busy/projects';
import { createTag } from '../../utils/busy/tags';
import { createTask } from '../../utils/busy/tasks';
import { writesOf } from '../../utils/sync/engine';
import { HOURLY_TASK_READS, PUSH_PROBES } from '../../utils/sync/scope';
import { projectsInUse } from '../../utils/sync/in-use';
import { buildUserMapping } from '../../utils/sync/users';
import { getUsers } from '../../utils/tfso/client';
import { getProjectStatuses, saveProject, saveProjectTask } from '../../utils/tfso/project';
import { listUsers } from '../../utils/busy/users';
import {
  busyClients,
  busyProjects,
  busyTags,
  busyTasks,
  busyUserOf,
  expectMembersMirrored,
  expectMirrored,
  expectNoDuplicates,
  expectTasksMirrored,
  tfsoActive,
} from './checks';
import { fails, firstSyncSeed, startWorld, tfsoData, type World } from './harness';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const simNow = (x: World) => x.clock.now().toISOString();
const newProject = { colorCode: '#1f77b4', isOpen: true, isBillable: false, allowMultipleClients: false } as const;
const newTask = {
  defaultTagId: null,
  state: 'todo',
  allowTimeTracking: true,
  isPrioritized: false,
  parentId: null,
  isActive: true,
} as const;

describe('sync rules (both simulators over HTTP)', () => {
  it('R3: the first sync fetches every 24SO customer into Busy', async () => {
    w = await startWorld(firstSyncSeed());
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    const active = tfsoData(w).companies.filter((c) => c.active);
    expect(
      busyClients(w)
        .filter((c) => c.isActive)
        .map((c) => c.externalId)
        .sort(),
    ).toEqual(active.map((c) => String(c.id)).sort());
    for (const c of active) expect(busyClients(w).find((b) => b.externalId === String(c.id))!.name).toBe(c.name);
    expect(s.counts.customer.busy.created).toBe(active.length);
  });

  it('R4: a Busy-only customer is a warning, never a write to 24SO; a customer edited in Busy is put back', async () => {
    w = await startWorld('demo');
    await createClient(w.busyClient, { name: 'Kun i Busy AS', externalId: null });
    const companiesBefore = JSON.stringify(tfsoData(w).companies);
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    expect(JSON.stringify(tfsoData(w).companies)).toBe(companiesBefore);
    expect(s.requests.tfso).toBeGreaterThan(0);
    expect(w.tfso.counts().SaveCompanies ?? 0).toBe(0);
    const open = await w.store.warnings.open();
    expect(open.find((x) => x.code === 'busyOnlyCustomer')?.substitutions).toEqual(['Kun i Busy AS']);
    // Editing a linked customer in Busy: 24SO's name comes back, and the user is told.
    const linked = busyClients(w).find((c) => c.externalId !== null)!;
    const company = tfsoData(w).companies.find((c) => String(c.id) === linked.externalId)!;
    await patchClient(w.busyClient, linked.id, { name: 'Omdøpt i Busy' });
    const s2 = await w.sync('customers');
    expect(w.busy.state.clients.get(linked.id)!.name).toBe(company.name);
    expect(s2.warnings.find((x) => x.code === 'customerEditedInBusy')?.substitutions).toContain('Omdøpt i Busy');
    expect(JSON.stringify(tfsoData(w).companies)).toBe(companiesBefore);
  });

  it('R5: "Hent kunder" runs the customer sync alone and records when it last ran', async () => {
    w = await startWorld('demo');
    const d = tfsoData(w);
    d.companies.push({
      id: 19999,
      name: 'Nykunde Bergen AS',
      organizationNumber: '987654321',
      email: null,
      dateCreated: simNow(w),
      dateChanged: simNow(w),
      active: true,
    });
    w.tfso.resetCounts();
    const s = await w.sync('customers');
    expect(fails(s)).toBe('');
    expect(busyClients(w).find((c) => c.externalId === '19999')?.name).toBe('Nykunde Bergen AS');
    expect(Object.keys(w.tfso.counts()).sort()).toEqual(['GetCompanies']); // customers only
    const last = (await w.store.runs.lastByTrigger()).customers!;
    expect(last.ok).toBe(true);
    expect(Date.parse(last.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(last.startedAt));
  });

  it('R6: active ↔ active and inactive ↔ archived, on the first sync and later in both directions', async () => {
    w = await startWorld(firstSyncSeed());
    expect(fails(await w.sync('full'))).toBe('');
    expectMirrored(w);
    const d = tfsoData(w);
    expect(d.projects.some((p) => !tfsoActive(w!, p.statusId))).toBe(true); // the demo has inactive ones
    // 24SO deactivates a project → archived in Busy
    const statuses = await getProjectStatuses(w.tfsoCtx);
    const p = d.projects.find((x) => tfsoActive(w!, x.statusId))!;
    await saveProject(w.tfsoCtx, { id: p.id, name: p.name, customerId: p.customerId, statusId: statuses.find((s) => !s.active)!.id });
    expect(fails(await w.sync('incremental'))).toBe('');
    expect(busyProjects(w).find((b) => b.externalId === String(p.id))!.isActive).toBe(false);
    // Busy archives another → inactive in 24SO; Busy reactivates the first → active in 24SO
    const q = d.projects.find((x) => tfsoActive(w!, x.statusId))!;
    const bq = busyProjects(w).find((b) => b.externalId === String(q.id))!;
    await patchProject(w.busyClient, bq.id, { isActive: false });
    const bp = busyProjects(w).find((b) => b.externalId === String(p.id))!;
    await patchProject(w.busyClient, bp.id, { isActive: true });
    expect(fails(await w.sync('push'))).toBe('');
    expect(tfsoActive(w, d.projects.find((x) => x.id === q.id)!.statusId)).toBe(false);
    expect(tfsoActive(w, d.projects.find((x) => x.id === p.id)!.statusId)).toBe(true);
    expectMirrored(w);
  });

  it('R7: a 24SO change reaches Busy through the hourly incremental run, read with ChangedAfter', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const p = tfsoData(w).projects.find((x) => tfsoActive(w!, x.statusId))!;
    w.clock.advance(10 * 60_000); // (24SO drops a session idle for 20 minutes)
    await saveProject(w.tfsoCtx, { id: p.id, name: 'Nytt navn fra 24SO', customerId: p.customerId, statusId: p.statusId });
    w.tfso.resetCounts();
    const s = await w.sync('incremental');
    expect(fails(s)).toBe('');
    expect(busyProjects(w).find((b) => b.externalId === String(p.id))!.name).toBe('Nytt navn fra 24SO');
    expect(w.tfso.counts().GetProjectList).toBe(1);
    expect(s.counts.project.busy.updated).toBe(1);
  });

  it('R8: "Hent prosjekter" is the full sync: new projects and customers from 24SO arrive, and the run is recorded', async () => {
    w = await startWorld('demo');
    const d = tfsoData(w);
    d.companies.push({
      id: 19998,
      name: 'Prosjektkunde AS',
      organizationNumber: null,
      email: null,
      dateCreated: simNow(w),
      dateChanged: simNow(w),
      active: true,
    });
    const id = await saveProject(w.tfsoCtx, { name: 'Helt nytt prosjekt', customerId: 19998 });
    const s = await w.sync('projects');
    expect(fails(s)).toBe('');
    const bp = busyProjects(w).find((b) => b.externalId === String(id))!;
    expect(bp.name).toBe('Helt nytt prosjekt');
    expect(w.busy.state.clients.get(bp.clientId!)!.externalId).toBe('19998');
    expectMirrored(w);
    expect((await w.store.runs.lastByTrigger()).projects?.ok).toBe(true);
  });

  it('R9: a project created or changed in Busy reaches 24SO on the push run, without reading all of 24SO', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const created = await createProject(w.busyClient, { ...newProject, name: 'Laget i Busy', externalId: null });
    const existing = busyProjects(w).find((b) => b.isActive && b.externalId)!;
    await patchProject(w.busyClient, existing.id, { name: 'Endret i Busy' });
    w.tfso.resetCounts();
    const s = await w.sync('push');
    expect(fails(s)).toBe('');
    const d = tfsoData(w);
    expect(d.projects.filter((p) => p.name === 'Laget i Busy')).toHaveLength(1);
    expect(d.projects.find((p) => String(p.id) === existing.externalId)!.name).toBe('Endret i Busy');
    expect(w.tfso.counts().GetCompanies ?? 0).toBe(0);
    expect(w.busy.state.projects.get(created.id)!.externalId).toMatch(/^\d+$/);
  });

  it('R10: the number of a project made in Busy is the one 24SO gives it, written back to Busy', async () => {
    w = await startWorld('demo');
    const busyOnly = busyProjects(w).find((p) => p.externalId === null)!;
    expect(busyOnly.number).toBeNull();
    expect(fails(await w.sync('full'))).toBe('');
    const inTfso = tfsoData(w).projects.find((p) => p.name === busyOnly.name)!;
    expect(inTfso).toBeDefined();
    const after = w.busy.state.projects.get(busyOnly.id)!;
    expect(after.number).toBe(String(inTfso.id));
    expect(after.externalId).toBe(String(inTfso.id));
  });

  it('R11: however often it runs, and from a second browser, every record exists once on each side', async () => {
    w = await startWorld('demo');
    for (let i = 0; i < 3; i++) expect(fails(await w.sync('full'))).toBe('');
    const other = await w.freshStore(); // reinstall / another browser: no links at all
    const s = await (await import('../../utils/sync/engine')).runSync({ ...w.deps, store: other }, 'full');
    expect(fails(s)).toBe('');
    expect(
      s.counts.project.busy.created + s.counts.project.tfso.created + s.counts.customer.busy.created + s.counts.task.busy.created,
    ).toBe(0);
    other.close();
    expectNoDuplicates(w);
    expectMirrored(w);
  });

  it('R12: "Hent arbeidstyper" brings 24SO work types into Busy and records the time', async () => {
    w = await startWorld(firstSyncSeed());
    tfsoData(w).workTypes.push({ id: 77, name: 'Reisetid', description: '', invoiceable: false, price: 0, productId: null, active: true });
    w.tfso.resetCounts();
    const s = await w.sync('worktypes');
    expect(fails(s)).toBe('');
    for (const x of tfsoData(w).workTypes.filter((x) => x.active)) {
      expect(busyTags(w).find((t) => t.externalId === String(x.id))?.name).toBe(x.name);
    }
    expect(Object.keys(w.tfso.counts())).toEqual(['GetWorkTypeList']);
    expect((await w.store.runs.lastByTrigger()).worktypes?.finishedAt).toBeDefined();
  });

  it('R13: a work type made in Busy is created in 24SO and linked', async () => {
    w = await startWorld('demo');
    const tag = await createTag(w.busyClient, { name: 'Workshop', type: 'work', externalId: null, defaultHourlyRate: null });
    expect(fails(await w.sync('worktypes'))).toBe('');
    const wt = tfsoData(w).workTypes.filter((x) => x.name === 'Workshop');
    expect(wt).toHaveLength(1);
    expect(w.busy.state.tags.get(tag.id)!.externalId).toBe(String(wt[0]!.id));
    expect(fails(await w.sync('worktypes'))).toBe('');
    expect(tfsoData(w).workTypes.filter((x) => x.name === 'Workshop')).toHaveLength(1);
  });

  it('R14: an unassigned 24SO task stays out of Busy until it is assigned to a project member', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const p = tfsoData(w).projects.find((x) => tfsoActive(w!, x.statusId) && x.participants.some((c) => busyUserOf(w!, c)))!;
    const member = p.participants.find((c) => busyUserOf(w!, c))!;
    const start = new Date(simNow(w));
    const id = await saveProjectTask(w.tfsoCtx, {
      projectId: p.id,
      name: 'Uten deltaker',
      dateStart: start,
      dateStop: new Date(start.getTime() + 86_400_000),
      participants: [],
    });
    expect(fails(await w.sync('tasks'))).toBe('');
    expect(busyTasks(w).find((t) => t.externalId === String(id))).toBeUndefined();
    await saveProjectTask(w.tfsoCtx, {
      id,
      projectId: p.id,
      name: 'Uten deltaker',
      dateStart: start,
      dateStop: new Date(start.getTime() + 86_400_000),
      participants: [member],
    });
    expect(fails(await w.sync('tasks'))).toBe('');
    expect(busyTasks(w).find((t) => t.externalId === String(id))).toBeDefined();
    expectTasksMirrored(w);
  });

  it("R15: a task's 24SO participants become its Busy assignees, and changes follow both ways", async () => {
    w = await startWorld(firstSyncSeed());
    expect(fails(await w.sync('full'))).toBe('');
    expectTasksMirrored(w);
    const bt = busyTasks(w).find((t) => t.isActive && w!.busy.state.assigneesOf(t.id).size > 0)!;
    const t = tfsoData(w).tasks.find((x) => String(x.id) === bt.externalId)!;
    expect([...w.busy.state.assigneesOf(bt.id).keys()].sort()).toEqual(
      t.participants
        .map((c) => busyUserOf(w!, c))
        .filter(Boolean)
        .sort(),
    );
    // 24SO adds a project member to the task → assigned in Busy
    const p = tfsoData(w).projects.find((x) => x.id === t.projectId)!;
    const extra = p.participants.find((c) => !t.participants.includes(c) && busyUserOf(w!, c));
    if (extra !== undefined) {
      await saveProjectTask(w.tfsoCtx, {
        id: t.id,
        projectId: t.projectId,
        name: t.name,
        dateStart: new Date(t.dateStart),
        dateStop: new Date(t.dateStop),
        participants: [...t.participants, extra],
      });
      expect(fails(await w.sync('tasks'))).toBe('');
      expect(w.busy.state.assigneesOf(bt.id).has(busyUserOf(w, extra)!)).toBe(true);
    }
    // Busy unassigns someone → removed from the 24SO participants
    const gone = [...w.busy.state.assigneesOf(bt.id).keys()][0]!;
    await w.busyClient.del('/tasks/{taskId}/users/{userId}', { params: { taskId: bt.id, userId: gone } });
    expect(fails(await w.sync('tasks'))).toBe('');
    expect(
      tfsoData(w)
        .tasks.find((x) => x.id === t.id)!
        .participants.map((c) => busyUserOf(w!, c)),
    ).not.toContain(gone);
    expectTasksMirrored(w);
  });

  it('R16: a task made in Busy is created on the matching 24SO project', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const bp = busyProjects(w).find((p) => p.isActive && p.externalId && w!.busy.state.membersOf(p.id).size > 0)!;
    const task = await createTask(w.busyClient, bp.id, { ...newTask, name: 'Oppgave fra Busy', externalId: null });
    const uid = [...w.busy.state.membersOf(bp.id).keys()][0]!;
    await w.busyClient.post('/tasks/{taskId}/users', { userId: uid }, (await import('../../utils/busy/schemas')).UserSchema, {
      params: { taskId: task.id },
    });
    expect(fails(await w.sync('tasks'))).toBe('');
    const inTfso = tfsoData(w).tasks.filter((t) => t.name === 'Oppgave fra Busy');
    expect(inTfso).toHaveLength(1);
    expect(String(inTfso[0]!.projectId)).toBe(bp.externalId);
    expect(inTfso[0]!.participants.map((c) => busyUserOf(w!, c))).toEqual([uid]);
    expect(w.busy.state.tasks.get(task.id)!.externalId).toBe(String(inTfso[0]!.id));
    expect(fails(await w.sync('tasks'))).toBe('');
    expect(tfsoData(w).tasks.filter((t) => t.name === 'Oppgave fra Busy')).toHaveLength(1);
  });
});

describe('members, users and the decision table', () => {
  it('project members: 24SO participants ↔ Busy members through the user mapping, both ways', async () => {
    w = await startWorld(firstSyncSeed());
    expect(fails(await w.sync('full'))).toBe('');
    expectMembersMirrored(w);
    const p = tfsoData(w).projects.find((x) => tfsoActive(w!, x.statusId))!;
    const bp = busyProjects(w).find((b) => b.externalId === String(p.id))!;
    const outsider = [...w.busy.state.users.values()].find((u) => u.employeeCode && !w!.busy.state.membersOf(bp.id).has(u.id))!;
    await addProjectMember(w.busyClient, bp.id, { userId: outsider.id });
    expect(fails(await w.sync('tasks'))).toBe('');
    expect(p.participants.map((c) => busyUserOf(w!, c))).toContain(outsider.id);
    expectMembersMirrored(w);
  });

  it('user mapping: Busy users match 24SO users by employee code / name, as the seed says they are', async () => {
    w = await startWorld('demo');
    const seed = makeSeed('demo');
    const m = buildUserMapping(await listUsers(w.busyClient, { isActive: 'all' }), await getUsers(w.tfsoCtx));
    for (const u of seed.busy.users) {
      const id = [...w.busy.state.users.values()].find((b) => b.email === u.email)!.id;
      expect(m.toTfso.get(id) ?? null, u.email).toBe(u.tfsoContactId);
    }
    expect(m.unmapped.length).toBe(seed.busy.users.filter((u) => u.tfsoContactId === null).length);
  });

  it('conflict: both sides renamed a project → 24SO wins and the overwritten Busy name is a warning', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const p = tfsoData(w).projects.find((x) => tfsoActive(w!, x.statusId))!;
    const bp = busyProjects(w).find((b) => b.externalId === String(p.id))!;
    await patchProject(w.busyClient, bp.id, { name: 'Busy-navn' });
    w.clock.advance(60_000);
    await saveProject(w.tfsoCtx, { id: p.id, name: '24SO-navn', customerId: p.customerId, statusId: p.statusId });
    const s = await w.sync('incremental');
    expect(fails(s)).toBe('');
    expect(w.busy.state.projects.get(bp.id)!.name).toBe('24SO-navn');
    expect(p.name).toBe('24SO-navn');
    const warn = (await w.store.warnings.open()).find((x) => x.code === 'conflictOverwritten');
    expect(warn?.substitutions).toEqual(['project', '24SO-navn', 'name', 'Busy-navn', '24SO-navn']);
  });

  it('a second run right after a full sync writes nothing and reads at most one page per entity type', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    // Hourly runs are an hour apart (here 10 simulated minutes: past the 2-minute re-read window,
    // within 24SO's session idle time).
    w.clock.advance(10 * 60_000);
    const first = await w.sync('incremental');
    expect(fails(first)).toBe('');
    expect(writesOf(first)).toBe(0);
    // The hourly run when nothing changed (the first one after a full sync may read a member list
    // a snapshot does not hold yet).
    w.clock.advance(10 * 60_000);
    w.busy.resetCounts();
    w.tfso.resetCounts();
    const s = await w.sync('incremental');
    expect(fails(s)).toBe('');
    expect(writesOf(s)).toBe(0);
    const b = w.busy.counts(),
      t = w.tfso.counts();
    // Issue 15: besides one read per entity type, the hourly run looks at members and tasks (scope.ts):
    // Busy: each active linked project's task list (the rotation reads every project of a company
    // this small every hour: HOURLY_TASK_READS); the users for the mapping.
    const active = (await w.store.links.all('project')).filter((l) => l.busy.active !== false && l.tfso.active !== false).length;
    expect(active).toBeLessThan(HOURLY_TASK_READS);
    const slice = active;
    expect(b).toEqual({
      'GET /clients': 1,
      'GET /projects': 1,
      'GET /tags': 1,
      'GET /projects/{projectId}/tasks': active,
      'GET /users': 1,
    });
    // 24SO: one per entity type (projects split into active and deactivated), the company's
    // participant changes in one search, and the rotation slice's tasks.
    expect(t).toEqual({
      GetCompanies: 1,
      GetProjectList: 1,
      GetDeactivatedProjects: 1,
      GetWorkTypeList: 1,
      GetProjectParticipants: 1,
      GetProjectTasks: slice,
      GetUsers: 1,
    });
    const full = await w.sync('full');
    expect(writesOf(full)).toBe(0);
    const push = await w.sync('push');
    expect(writesOf(push)).toBe(0);
    // the every-minute push when nothing changed: Busy /tags and /projects?updatedFrom, nothing of
    // 24SO (its work types are read when a Busy one needs them); and the projects in use (hours
    // logged in the last days) probed on Busy's side, two small reads each, up to PUSH_PROBES a push
    // (issue 15: their tasks and members within a minute)
    const idlePush = await w.sync('push');
    const inUse = (await projectsInUse(w.store, w.clock.fn())).length;
    expect(idlePush.requests).toEqual({ tfso: 0, busy: 2 + 2 * Math.min(inUse, PUSH_PROBES) });
  });
});
