import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ClientSchema,
  ErrorResponseSchema,
  HourEntrySchema,
  ProjectSchema,
  ProjectUserSchema,
  TagSchema,
  TaskSchema,
  UserSchema,
} from './schemas.js';
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

describe('Busy lists', () => {
  it('[C] limit above 100 is refused with 400 problem+json', async () => {
    const r = await api(h, 'GET', '/clients?limit=101');
    expectProblem(r, 400);
    expect(r.json.error.message).toContain('limit');
  });

  it('client mistake: limit 101 (and 0, and a non-integer) fails instead of being clamped', async () => {
    for (const bad of ['101', '0', '10.5', 'ten', '']) expectProblem(await api(h, 'GET', `/hourEntries?limit=${bad}`), 400);
    expect((await api(h, 'GET', '/hourEntries?limit=100')).status).toBe(200);
  });

  it('[C] limit defaults to 10 and offset pages on', async () => {
    for (let i = 0; i < 12; i++) await api(h, 'POST', '/tags', { name: `Ekstra ${i}`, externalId: null, defaultHourlyRate: null });
    const first = await api(h, 'GET', '/tags');
    expect(first.json.data).toHaveLength(10);
    const next = await api(h, 'GET', '/tags?offset=10&limit=100');
    const ids = [...first.json.data, ...next.json.data].map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(2 + 12); // two active seed tags + 12 new; the archived one hidden
  });

  it('[C] isActive defaults to true: archived clients are hidden', async () => {
    const def = await api(h, 'GET', '/clients');
    expect(def.json.data.map((c: { id: string }) => c.id)).toEqual(['10', '12']);
    const archived = await api(h, 'GET', '/clients?isActive=false');
    expect(archived.json.data.map((c: { id: string }) => c.id)).toEqual(['11']);
    const all = await api(h, 'GET', '/clients?isActive=all');
    expect(all.json.data).toHaveLength(3);
    expectProblem(await api(h, 'GET', '/clients?isActive=yes'), 400);
  });

  it('[C] array query params repeat the key; a comma list is one (invalid) value', async () => {
    const r = await api(h, 'GET', '/hourEntries?idIn=50&idIn=52&limit=100');
    expect(r.json.data.map((e: { id: string }) => e.id).sort()).toEqual(['50', '52']);
    expectProblem(await api(h, 'GET', '/hourEntries?idIn=50,52'), 400);
    const ext = await api(h, 'GET', '/clients?externalIdIn=501,502&isActive=all');
    expect(ext.json.data).toEqual([]); // "501,502" is one external id, matching none
    const ext2 = await api(h, 'GET', '/clients?externalIdIn=501&externalIdIn=502&isActive=all');
    expect(ext2.json.data.map((c: { id: string }) => c.id)).toEqual(['10', '11']);
  });

  it('[C] updatedFrom keeps rows updated at or after it; orderBy updatedAt with a stable id tiebreak', async () => {
    const r = await api(h, 'GET', '/projects?isActive=all&updatedFrom=2026-11-06T10:00:00.000Z');
    expect(r.json.data.map((p: { id: string }) => p.id)).toEqual(['21']);
    const byDate = await api(h, 'GET', '/projects?isActive=all&updatedFrom=2026-11-05');
    expect(byDate.json.data).toHaveLength(2);
    expectProblem(await api(h, 'GET', '/projects?updatedFrom=yesterday'), 400);
    const desc = await api(h, 'GET', '/hourEntries?orderBy=updatedAt&orderByDirection=desc&limit=100');
    const stamps = desc.json.data.map((e: { updatedAt: string }) => e.updatedAt);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    expectProblem(await api(h, 'GET', '/projects?orderBy=name'), 400);
  });

  it('strict: an unknown or undocumented query parameter is refused (the real API may silently ignore it)', async () => {
    const r = await api(h, 'GET', '/projects?isActiv=all');
    expectProblem(r, 400);
    expect(r.json.error.message).toContain('isActiv');
    expectProblem(await api(h, 'GET', '/tags?updatedFrom=2026-01-01'), 400); // /tags has no updatedFrom
    expectProblem(await api(h, 'GET', '/projects/20?limit=1'), 400);
  });

  it("[C] every record carries exactly its schema's fields, ids as numeric strings", async () => {
    const checks: [string, z.ZodType][] = [
      ['/users?isActive=all', UserSchema],
      ['/clients?isActive=all', ClientSchema],
      ['/projects?isActive=all', ProjectSchema],
      ['/tags?isActive=all&limit=100', TagSchema],
      ['/hourEntries?limit=100', HourEntrySchema],
      ['/projects/20/users', ProjectUserSchema],
      ['/projects/20/tasks', TaskSchema],
      ['/tasks/40/users', UserSchema],
    ];
    for (const [path, schema] of checks) {
      const r = await api(h, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(Object.keys(r.json)).toEqual(['data']);
      expect(r.json.data.length, path).toBeGreaterThan(0);
      for (const rec of r.json.data) expect(schema.safeParse(rec).error, `${path} ${JSON.stringify(rec)}`).toBeUndefined();
    }
  });

  it('project members say who manages the project; tasks list their assignees as plain users', async () => {
    const members = await api(h, 'GET', '/projects/20/users');
    expect(members.json.data.map((u: { id: string; isProjectManager: boolean }) => [u.id, u.isProjectManager])).toEqual([
      ['1', true],
      ['2', false],
    ]);
    const tags = await api(h, 'GET', '/projects/20/tags');
    expect(tags.json.data.map((t: { id: string }) => t.id)).toEqual(['30', '31']);
    const assignees = await api(h, 'GET', '/tasks/40/users');
    expect(assignees.json.data.map((u: { id: string }) => u.id)).toEqual(['2']);
    expect(assignees.json.data[0]).not.toHaveProperty('isProjectManager');
  });

  it("the collection path with the OpenAPI's trailing slash is the same resource", async () => {
    const a = await api(h, 'GET', '/clients/');
    const b = await api(h, 'GET', '/clients');
    expect(a.json).toEqual(b.json);
  });
});
