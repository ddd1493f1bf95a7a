import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNodeFetch } from '../../cli/node-fetch.js';
import { findSimClock, realClock, SimClock } from './clock.js';
import { handleControl, type SimControl } from './control.js';
import { FaultQueue } from './faults.js';
import type { SeedName } from './seeds/types.js';

// A stand-in sim: records what the control endpoints asked of it.
const calls: string[] = [];
const clock = new SimClock('2026-11-20T09:00:00.000Z', { frozen: true });
let counts: Record<string, number> = {};
const ctl: SimControl = {
  state: () => ({ sessions: new Map([['abc', { user: 'Åse' }]]), ids: new Set([1, 2]) }),
  faults: new FaultQueue(),
  counts: () => counts,
  resetCounts: () => {
    counts = {};
    calls.push('resetCounts');
  },
  expireSessions: () => {
    calls.push('expireSessions');
  },
  reseed: (name: SeedName) => {
    calls.push(`reseed ${name}`);
  },
  clock: clock.fn,
  config: (patch) => ({ applied: patch }),
  extra: {
    'POST /approve': { body: z.object({ ids: z.array(z.string()).min(1) }).strict(), handle: (b) => ({ approved: b.ids }) },
  },
};
const noClockCtl: SimControl = { ...ctl, clock: realClock, config: undefined, extra: undefined };

