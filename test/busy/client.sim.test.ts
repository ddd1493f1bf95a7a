// The Busy client against the real Busy simulator over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { makeSeed } from '../sim/seeds/company';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { createBusyClient, type BusyClientOptions } from '../../utils/busy/client';
import { ClientSchema, HourEntrySchema, ProjectSchema, TagSchema, TasksSchema, UserSchema } from '../../utils/busy/schemas';
import { checkBusyConnection } from '../../utils/busy/session';
import { RateLimitedError, RemoteFaultError, SessionMissingError } from '../../utils/core/errors';
import { caught } from '../support/http-fakes';

const seed = makeSeed('demo');
// One shared, controllable clock: the client's sleep advances the sim's time, so waiting out a
// rate-limit window is instant yet real from the sim's point of view.
let t = Date.parse(seed.now);
const clock = () => new Date(t);
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
  t += ms;
};

let sim: BusySim;
let f: NodeFetch;
const statuses: number[] = [];

function client(extra: Partial<BusyClientOptions> = {}) {
  return createBusyClient({
    http: async (u, i) => {
      const r = await f(u, i);
      statuses.push(r.status);
      return r;
    },
    apiBase: sim.api,
    auth: { kind: 'token', token: sim.token },
    sleep,
    now: clock,
    timeoutMs: 5000,
    ...extra,
  });
}

beforeAll(async () => {
  sim = await startBusySim({ seed, clock });
});
afterAll(async () => {
  await f?.close();
  await sim.close();
});
beforeEach(async () => {
  await f?.close();
  f = createNodeFetch();
  sim.faults.clear();
  sim.resetCounts();
  sleeps.length = 0;
  statuses.length = 0;
});

describe('Busy client (real simulator)', () => {
  it('token auth: checkBusyConnection succeeds and sends one GET /users', async () => {
    expect(await checkBusyConnection(client())).toEqual({ via: 'token', actsAs: null });
    expect(sim.counts()['GET /users']).toBe(1);
  });

  it('a wrong token → SessionMissingError(busy)', async () => {
    await expect(checkBusyConnection(client({ auth: { kind: 'token', token: 'not-the-token' } }))).rejects.toBeInstanceOf(
      SessionMissingError,
    );
  });

  it('cookie auth: after logging in on the web app, the API accepts the session cookie', async () => {
    const c = client({ auth: { kind: 'cookie' } });
    await expect(checkBusyConnection(c)).rejects.toBeInstanceOf(SessionMissingError);
    const res = await f(`${sim.web}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: sim.email, password: sim.password }).toString(),
    });
    await res.text();
    expect(await checkBusyConnection(c)).toEqual({ via: 'cookie', actsAs: null });
  });

  it('an expired web session → SessionMissingError(busy)', async () => {
    const c = client({ auth: { kind: 'cookie' } });
    const res = await f(`${sim.web}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: sim.email, password: sim.password }).toString(),
    });
    await res.text();
    await checkBusyConnection(c);
    sim.expireSessions();
    await expect(checkBusyConnection(c)).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('htmlLogin fault (200 text/html login page) → SessionMissingError(busy)', async () => {
    sim.faults.add({ op: 'GET /users', kind: 'htmlLogin', count: 1 });
    await expect(checkBusyConnection(client())).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('listAll reads all 200+ hour entries over pages of 100 and every record passes the strict schema', async () => {
    const all = await client().listAll('/hourEntries', { isActive: 'all', orderBy: 'updatedAt', orderByDirection: 'asc' }, HourEntrySchema);
    expect(all.length).toBe(seed.busy.hourEntries.length);
    expect(all.length).toBeGreaterThan(200);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(sim.counts()['GET /hourEntries']).toBe(Math.floor(all.length / 100) + 1);
  });

  it('every seeded users/clients/projects/tags/tasks record passes its strict schema', async () => {
    const c = client();
    expect(await c.listAll('/users', { isActive: 'all' }, UserSchema)).toHaveLength(seed.busy.users.length);
    expect(await c.listAll('/clients', { isActive: 'all' }, ClientSchema)).toHaveLength(seed.busy.clients.length);
    const projects = await c.listAll('/projects', { isActive: 'all' }, ProjectSchema);
    expect(projects).toHaveLength(seed.busy.projects.length);
    expect(await c.listAll('/tags', { isActive: 'all' }, TagSchema)).toHaveLength(seed.busy.tags.length);
    const withTasks = seed.busy.tasks[0]!.projectId;
    const tasks = await c.listAll('/projects/{id}/tasks', { isActive: 'all' }, TasksSchema, { params: { id: withTasks } });
    expect(tasks.map((x) => x.id).sort()).toEqual(
      seed.busy.tasks
        .filter((x) => x.projectId === withTasks)
        .map((x) => x.id)
        .sort(),
    );
  });

  it('a problem+json answer → RemoteFaultError with Busy\'s message and "METHOD /template"', async () => {
    const e = await caught(client().post('/clients', { name: 'A', externalId: null }, ClientSchema));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e.operation).toBe('POST /clients');
    expect(e.status).toBe(400);
    expect(e.remoteMessage.length).toBeGreaterThan(0);
  });

  it('429 is obeyed: the client waits Retry-After and the retried request succeeds', async () => {
    sim.faults.add({ op: 'GET /tags', kind: 'rateLimit', count: 1, delayMs: 3000 });
    const tags = await client().get('/tags', z.array(TagSchema), { query: { limit: 5 } });
    expect(tags.length).toBeGreaterThan(0);
    expect(statuses).toEqual([429, 200]);
    expect(sleeps).toContain(3000);
  });

  it("a 429 from the sim's real limiter (quota used up by another consumer) is waited out and retried", async () => {
    const limited = await startBusySim({ seed, clock, rateLimit: { limit: 3, windowSec: 10 } });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await f(`${limited.api}/users?limit=1`, { headers: { authorization: `Bearer ${limited.token}` } });
        expect(r.status).toBe(200);
        await r.text();
      }
      const c = createBusyClient({
        http: async (u, i) => {
          const r = await f(u, i);
          statuses.push(r.status);
          return r;
        },
        apiBase: limited.api,
        auth: { kind: 'token', token: limited.token },
        sleep,
        now: clock,
      });
      const users = await c.get('/users', z.array(UserSchema), { query: { limit: 1 } });
      expect(users).toHaveLength(1);
      expect(statuses).toEqual([429, 200]);
      expect(sleeps.length).toBeGreaterThan(0);
      expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    } finally {
      await limited.close();
    }
  });

  it('with pacing on, a burst near the limit never gets a 429', async () => {
    const limited = await startBusySim({ seed, clock, rateLimit: { limit: 6, windowSec: 10 } });
    try {
      const c = createBusyClient({
        http: async (u, i) => {
          const r = await f(u, i);
          statuses.push(r.status);
          return r;
        },
        apiBase: limited.api,
        auth: { kind: 'token', token: limited.token },
        sleep,
        now: clock,
      });
      for (let i = 0; i < 15; i++) await c.get('/users', z.array(UserSchema), { query: { limit: 1 } });
      expect(statuses).not.toContain(429);
      expect(statuses).toHaveLength(15);
    } finally {
      await limited.close();
    }
  });

  it('a 429 with a Retry-After beyond maxWaitMs → RateLimitedError, nothing slept', async () => {
    sim.faults.add({ op: 'GET /users', kind: 'rateLimit', count: 1, delayMs: 600_000 });
    const e = await caught(checkBusyConnection(client({ maxWaitMs: 60_000 })));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(sleeps).toEqual([]);
  });
});
