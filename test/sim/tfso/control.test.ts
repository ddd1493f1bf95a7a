// /_sim/* control endpoints and fault injection on the 24SO simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, faultstring, login, loginXml, rawRequest, soapCall } from './test-client.js';

let sim: TfsoSim;
beforeAll(async () => {
  sim = await startTfsoSim();
});
afterAll(() => sim.close());

const ctl = async (method: string, path: string, body?: unknown) => {
  const r = await rawRequest(sim.port, `127.0.0.1:${sim.port}`, method, `/_sim${path}`, body === undefined ? '' : JSON.stringify(body), {
    'content-type': 'application/json',
  });
  return { status: r.status, json: JSON.parse(r.body) as Record<string, unknown> };
};
const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId];
const hourXml = () => {
  const d = data();
  const p = d.projects.find((x) => d.statuses.find((s) => s.id === x.statusId)!.active)!;
  return `<Hour><TypeOfWorkId>1</TypeOfWorkId><StartTime>2026-11-16T08:00:00Z</StartTime><StopTime>2026-11-16T09:00:00Z</StopTime><TotalHours>1</TotalHours><ContactId>${p.participants[0]}</ContactId><ProjectId>${p.id}</ProjectId></Hour>`;
};

describe('control endpoints', () => {
  it('counts are kept per operation name and can be reset', async () => {
    const cookie = await login(sim);
    await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(sim.counts()).toMatchObject({ Login: 1, GetUsers: 2 });
    expect((await ctl('GET', '/counts')).json).toMatchObject({ Login: 1, GetUsers: 2 });
    await ctl('POST', '/counts/reset');
    expect(sim.counts()).toEqual({});
  });

  it('GET /_sim/state dumps the live state; POST /_sim/expire-sessions ends sessions', async () => {
    const cookie = await login(sim);
    const st = (await ctl('GET', '/state')).json as { sessions: Record<string, unknown> };
    expect(Object.keys(st.sessions).length).toBeGreaterThan(0);
    await ctl('POST', '/expire-sessions');
    expect(faultstring((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).body)).toContain('Session is not authenticated');
  });

  it('POST /_sim/config changes sessionIdleMs and rateLimitPerHour; bad keys → 400', async () => {
    expect((await ctl('POST', '/config', { rateLimitPerHour: 5000 })).json).toMatchObject({ rateLimitPerHour: 5000 });
    expect((await ctl('POST', '/config', { nope: 1 })).status).toBe(400);
  });

  it('POST /_sim/clock moves the sim clock, which drives session expiry', async () => {
    const cookie = await login(sim);
    const r = await ctl('POST', '/clock', { advanceMs: 21 * 60_000 });
    expect(r.status).toBe(200);
    expect(faultstring((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).body)).toContain('Session is not authenticated');
  });

  it('POST /_sim/seed replaces the state (empty: no projects)', async () => {
    await ctl('POST', '/seed', { seed: 'empty' });
    const cookie = await login(sim);
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter></Ps>', { cookie });
    expect(r.body).toContain('<GetProjectListResult />');
    await ctl('POST', '/seed', { seed: 'demo' });
    expect(data().projects.length).toBeGreaterThan(0);
  });

  it('POST /_sim/hours/approve approves (and locks) hours, which then cannot be deleted', async () => {
    const cookie = await login(sim);
    const saved = await soapCall(sim, 'time', 'SaveHour', hourXml(), { cookie });
    const id = Number(all(saved.body, 'SaveHourResult')[0]);
    expect((await ctl('POST', '/hours/approve', { hourIds: [id], lock: true })).json).toEqual({ approved: [id] });
    const del = await soapCall(sim, 'time', 'DeleteHour', `<Hour><Id>${id}</Id></Hour>`, { cookie });
    expect(del.status).toBe(500);
  });
});

describe('fault injection', () => {
  it('soapFault: the next call of that operation gets the fault, then it recovers', async () => {
    const cookie = await login(sim);
    await ctl('POST', '/faults', { op: 'GetUsers', kind: 'soapFault', count: 1, message: 'Boom' });
    const r1 = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(r1.status).toBe(500);
    expect(faultstring(r1.body)).toBe('Server was unable to process request. ---> Boom');
    expect((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).status).toBe(200);
  });

  it('unauthorized: answers "Session is not authenticated" even with a good session', async () => {
    const cookie = await login(sim);
    sim.faults.add({ op: 'GetUsers', kind: 'unauthorized', count: 1 });
    const r = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(faultstring(r.body)).toBe('Server was unable to process request. ---> Session is not authenticated');
  });

  it('lostAnswer: the hour is saved although the client gets no answer', async () => {
    const cookie = await login(sim);
    const before = data().hours.length;
    sim.faults.add({ op: 'SaveHour', kind: 'lostAnswer', count: 1 });
    await expect(soapCall(sim, 'time', 'SaveHour', hourXml(), { cookie })).rejects.toThrow();
    expect(data().hours.length).toBe(before + 1);
  });

  it('htmlLogin: 200 text/html instead of SOAP, work not done', async () => {
    sim.faults.add({ op: 'Login', kind: 'htmlLogin', count: 1 });
    const r = await soapCall(sim, 'auth', 'Login', loginXml(sim));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
  });
});
