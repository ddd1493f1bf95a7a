// The Busy resource wrappers against the real Busy simulator over HTTP (token auth).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { makeSeed } from '../sim/seeds/company';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { createBusyClient, type BusyClient } from '../../utils/busy/client';
import {
  addProjectMember,
  addProjectTag,
  addTaskAssignee,
  createClient,
  createProject,
  createTag,
  createTask,
  getProject,
  getTask,
  listClients,
  listProjectMembers,
  listProjects,
  listProjectTags,
  listProjectTasks,
  listTags,
  listTaskAssignees,
  listUsers,
  patchClient,
  patchProject,
  patchProjectMember,
  patchTag,
  patchTask,
  removeProjectMember,
  removeProjectTag,
  removeTaskAssignee,
  type ProjectCreate,
  type TaskCreate,
} from '../../utils/busy/resources';
import { BadResponseError, RemoteFaultError } from '../../utils/core/errors';
import { caught } from '../support/http-fakes';

const demo = makeSeed('demo');
const HOUR = 3_600_000;
let t = Date.parse(demo.now);
const clock = () => new Date(t);

let sim: BusySim;
let f: NodeFetch;
let c: BusyClient;
/** Every request the client sent: method, path+query, status. */
let sent: { method: string; url: URL; status: number }[];
/** Runs after each answer the client got: lets a test change Busy between two pages. */
let afterAnswer: ((url: URL) => Promise<void>) | undefined;

async function boot(seed = demo): Promise<void> {
  t = Date.parse(seed.now);
  sim = await startBusySim({ seed, clock });
  f = createNodeFetch();
  sent = [];
  afterAnswer = undefined;
  c = createBusyClient({
    http: async (u, i) => {
      const r = await f(u, i);
      sent.push({ method: i.method ?? 'GET', url: new URL(u), status: r.status });
      await afterAnswer?.(new URL(u));
      return r;
    },
    apiBase: sim.api,
    auth: { kind: 'token', token: sim.token },
    sleep: async (ms) => void (t += ms),
    now: clock,
    timeoutMs: 5000,
  });
}

beforeEach(() => boot());
afterEach(async () => {
  await f.close();
  await sim.close();
});

