import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, control, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const createBody = (name: string) => ({ name, externalId: null });
const clientNames = () => [...h.sim.state.clients.values()].map((c) => c.name);

describe('Busy faults and counts', () => {
  it('counts requests per operation template', async () => {
    h.sim.resetCounts();
    await api(h, 'GET', '/projects');
    await api(h, 'GET', '/projects/20/tasks');
    await api(h, 'GET', '/projects/21/tasks');
    expect(h.sim.counts()).toEqual({ 'GET /projects': 1, 'GET /projects/{projectId}/tasks': 2 });
    expect((await control(h, 'GET', '/counts')).json).toEqual(h.sim.counts());
  });

  it('http500: the next K calls of that op fail without doing the work, then it works again', async () => {
    h.sim.faults.add({ op: 'POST /clients', kind: 'http500', count: 2 });
    expect((await api(h, 'POST', '/clients', createBody('Feil En AS'))).status).toBe(500);
    expect((await api(h, 'POST', '/clients', createBody('Feil To AS'))).status).toBe(500);
    expect(clientNames()).not.toContain('Feil En AS');
    expect((await api(h, 'GET', '/clients')).status).toBe(200); // other ops untouched
    expect((await api(h, 'POST', '/clients', createBody('Virker AS'))).status).toBe(201);
  });

  it('soapFault on Busy is a 500 problem with the message', async () => {
    await control(h, 'POST', '/faults', { op: 'GET /tags', kind: 'soapFault', count: 1, message: 'Boom' });
    const r = await api(h, 'GET', '/tags');
    expect(r.status).toBe(500);
    expect(r.json.error.message).toBe('Boom');
  });

  it('timeout: no answer at all until the client gives up', async () => {
    h.sim.faults.add({ op: 'GET /users', kind: 'timeout', count: 1 });
    await expect(
      h.fetch(`${h.sim.api}/users`, { headers: { authorization: `Bearer ${h.sim.token}` }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
  });

  it('slow: answers normally after the delay', async () => {
    h.sim.faults.add({ op: 'GET /users', kind: 'slow', count: 1, delayMs: 250 });
    const t0 = Date.now();
    const r = await api(h, 'GET', '/users');
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('truncated: the work is done but the body breaks off', async () => {
    h.sim.faults.add({ op: 'POST /clients', kind: 'truncated', count: 1 });
    await expect(api(h, 'POST', '/clients', createBody('Avkuttet AS'))).rejects.toThrow();
    expect(clientNames()).toContain('Avkuttet AS');
  });

  it('malformed: 200 with a body that is not JSON', async () => {
    h.sim.faults.add({ op: 'GET /projects', kind: 'malformed', count: 1 });
    const r = await api(h, 'GET', '/projects');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('htmlLogin: 200 text/html login page instead of data (an expired web session)', async () => {
    h.sim.faults.add({ op: 'GET /projects', kind: 'htmlLogin', count: 1 });
    const r = await api(h, 'GET', '/projects');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain('<form');
  });

  it('unauthorized: 401 problem+json', async () => {
    h.sim.faults.add({ op: 'GET /projects', kind: 'unauthorized', count: 1 });
    const r = await api(h, 'GET', '/projects');
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('rateLimit: 429 with Retry-After', async () => {
    h.sim.faults.add({ op: 'GET /projects', kind: 'rateLimit', count: 1, delayMs: 7000 });
    const r = await api(h, 'GET', '/projects');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
  });

  it('lostAnswer: the write is committed, the answer never arrives', async () => {
    h.sim.faults.add({ op: 'PATCH /hourEntries/{hourEntryId}', kind: 'lostAnswer', count: 1 });
    await expect(api(h, 'PATCH', '/hourEntries/50', { externalId: '24so-1' })).rejects.toThrow();
    expect(h.sim.state.hourEntries.get('50')?.externalId).toBe('24so-1');
    expect((await api(h, 'GET', '/hourEntries?externalIdIn=24so-1')).json.data.map((e: { id: string }) => e.id)).toEqual(['50']);
  });

  it("/_sim/approve and /_sim/edit change state the way Busy's own UI would (updatedAt bumped)", async () => {
    const before = h.sim.state.projects.get('20')!.updatedAt;
    h.clock.advance(1000);
    expect((await control(h, 'POST', '/approve', { hourEntryIds: ['51'] })).json).toEqual({ approved: ['51'] });
    const edit = await control(h, 'POST', '/edit', { resource: 'projects', id: '20', patch: { name: 'Omdøpt' } });
    expect(edit.status).toBe(200);
    expect(edit.json.name).toBe('Omdøpt');
    expect(Date.parse(edit.json.updatedAt)).toBeGreaterThan(Date.parse(before));
    expect((await control(h, 'POST', '/edit', { resource: 'projects', id: '20', patch: { nmae: 'x' } })).status).toBe(400);
  });
});
