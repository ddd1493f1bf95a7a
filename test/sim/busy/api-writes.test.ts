import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSchema, ErrorResponseSchema, HourEntrySchema, ProjectSchema, TaskSchema, UserSchema } from './schemas.js';
import { api, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

function expectProblem(r: { status: number; headers: Headers; json: any }, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(ErrorResponseSchema.safeParse(r.json).success).toBe(true);
}

const project = (over: Record<string, unknown> = {}) => ({
  name: 'Nytt prosjekt',
  externalId: null,
  colorCode: '#1f77b4',
  isOpen: true,
  isBillable: true,
  allowMultipleClients: false,
  ...over,
});
const hour = (over: Record<string, unknown> = {}) => ({
  userId: '2',
  projectId: '20',
  tagId: '30',
  description: 'Arbeid',
  startTime: '2026-11-18T08:00:00.000Z',
  stopTime: '2026-11-18T09:30:00.000Z',
  externalId: null,
  ...over,
});

describe('Busy writes', () => {
  it('[C] create answers 201 with {data}', async () => {
    const r = await api(h, 'POST', '/clients', { name: 'Ny Kunde AS', externalId: '777' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(['data']);
    expect(ClientSchema.parse(r.json.data)).toMatchObject({ name: 'Ny Kunde AS', externalId: '777', isActive: true });
    const p = await api(h, 'POST', '/projects', project({ number: '500', clientId: r.json.data.id, hourlyRate: '950' }));
    expect(p.status).toBe(201);
    expect(ProjectSchema.parse(p.json.data).hourlyRate).toBe('950.0000');
    const t = await api(h, 'POST', '/projects/20/tasks', {
      name: 'Test',
      defaultTagId: null,
      state: 'todo',
      allowTimeTracking: true,
      isPrioritized: false,
      parentId: null,
      externalId: '88',
      isActive: true,
    });
    expect(t.status).toBe(201);
    expect(TaskSchema.parse(t.json.data).projectId).toBe('20');
    const e = await api(h, 'POST', '/hourEntries', hour());
    expect(e.status).toBe(201);
    expect(HourEntrySchema.parse(e.json.data)).toMatchObject({
      totalMinutes: 90,
      billableMinutes: 90,
      clientId: '10',
      approvalStatus: 'none',
      invoiceId: null,
    });
    const u = await api(h, 'POST', '/users', {
      email: 'ny@fjordlys.test',
      externalId: null,
      employeeCode: null,
      isAdmin: false,
      displayName: 'Ny Person',
      startDate: '2026-11-18',
      endDate: null,
    });
    expect(u.status).toBe(201);
    expect(UserSchema.parse(u.json.data).status).toBe('invited');
  });

  it('[C] extra property in a create body is refused', async () => {
    const r = await api(h, 'POST', '/clients', { name: 'Ekstra AS', externalId: null, organizationNumber: '123' });
    expectProblem(r, 400);
    expect(r.json.error.message).toContain('organizationNumber');
    expectProblem(await api(h, 'PATCH', '/projects/20', { name: 'X', Name: 'Y' }), 400);
  });

  it('[C] create bodies require externalId even when null', async () => {
    const r = await api(h, 'POST', '/clients', { name: 'Uten Ekstern AS' });
    expectProblem(r, 400);
    expect(r.json.error.message).toContain('externalId');
    expectProblem(await api(h, 'POST', '/hourEntries', { ...hour(), externalId: undefined }), 400);
  });

  it('[C] name lengths, patterns and enums are enforced', async () => {
    expectProblem(await api(h, 'POST', '/clients', { name: 'A', externalId: null }), 400);
    expectProblem(await api(h, 'POST', '/clients', { name: 'x'.repeat(51), externalId: null }), 400);
    expect((await api(h, 'POST', '/clients', { name: 'x'.repeat(50), externalId: null })).status).toBe(201);
    expectProblem(await api(h, 'POST', '/tags', { name: 'x'.repeat(65), externalId: null, defaultHourlyRate: null }), 400);
    expectProblem(await api(h, 'POST', '/tags', { name: '', externalId: null, defaultHourlyRate: null }), 400);
    expectProblem(await api(h, 'POST', '/tags', { name: 'Tag', type: 'overtime', externalId: null, defaultHourlyRate: null }), 400);
    expectProblem(await api(h, 'PATCH', '/tasks/40', { name: 'D' }), 400);
    expectProblem(await api(h, 'PATCH', '/tasks/40', { state: 'done' }), 400);
    expectProblem(await api(h, 'POST', '/projects', project({ number: '9'.repeat(66) })), 400);
    expectProblem(await api(h, 'POST', '/projects', project({ colorCode: '#ABCDEF' })), 400);
    expectProblem(await api(h, 'POST', '/projects', project({ hourlyRate: '1e3' })), 400);
    expectProblem(await api(h, 'POST', '/hourEntries', hour({ externalId: 'x'.repeat(51) })), 400);
    expectProblem(await api(h, 'POST', '/hourEntries', hour({ userId: 2 })), 400);
    expectProblem(await api(h, 'POST', '/hourEntries', hour({ startTime: '2026-11-18 08:00' })), 400);
    expectProblem(await api(h, 'PATCH', '/hourEntries/50', { approvalStatus: 'Approved' }), 400);
    expectProblem(await api(h, 'PATCH', '/clients/10', {}), 400);
  });

  it('[C] a duplicate project number is a 409 conflict', async () => {
    expectProblem(await api(h, 'POST', '/projects', project({ number: '101' })), 409);
    expectProblem(await api(h, 'PATCH', '/projects/20', { number: '102' }), 409); // taken by an archived project
  });

  it('[C] well-formed but impossible references are 422', async () => {
    expectProblem(await api(h, 'POST', '/hourEntries', hour({ projectId: '9999' })), 422);
    expectProblem(await api(h, 'POST', '/hourEntries', hour({ projectId: '21' })), 422); // archived project
    expectProblem(await api(h, 'POST', '/hourEntries', hour({ stopTime: '2026-11-18T07:00:00.000Z' })), 422);
    expectProblem(await api(h, 'POST', '/projects', project({ clientId: '9999' })), 422);
  });

  it('[C] unknown id → 404, unsupported method → 405, non-numeric id → 400', async () => {
    expectProblem(await api(h, 'GET', '/projects/9999'), 404);
    expectProblem(await api(h, 'PATCH', '/tags/9999', { name: 'X' }), 404);
    const del = await api(h, 'DELETE', '/hourEntries/50');
    expectProblem(del, 405);
    expect(del.headers.get('allow')).toContain('PATCH');
    expectProblem(await api(h, 'POST', '/tasks', {}), 404);
    expectProblem(await api(h, 'GET', '/projects/abc'), 400);
  });

  it('[C] no DELETE for hour entries: PATCH {isActive:false} archives; updatedAt moves, createdAt stays', async () => {
    const before = (await api(h, 'GET', '/hourEntries/51')).json.data;
    h.clock.advance(60_000);
    const r = await api(h, 'PATCH', '/hourEntries/51', { isActive: false });
    expect(r.status).toBe(200);
    expect(r.json.data.isActive).toBe(false);
    expect(r.json.data.createdAt).toBe(before.createdAt);
    expect(Date.parse(r.json.data.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const list = await api(h, 'GET', '/hourEntries?limit=100');
    expect(list.json.data.map((e: { id: string }) => e.id)).not.toContain('51');
    const archived = await api(h, 'GET', '/hourEntries?isActive=false');
    expect(archived.json.data.map((e: { id: string }) => e.id)).toEqual(['51']);
  });

  it('updatedAt changes on every write even when the clock stands still', async () => {
    const a = await api(h, 'PATCH', '/clients/12', { name: 'Kunde Tre AS' });
    const b = await api(h, 'PATCH', '/clients/12', { name: 'Kunde Tre AS' });
    expect(Date.parse(b.json.data.updatedAt)).toBeGreaterThan(Date.parse(a.json.data.updatedAt));
  });

  it('members and project tags: add → 201, duplicate → 409, remove → 204', async () => {
    const add = await api(h, 'POST', '/projects/21/users', { userId: '2', isProjectManager: false });
    expect(add.status).toBe(201);
    expect(add.json.data).toMatchObject({ id: '2', isProjectManager: false });
    expectProblem(await api(h, 'POST', '/projects/21/users', { userId: '2' }), 409);
    const del = await api(h, 'DELETE', '/projects/21/users/2');
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await api(h, 'POST', '/projects/21/tags', { tagId: '31' })).status).toBe(201);
    expectProblem(await api(h, 'POST', '/projects/21/tags', { tagId: '31' }), 409);
  });

  it('[A] task assignees are set with POST /tasks/{id}/users {userId}; only project members qualify', async () => {
    const ok = await api(h, 'POST', '/tasks/40/users', { userId: '1' });
    expect(ok.status).toBe(201);
    expect(UserSchema.parse(ok.json.data).id).toBe('1');
    expect((await api(h, 'GET', '/tasks/40/users')).json.data.map((u: { id: string }) => u.id).sort()).toEqual(['1', '2']);
    expectProblem(await api(h, 'POST', '/tasks/40/users', { userId: '3' }), 422);
    expect((await api(h, 'DELETE', '/tasks/40/users/1')).status).toBe(204);
  });

  it('client mistake: a body sent without Content-Type application/json is refused', async () => {
    const r = await h.fetch(`${h.sim.api}/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.sim.token}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'Tekst AS', externalId: null }),
      credentials: 'omit',
    });
    expect(r.status).toBe(400);
    const bad = await h.fetch(`${h.sim.api}/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.sim.token}`, 'content-type': 'application/json' },
      body: '{"name": "Halv',
      credentials: 'omit',
    });
    expect(bad.status).toBe(400);
  });
});