/** Another Busy user's edit, sent beside the client under test. */
async function patchOutsideClient(path: string, body: unknown): Promise<void> {
  const r = await f(`${sim.api}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
  await r.text();
}

const ascending = (rows: { id: string; updatedAt: string }[]) =>
  rows.every((r, i) => i === 0 || Date.parse(rows[i - 1]!.updatedAt) <= Date.parse(r.updatedAt));

const project = (name: string, extra: Partial<ProjectCreate> = {}): ProjectCreate => ({
  name,
  externalId: null,
  colorCode: '#1f6feb',
  isOpen: true,
  isBillable: true,
  allowMultipleClients: false,
  ...extra,
});
const task = (name: string, extra: Partial<TaskCreate> = {}): TaskCreate => ({
  name,
  defaultTagId: null,
  state: 'todo',
  allowTimeTracking: true,
  isPrioritized: false,
  parentId: null,
  externalId: null,
  isActive: true,
  ...extra,
});

describe('lists (demo company)', () => {
  it('listClients returns every demo client with its æøå name intact, ordered by updatedAt asc, archived included', async () => {
    const rows = await listClients(c);
    expect(rows.map((x) => x.name).sort()).toEqual(demo.busy.clients.map((x) => x.name).sort());
    expect(rows.map((x) => x.name)).toContain('Ålesund Maritime Tjenester AS');
    expect(rows.map((x) => x.name)).toContain('Berg & Sønner <Bygg> AS');
    expect(ascending(rows)).toBe(true);
    const q = sent[0]!.url.searchParams;
    expect([q.get('orderBy'), q.get('orderByDirection'), q.get('isActive'), q.get('limit'), q.get('offset')]).toEqual([
      'updatedAt',
      'asc',
      'all',
      '100',
      '0',
    ]);
  });

  it('listProjects includes the 4 archived demo projects by default; isActive "true" hides them', async () => {
    const all = await listProjects(c);
    expect(all).toHaveLength(demo.busy.projects.length);
    expect(
      all
        .filter((p) => !p.isActive)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Anbudsprosess kantine', 'Nettside 2024', 'Skymigrering (pilot)', 'Årsoppgjør 2025']);
    expect(ascending(all)).toBe(true);
    const active = await listProjects(c, { isActive: 'true' });
    expect(active).toHaveLength(demo.busy.projects.length - 4);
    expect(active.every((p) => p.isActive)).toBe(true);
  });

  it('listUsers, listTags and listProjectTasks return the demo rows (æøå names) without sending updatedFrom where the API lacks it', async () => {
    const users = await listUsers(c);
    expect(users.map((u) => u.displayName).sort()).toEqual(demo.busy.users.map((u) => u.displayName).sort());
    const tags = await listTags(c);
    expect(tags.map((x) => x.name).sort()).toEqual(demo.busy.tags.map((x) => x.name).sort());
    expect(tags.map((x) => x.name)).toContain('Rådgivning');
    const tasks = await listProjectTasks(c, '13002');
    expect(tasks.map((x) => x.id).sort()).toEqual(['15002', '15003']);
    expect(sent.every((s) => !s.url.searchParams.has('updatedFrom'))).toBe(true);
    expect(sent.map((s) => s.url.searchParams.get('isActive'))).toEqual(['all', 'all', 'all']);
  });

  it('listProjectMembers, listProjectTags and listTaskAssignees return the seeded links (endpoints without isActive)', async () => {
    const p = demo.busy.projects.find((x) => x.id === '13001')!;
    expect((await listProjectMembers(c, '13001')).map((u) => u.id).sort()).toEqual([...p.userIds].sort());
    expect((await listProjectTags(c, '13001')).map((x) => x.id).sort()).toEqual([...p.tagIds].sort());
    expect((await listTaskAssignees(c, '15001')).map((u) => u.id).sort()).toEqual(['11001', '11002']);
    expect(sent.every((s) => !s.url.searchParams.has('isActive') && s.url.searchParams.get('orderBy') === 'updatedAt')).toBe(true);
  });
});

describe('writes', () => {
  it('createClient answers 201 with the new record (externalId kept, organizationNumber null) and it is then listed', async () => {
    const made = await createClient(c, { name: 'Ørsta Fiskeri AS', externalId: '90001' });
    expect(sent.at(-1)!.status).toBe(201);
    expect(made).toMatchObject({ name: 'Ørsta Fiskeri AS', externalId: '90001', isActive: true, organizationNumber: null });
    expect((await listClients(c)).at(-1)).toEqual(made);
    expect(await listClients(c, { externalIdIn: ['90001'] })).toEqual([made]);
  });

  it('patchClient isActive false archives: hidden with isActive "true", listed by default and with "false"', async () => {
    const id = demo.busy.clients[0]!.id;
    const archived = await patchClient(c, id, { isActive: false });
    expect(archived.isActive).toBe(false);
    expect((await listClients(c, { isActive: 'true' })).map((x) => x.id)).not.toContain(id);
    expect((await listClients(c)).find((x) => x.id === id)?.isActive).toBe(false);
    expect((await listClients(c, { isActive: 'false' })).map((x) => x.id)).toEqual([id]);
  });

  it('createProject with only the required fields → 201, active, no number; patchProject sets the number and archives it', async () => {
    const made = await createProject(c, project('Kaiutvidelse Ålesund'));
    expect(sent.at(-1)!.status).toBe(201);
    expect(made).toMatchObject({ name: 'Kaiutvidelse Ålesund', number: null, externalId: null, isActive: true });
    expect((await listProjects(c)).map((p) => p.id)).toContain(made.id);
    const numbered = await patchProject(c, made.id, { number: '9001', externalId: '9001' });
    expect(numbered).toMatchObject({ number: '9001', externalId: '9001' });
    await patchProject(c, made.id, { isActive: false });
    expect((await listProjects(c, { isActive: 'true' })).map((p) => p.id)).not.toContain(made.id);
    expect((await getProject(c, made.id)).isActive).toBe(false);
  });

  it('updatedFrom returns only projects and clients changed at or after it', async () => {
    t += 2 * HOUR;
    const since = clock();
    const p = await patchProject(c, '13001', { name: 'Digital strategi 2027 – fase 2' });
    const cl = await createClient(c, { name: 'Sørlandet Vekst AS', externalId: null });
    expect((await listProjects(c, { updatedFrom: since })).map((x) => x.id)).toEqual([p.id]);
    expect((await listClients(c, { updatedFrom: since })).map((x) => x.id)).toEqual([cl.id]);
    expect(sent.filter((s) => s.method === 'GET').map((s) => s.url.searchParams.get('updatedFrom'))).toEqual([
      since.toISOString(),
      since.toISOString(),
    ]);
  });

  it('createTag and patchTag: a work type is created active with its externalId and can be archived', async () => {
    const tag = await createTag(c, { name: 'Befaring på øya', type: 'work', externalId: '77', defaultHourlyRate: null });
    expect(tag).toMatchObject({ name: 'Befaring på øya', type: 'work', externalId: '77', isActive: true });
    await patchTag(c, tag.id, { isActive: false });
    expect((await listTags(c, { isActive: 'true' })).map((x) => x.id)).not.toContain(tag.id);
    expect((await listTags(c)).find((x) => x.id === tag.id)?.isActive).toBe(false);
  });

  it('project members: add (as manager), list, patch, remove; removing a non-member is a 404 RemoteFaultError', async () => {
    const outsider = demo.busy.users.find((u) => !demo.busy.projects.find((p) => p.id === '13001')!.userIds.includes(u.id))!;
    const added = await addProjectMember(c, '13001', { userId: outsider.id, isProjectManager: true });
    expect(added).toMatchObject({ id: outsider.id, isProjectManager: true, displayName: outsider.displayName });
    expect((await listProjectMembers(c, '13001')).map((u) => u.id)).toContain(outsider.id);
    expect((await patchProjectMember(c, '13001', outsider.id, { isProjectManager: false })).isProjectManager).toBe(false);
    await removeProjectMember(c, '13001', outsider.id);
    expect(sent.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
    expect((await listProjectMembers(c, '13001')).map((u) => u.id)).not.toContain(outsider.id);
    const e = await caught(removeProjectMember(c, '13001', outsider.id));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect([e.operation, e.status]).toEqual(['DELETE /projects/{projectId}/users/{userId}', 404]);
  });

  it('project tags: a new tag added to a project is listed on it; adding it twice is a 409 RemoteFaultError; it can be removed', async () => {
    const tag = await createTag(c, { name: 'Kontroll', externalId: '78', defaultHourlyRate: '950' });
    const on = await addProjectTag(c, '13001', tag.id);
    expect(on).toMatchObject({ id: tag.id, name: 'Kontroll' });
    expect((await listProjectTags(c, '13001')).map((x) => x.id)).toContain(tag.id);
    const e = await caught(addProjectTag(c, '13001', tag.id));
    expect([e.constructor, e.operation, e.status]).toEqual([RemoteFaultError, 'POST /projects/{projectId}/tags', 409]);
    await removeProjectTag(c, '13001', tag.id);
    expect((await listProjectTags(c, '13001')).map((x) => x.id)).not.toContain(tag.id);
  });

  it('tasks: created on a project (201), listed there, patched; archived tasks hidden with isActive "true"', async () => {
    const made = await createTask(c, '13001', task('Befaring på kaia', { externalId: '601' }));
    expect(sent.at(-1)!.status).toBe(201);
    expect(made).toMatchObject({ projectId: '13001', name: 'Befaring på kaia', externalId: '601', isActive: true });
    expect((await listProjectTasks(c, '13001')).map((x) => x.id)).toContain(made.id);
    expect((await patchTask(c, made.id, { state: 'in-progress' })).state).toBe('in-progress');
    await patchTask(c, made.id, { isActive: false });
    expect((await listProjectTasks(c, '13001', { isActive: 'true' })).map((x) => x.id)).not.toContain(made.id);
    expect((await getTask(c, made.id)).isActive).toBe(false);
  });

  it('[A] task assignees: a project member is added, listed and removed; a non-member is refused (422)', async () => {
    const made = await createTask(c, '13001', task('Sluttrapport'));
    const member = demo.busy.projects.find((p) => p.id === '13001')!.userIds[2]!;
    const outsider = demo.busy.users.find((u) => !demo.busy.projects.find((p) => p.id === '13001')!.userIds.includes(u.id))!.id;
    expect((await addTaskAssignee(c, made.id, member)).id).toBe(member);
    expect((await listTaskAssignees(c, made.id)).map((u) => u.id)).toEqual([member]);
    const e = await caught(addTaskAssignee(c, made.id, outsider));
    expect([e.constructor, e.operation, e.status]).toEqual([RemoteFaultError, 'POST /tasks/{taskId}/users', 422]);
    await removeTaskAssignee(c, made.id, member);
    expect(await listTaskAssignees(c, made.id)).toEqual([]);
  });

  it('a body Busy refuses (client name of 1 char) → RemoteFaultError naming "POST /clients", nothing created', async () => {
    const e = await caught(createClient(c, { name: 'A', externalId: null }));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect([e.operation, e.status]).toEqual(['POST /clients', 400]);
    expect(await listClients(c)).toHaveLength(demo.busy.clients.length);
  });

  it('a field outside the OpenAPI body (organizationNumber on a client) is refused before any request is sent', async () => {
    const body = { name: 'Ørsta Fiskeri AS', externalId: '1', organizationNumber: '999888777' };
    await expect(createClient(c, body)).rejects.toThrow(/POST \/clients: not a field of the request body: organizationNumber/);
    await expect(patchProject(c, '13001', {})).rejects.toThrow(/empty patch/);
    expect(sent).toEqual([]);
  });
});

describe('paging', () => {
  it('more than 100 projects (large:3) are read over pages of 100, each once, in updatedAt order', async () => {
    await f.close();
    await sim.close();
    const large = makeSeed('large:3');
    await boot(large);
    const rows = await listProjects(c);
    expect(rows.length).toBe(large.busy.projects.length);
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((p) => p.id)).size).toBe(rows.length);
    expect(ascending(rows)).toBe(true);
    expect(sent.map((s) => s.url.searchParams.get('offset'))).toEqual(['0', '100']);
  });

  it('a project updated between two pages (it moves to the end, another slides past the offset) → the list is read again, none missed', async () => {
    await f.close();
    await sim.close();
    const large = makeSeed('large:3');
    await boot(large);
    let edits = 0;
    afterAnswer = async (url) => {
      if (edits > 0 || url.pathname !== '/v2/projects/' || url.searchParams.get('offset') !== '0') return;
      edits++;
      t += 60_000;
      await patchOutsideClient('/projects/13005', { name: 'Endret mens vi leste – Ærø' });
    };
    const rows = await listProjects(c);
    expect(edits).toBe(1);
    expect(rows).toHaveLength(large.busy.projects.length);
    expect(new Set(rows.map((p) => p.id)).size).toBe(rows.length);
    expect(rows.at(-1)).toMatchObject({ id: '13005', name: 'Endret mens vi leste – Ærø' });
    // Two reads of the whole list (each from offset 0, the later pages asked ahead together).
    const offsets = sent.map((s) => s.url.searchParams.get('offset'));
    expect(offsets.filter((o) => o === '0')).toHaveLength(2);
    expect(offsets[0]).toBe('0');
    expect(offsets.slice(1, offsets.lastIndexOf('0'))).toContain('100');
    expect(offsets.slice(offsets.lastIndexOf('0'))).toContain('100');
  });

  it('a list that changes during every read → BadResponseError naming "GET /projects" after 3 tries, not a short list', async () => {
    await f.close();
    await sim.close();
    await boot(makeSeed('large:3'));
    let n = 0;
    afterAnswer = async (url) => {
      if (url.pathname !== '/v2/projects/' || url.searchParams.get('offset') !== '0') return;
      t += 60_000;
      await patchOutsideClient(`/projects/${13001 + n++}`, { isOpen: false });
    };
    const e = await caught(listProjects(c));
    expect(e).toBeInstanceOf(BadResponseError);
    expect(e.operation).toBe('GET /projects');
    expect(
      sent.filter((s) => s.url.searchParams.get('offset') === '0'),
      'three reads of the list',
    ).toHaveLength(3);
  });

  it('more than 100 clients created over the API are all listed, the newest last', async () => {
    const made = [];
    for (let i = 0; i < 105; i++) made.push(await createClient(c, { name: `Kunde nr. ${i} på Ørland`, externalId: `x${i}` }));
    sent = [];
    const rows = await listClients(c);
    expect(rows).toHaveLength(demo.busy.clients.length + 105);
    expect(rows.slice(-105)).toEqual(made);
    expect(sent).toHaveLength(2);
    const some = await listClients(c, { externalIdIn: made.map((m) => m.externalId!) });
    expect(some).toEqual(made);
  });
});