let server: http.Server;
let base: string;
const fetch = createNodeFetch();

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const which = req.headers['x-ctl'] === 'noclock' ? noClockCtl : ctl;
    if (await handleControl(req, res, which)) return;
    res.writeHead(418).end('not control');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fetch.close();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  calls.length = 0;
  ctl.faults.clear();
  counts = { Login: 2, GetProjectList: 3 };
  clock.set('2026-11-20T09:00:00.000Z');
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('/_sim control endpoints', () => {
  it('a path outside /_sim/ is not handled and falls through to the sim', async () => {
    const res = await fetch(`${base}/v2/projects`);
    expect(res.status).toBe(418);
  });

  it('answers on any Host, e.g. a service host name', async () => {
    const port = new URL(base).port;
    const res = await fetch(`http://api.24so.localhost:${port}/_sim/counts`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Login: 2, GetProjectList: 3 });
  });

  it('GET /_sim/state dumps Maps as objects and Sets as arrays', async () => {
    const res = await fetch(`${base}/_sim/state`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ sessions: { abc: { user: 'Åse' } }, ids: [1, 2] });
  });

  it('POST /_sim/faults adds one fault or a list; GET lists them; DELETE clears', async () => {
    expect((await post('/_sim/faults', { op: 'Login', kind: 'http500', count: 2 })).status).toBe(200);
    const res = await post('/_sim/faults', [{ op: 'GET /projects', kind: 'rateLimit', delayMs: 1000 }]);
    expect((await res.json()).faults).toHaveLength(2);
    expect(ctl.faults.list()).toEqual([
      { op: 'Login', kind: 'http500', count: 2 },
      { op: 'GET /projects', kind: 'rateLimit', count: 1, delayMs: 1000 },
    ]);
    expect((await (await fetch(`${base}/_sim/faults`)).json()).faults).toHaveLength(2);
    expect((await fetch(`${base}/_sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(ctl.faults.list()).toEqual([]);
  });

  it('a fault with an unknown kind is refused with 400 naming the field', async () => {
    const res = await post('/_sim/faults', { op: 'Login', kind: 'explode', count: 1 });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/kind/);
    expect(ctl.faults.list()).toEqual([]);
  });

  it('a fault with an extra property is refused (bodies are strict)', async () => {
    const res = await post('/_sim/faults', { op: 'Login', kind: 'http500', count: 1, cnt: 2 });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/cnt/);
  });

  it('a body that is not JSON gets 400 "not valid JSON"', async () => {
    const res = await post('/_sim/faults', '{op: Login');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not valid JSON/);
  });

  it('POST /_sim/counts/reset and /_sim/expire-sessions reach the sim', async () => {
    expect((await post('/_sim/counts/reset', {})).status).toBe(200);
    expect((await post('/_sim/expire-sessions', undefined as never)).status).toBe(200);
    expect(calls).toEqual(['resetCounts', 'expireSessions']);
    expect(await (await fetch(`${base}/_sim/counts`)).json()).toEqual({});
  });

  it('POST /_sim/seed reseeds with a parsed name', async () => {
    const res = await post('/_sim/seed', { seed: 'large:3' });
    expect(res.status).toBe(200);
    expect(calls).toEqual(['reseed large:3']);
  });

  it('POST /_sim/seed with an unknown name is 400 and says what is accepted', async () => {
    const res = await post('/_sim/seed', { seed: 'huge' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/empty, demo or large:N/);
    expect(calls).toEqual([]);
  });

  it('POST /_sim/clock sets the SimClock to an instant, or advances it', async () => {
    let res = await post('/_sim/clock', { now: '2026-12-24T16:00:00.000Z' });
    expect(await res.json()).toEqual({ now: '2026-12-24T16:00:00.000Z' });
    res = await post('/_sim/clock', { advanceMs: 3_600_000 });
    expect(await res.json()).toEqual({ now: '2026-12-24T17:00:00.000Z' });
    expect(clock.now().toISOString()).toBe('2026-12-24T17:00:00.000Z');
    expect(await (await fetch(`${base}/_sim/clock`)).json()).toEqual({ now: '2026-12-24T17:00:00.000Z' });
  });

  it('POST /_sim/clock with a non-ISO time is 400', async () => {
    const res = await post('/_sim/clock', { now: 'yesterday' });
    expect(res.status).toBe(400);
    expect(clock.now().toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it('POST /_sim/clock on a sim without a SimClock is 409, not a silent no-op', async () => {
    const res = await post('/_sim/clock', { advanceMs: 1000 }, { 'x-ctl': 'noclock' });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatch(/SimClock/);
  });

  it('POST /_sim/config passes the patch to the sim and returns its answer', async () => {
    const res = await post('/_sim/config', { sessionIdleMs: 1000 });
    expect(await res.json()).toEqual({ applied: { sessionIdleMs: 1000 } });
  });

  it('a sim-specific route validates its body with its own schema', async () => {
    expect(await (await post('/_sim/approve', { ids: ['16001'] })).json()).toEqual({ approved: ['16001'] });
    const bad = await post('/_sim/approve', { ids: [] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/ids/);
  });

  it('an unknown control path is 404 and lists the known endpoints', async () => {
    const res = await fetch(`${base}/_sim/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/POST \/_sim\/faults/);
  });

  it('a known path with the wrong method is 405', async () => {
    const res = await fetch(`${base}/_sim/seed`);
    expect(res.status).toBe(405);
    expect((await res.json()).error).toMatch(/POST/);
  });
});

describe('SimClock', () => {
  it('a frozen clock moves only when set or advanced', async () => {
    const c = new SimClock('2026-11-20T09:00:00.000Z', { frozen: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(c.now().toISOString()).toBe('2026-11-20T09:00:00.000Z');
    c.advance(-86_400_000);
    expect(c.fn().toISOString()).toBe('2026-11-19T09:00:00.000Z');
  });

  it('a ticking clock runs on from where it was set', async () => {
    const c = new SimClock('2000-01-01T00:00:00.000Z');
    await new Promise((r) => setTimeout(r, 30));
    const ms = c.now().getTime() - Date.parse('2000-01-01T00:00:00.000Z');
    expect(ms).toBeGreaterThanOrEqual(25);
    expect(ms).toBeLessThan(5000);
  });

  it('findSimClock finds the SimClock behind its fn, and nothing behind a plain function', () => {
    const c = new SimClock();
    expect(findSimClock(c.fn)).toBe(c);
    expect(findSimClock(() => new Date())).toBeUndefined();
    expect(() => c.set('not a date')).toThrow(/not a date/);
  });
});
