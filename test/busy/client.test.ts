import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBusyClient, encodeQuery, retryWaitMs, type BusyClientOptions } from '../../utils/busy/client';
import { HourEntrySchema, UserSchema } from '../../utils/busy/schemas';
import { checkBusyConnection } from '../../utils/busy/session';
import {
  BadResponseError,
  describeError,
  MissingScopeError,
  RateLimitedError,
  RemoteFaultError,
  SessionMissingError,
  UnreachableError,
} from '../../utils/core/errors';
import { patchHourEntry } from '../../utils/busy/hours';
import { removeProjectMember } from '../../utils/busy/projects';
import { caught, fakeHttp, hangingHttp, htmlPage, truncatedBody, type Recorded } from '../support/http-fakes';

const API = 'http://api.busy.example/v2';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
const problem = (status: number, name: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { name, message }, trackingId: 't-1' }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

const user = (i: number) => ({
  id: String(i),
  externalId: null,
  employeeCode: null,
  email: `p${i}@fjordlys.no`,
  displayName: `Person ${i} Ærlig`,
  status: 'registered',
  requireAuthenticationBy: null,
  isAdmin: false,
  isActive: true,
  startDate: '2024-01-01',
  endDate: null,
  defaultHourlyRate: null,
  displayInTimebank: true,
  createdAt: '2024-01-01T08:00:00.000Z',
  updatedAt: '2024-01-01T08:00:00.000Z',
});

/** A fake clock: sleep advances it, so waits are observable without real time. */
function fakeTime() {
  let t = Date.parse('2025-03-10T12:00:00Z');
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
  };
}

function client(route: (r: Recorded, n: number) => Response | Promise<Response>, extra: Partial<BusyClientOptions> = {}) {
  const f = fakeHttp(route);
  const time = fakeTime();
  const c = createBusyClient({
    http: f.http,
    apiBase: API,
    auth: { kind: 'token', token: 'tok-secret' },
    sleep: time.sleep,
    now: time.now,
    ...extra,
  });
  return { c, calls: f.calls, time };
}

describe('requests', () => {
  it('token auth sends Authorization: Bearer; cookie auth sends no Authorization header', async () => {
    const a = client(() => json(200, { data: [] }));
    await a.c.get('/users', z.array(UserSchema));
    expect(a.calls[0]!.headers['authorization']).toBe('Bearer tok-secret');
    const b = client(() => json(200, { data: [] }), { auth: { kind: 'cookie' } });
    await b.c.get('/users', z.array(UserSchema));
    expect(b.calls[0]!.headers['authorization']).toBeUndefined();
  });

  it('POST/PATCH send JSON bodies; path parameters are filled and encoded', async () => {
    const { c, calls } = client(() => json(201, { data: { ok: true } }));
    await c.post('/projects', { name: 'Æ', externalId: null }, z.object({ ok: z.boolean() }));
    await c.patch('/hourEntries/{id}', { isActive: false }, z.object({ ok: z.boolean() }), { params: { id: '12' } });
    expect(calls.map((x) => [x.method, x.url, x.headers['content-type'], x.body])).toEqual([
      ['POST', `${API}/projects`, 'application/json', '{"name":"Æ","externalId":null}'],
      ['PATCH', `${API}/hourEntries/12`, 'application/json', '{"isActive":false}'],
    ]);
  });

  it('query arrays repeat the key; booleans and dates are written plainly', () => {
    expect(
      encodeQuery({ idIn: ['1', '2'], isActive: 'all', x: true, updatedFrom: new Date('2025-01-01T00:00:00Z'), skip: undefined }),
    ).toBe('?idIn=1&idIn=2&isActive=all&x=true&updatedFrom=2025-01-01T00%3A00%3A00.000Z');
  });

  it('unwraps {data} and validates it: a strict schema rejects an extra field, naming data path', async () => {
    const { c } = client(() => json(200, { data: [user(1), { ...user(2), surprise: 1 }] }));
    const e = await caught(c.get('/users', z.array(UserSchema)));
    expect(e).toBeInstanceOf(BadResponseError);
    expect([e.operation, e.path]).toEqual(['GET /users', 'data[1]']);
  });

  it('a non-numeric id is caught and named', async () => {
    const { c } = client(() => json(200, { data: { ...user(1), id: 'abc' } }));
    const e = await caught(c.get('/users/{id}', UserSchema, { params: { id: '1' } }));
    expect([e.constructor, e.operation, e.path]).toEqual([BadResponseError, 'GET /users/{id}', 'data.id']);
  });

  it('an answer without the {data} envelope, or not JSON, is a bad answer', async () => {
    const a = client(() => json(200, [user(1)]));
    await expect(a.c.get('/users', z.array(UserSchema))).rejects.toBeInstanceOf(BadResponseError);
    const b = client(() => new Response('{"data": [<html>', { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(b.c.get('/users', z.array(UserSchema))).rejects.toBeInstanceOf(BadResponseError);
    const t = client(() => truncatedBody('{"data": [', { 'content-type': 'application/json' }));
    await expect(t.c.get('/users', z.array(UserSchema))).rejects.toBeInstanceOf(BadResponseError);
  });
});

describe('errors', () => {
  it('401 problem+json → SessionMissingError(busy)', async () => {
    const { c } = client(() => problem(401, 'Unauthorized', 'Invalid token'));
    const e = await caught(c.get('/users', z.array(UserSchema)));
    expect(e).toBeInstanceOf(SessionMissingError);
    expect(e.system).toBe('busy');
  });

  it('200 text/html (the login page an expired web session gets) → SessionMissingError(busy)', async () => {
    const { c } = client(() => htmlPage(200), { auth: { kind: 'cookie' } });
    await expect(c.get('/users', z.array(UserSchema))).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('other problem+json → RemoteFaultError with Busy\'s error.message and "METHOD /template"', async () => {
    const { c } = client(() => problem(422, 'UnprocessableEntity', 'name must be at least 2 characters'));
    const e = await caught(c.post('/clients', { name: 'A' }, z.unknown()));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect([e.system, e.operation, e.remoteMessage, e.status]).toEqual([
      'busy',
      'POST /clients',
      'name must be at least 2 characters',
      422,
    ]);
  });

  it('issue 14: a 403 on PATCH /hourEntries/{id} names the scope the spec asks for (projects:write) and what the admin must do', async () => {
    // Busy's own message does not name the scope; the client takes it from the spec's table.
    const { c } = client(() => problem(403, 'Forbidden', 'Forbidden'));
    const e = await caught(patchHourEntry(c, '7', { externalId: '55' }));
    expect(e).toBeInstanceOf(MissingScopeError);
    expect([e.operation, e.scopes, e.via, e.remoteMessage]).toEqual([
      'PATCH /hourEntries/{hourEntryId}',
      ['projects:write'],
      'token',
      'Forbidden',
    ]);
    expect(describeError(e)).toEqual({
      code: 'missing_scope',
      messageKey: 'errBusyMissingScope',
      substitutions: ['PATCH /hourEntries/{hourEntryId}', 'projects:write'],
    });
    expect(e.message).not.toContain('tok-secret');
  });

  it('issue 14: a 403 without a body on a DELETE names its scope too; on the web session it says the person may not', async () => {
    const { c } = client(() => new Response('', { status: 403 }), { auth: { kind: 'cookie' } });
    const e = await caught(removeProjectMember(c, '1', '2'));
    expect([e.constructor, e.messageKey, e.substitutions]).toEqual([
      MissingScopeError,
      'errBusyForbidden',
      ['DELETE /projects/{projectId}/users/{userId}', 'projects:write'],
    ]);
  });

  it('issue 14: users with "email": "" (the real Busy\'s users without an address) are users; other non-addresses are refused', async () => {
    const rows = [{ ...user(1), email: '' }, user(2)];
    const { c } = client(() => json(200, { data: rows }));
    expect((await c.get('/users/', z.array(UserSchema))).map((u) => u.email)).toEqual(['', 'p2@fjordlys.no']);
    const bad = client(() => json(200, { data: [{ ...user(1), email: ' ' }] }));
    const e = await caught(bad.c.get('/users/', z.array(UserSchema)));
    expect([e.constructor, e.path]).toEqual([BadResponseError, 'data[0].email']);
  });

  it('a 500 without a problem body → RemoteFaultError "HTTP 500"', async () => {
    const { c } = client(() => new Response('oops', { status: 500 }));
    const e = await caught(c.get('/tags', z.unknown()));
    expect([e.constructor, e.remoteMessage]).toEqual([RemoteFaultError, 'HTTP 500']);
  });

  it('no answer within the timeout → UnreachableError(busy)', async () => {
    const c = createBusyClient({
      http: hangingHttp,
      apiBase: API,
      auth: { kind: 'cookie' },
      sleep: async () => {},
      now: Date.now,
      timeoutMs: 50,
    });
    const e = await caught(c.get('/users', z.unknown()));
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.system).toBe('busy');
  });
});

describe('rate limits', () => {
  it('429 waits Retry-After (via the injected sleep) and retries', async () => {
    const { c, calls, time } = client((_r, n) =>
      n === 0 ? problem(429, 'TooManyRequests', 'slow down', { 'retry-after': '7' }) : json(200, { data: [] }),
    );
    await c.get('/users', z.array(UserSchema));
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([7000]);
  });

  it('a 429 pauses ALL requests of the client: one started during the pause is not sent before it ends', async () => {
    let t = 0;
    const wakeups: (() => void)[] = [];
    const sleep = (ms: number) =>
      new Promise<void>((r) =>
        wakeups.push(() => {
          t += ms;
          r();
        }),
      );
    const sentAt: [string, number][] = [];
    const f = fakeHttp((r) => {
      sentAt.push([new URL(r.url).pathname, t]);
      return sentAt.length === 1 ? problem(429, 'TooManyRequests', 'slow down', { 'retry-after': '5' }) : json(200, { data: [] });
    });
    const c = createBusyClient({ http: f.http, apiBase: API, auth: { kind: 'cookie' }, sleep, now: () => t });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const a = c.get('/users', z.unknown());
    while (wakeups.length === 0) await tick(); // A got its 429 and is waiting
    const b = c.get('/tags', z.unknown());
    await tick();
    expect(sentAt).toEqual([['/v2/users', 0]]); // B is held back, not sent
    while (wakeups.length) wakeups.shift()!();
    for (let i = 0; i < 5 && wakeups.length === 0; i++) await tick();
    while (wakeups.length) wakeups.shift()!();
    await Promise.all([a, b]);
    expect(sentAt.slice(1).every(([, at]) => at >= 5000)).toBe(true);
    expect(sentAt.map(([p]) => p).sort()).toEqual(['/v2/tags', '/v2/users', '/v2/users']);
  });

  it('gives up after a bounded number of 429s with RateLimitedError', async () => {
    const { c, calls } = client(() => problem(429, 'TooManyRequests', 'no', { 'retry-after': '1' }), { maxRetries: 2 });
    const e = await caught(c.get('/users', z.unknown()));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(calls).toHaveLength(3);
  });

  it('a pause longer than maxWaitMs is not slept through: RateLimitedError for the caller to reschedule', async () => {
    const { c, time } = client(() => problem(429, 'TooManyRequests', 'no', { 'retry-after': '3600' }), { maxWaitMs: 60_000 });
    const e = await caught(c.get('/users', z.unknown()));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e.retryAfterMs).toBe(3_600_000);
    expect(time.sleeps).toEqual([]);
  });

  it('RateLimit-Remaining 0 pauses the next request until RateLimit-Reset', async () => {
    const { c, time } = client((_r, n) =>
      json(200, { data: [] }, n === 0 ? { 'ratelimit-remaining': '0', 'ratelimit-reset': '4', 'ratelimit-limit': '100' } : {}),
    );
    await c.get('/users', z.unknown());
    expect(time.sleeps).toEqual([]);
    await c.get('/users', z.unknown());
    expect(time.sleeps).toEqual([4000]);
  });

  it('when nearly out of requests the client spreads the rest over the reset window', async () => {
    const { c, time } = client(() => json(200, { data: [] }, { 'ratelimit-remaining': '1', 'ratelimit-reset': '10' }));
    await c.get('/users', z.unknown());
    await c.get('/users', z.unknown());
    expect(time.sleeps).toEqual([5000]);
  });

  it('Retry-After as an HTTP date, and RateLimit-Reset as a floor', () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    expect(retryWaitMs(new Headers({ 'retry-after': 'Mon, 10 Mar 2025 12:00:30 GMT' }), now)).toBe(30_000);
    expect(retryWaitMs(new Headers({ 'retry-after': '2', 'ratelimit-reset': '9' }), now)).toBe(9000);
  });
});

describe('listAll', () => {
  const entries = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: String(i + 1),
      userId: '1',
      projectId: '2',
      tagId: null,
      clientId: null,
      taskId: null,
      billableMinutes: 60,
      totalMinutes: 60,
      description: 'Møte',
      approvalStatus: 'approved',
      startTime: '2025-03-03T08:00:00.000Z',
      stopTime: '2025-03-03T09:00:00.000Z',
      isActive: true,
      isExcludedFromBilling: false,
      excludedFromBillingDescription: null,
      excludedFromBillingCategory: null,
      locked: false,
      flagged: false,
      externalId: null,
      invoiceId: null,
      breakDeductionMinutes: 0,
      createdAt: '2025-03-03T09:00:00.000Z',
      updatedAt: '2025-03-03T09:00:00.000Z',
    }));

  it("pages with limit=100 and offset until a short page, keeping the caller's query", async () => {
    const all = entries(250);
    const { c, calls } = client((r) => {
      const u = new URL(r.url);
      const off = Number(u.searchParams.get('offset'));
      return json(200, { data: all.slice(off, off + Number(u.searchParams.get('limit'))) });
    });
    const got = await c.listAll('/hourEntries', { isActive: 'all', projectIdIn: ['2', '3'] }, HourEntrySchema);
    expect(got.map((e) => e.id)).toEqual(all.map((e) => e.id));
    // After the full first page, three pages are kept asked ahead (PAGE_AHEAD): 300 and 400 are
    // past the end (the at most two wasted).
    expect(calls.map((x) => new URL(x.url).search)).toEqual(
      [0, 100, 200, 300, 400].map((o) => `?isActive=all&projectIdIn=2&projectIdIn=3&limit=100&offset=${o}`),
    );
  });

  it('exactly 100 records takes a further (empty) page to know the end; reading ahead costs at most two more', async () => {
    const all = entries(100);
    const { c, calls } = client((r) => json(200, { data: Number(new URL(r.url).searchParams.get('offset')) ? [] : all }));
    expect(await c.listAll('/hourEntries', {}, HourEntrySchema)).toHaveLength(100);
    expect(calls.map((x) => Number(new URL(x.url).searchParams.get('offset')))).toEqual([0, 100, 200, 300]);
  });

  it('a short first page is the whole list: one request, nothing read ahead', async () => {
    const all = entries(40);
    const { c, calls } = client(() => json(200, { data: all }));
    expect(await c.listAll('/hourEntries', {}, HourEntrySchema)).toHaveLength(40);
    expect(calls).toHaveLength(1);
  });

  it('a bad record on a later page is named by its index in the whole listing', async () => {
    const all = entries(150);
    (all[120] as Record<string, unknown>).approvalStatus = 'maybe';
    const { c } = client((r) => {
      const off = Number(new URL(r.url).searchParams.get('offset'));
      return json(200, { data: all.slice(off, off + 100) });
    });
    const e = await caught(c.listAll('/hourEntries', {}, HourEntrySchema));
    expect([e.constructor, e.path]).toEqual([BadResponseError, 'data[120].approvalStatus']);
  });

  it('a page longer than the limit is a bad answer (the server ignored limit)', async () => {
    const { c } = client(() => json(200, { data: entries(101) }));
    await expect(c.listAll('/hourEntries', {}, HourEntrySchema)).rejects.toBeInstanceOf(BadResponseError);
  });
});

describe('checkBusyConnection', () => {
  it('proves auth with GET /users/?limit=1 (the spec spelling, issue 14) and reports the auth kind', async () => {
    const { c, calls } = client(() => json(200, { data: [user(1)] }));
    expect(await checkBusyConnection(c)).toEqual({ via: 'token', actsAs: null });
    expect(calls[0]!.url).toBe(`${API}/users/?limit=1`);
  });

  it('a login page instead of JSON → SessionMissingError(busy)', async () => {
    const { c } = client(() => htmlPage(200), { auth: { kind: 'cookie' } });
    await expect(checkBusyConnection(c)).rejects.toBeInstanceOf(SessionMissingError);
  });
});

describe('del', () => {
  it('DELETE sends no body, fills the path and accepts a 204 without a body', async () => {
    const { c, calls } = client(() => new Response(null, { status: 204 }));
    await expect(c.del('/projects/{projectId}/users/{userId}', { params: { projectId: '7', userId: '9' } })).resolves.toBeUndefined();
    expect(calls.map((x) => [x.method, x.url, x.body, x.headers['content-type'], x.headers['authorization']])).toEqual([
      ['DELETE', `${API}/projects/7/users/9`, '', undefined, 'Bearer tok-secret'],
    ]);
  });

  it('a failed DELETE → RemoteFaultError with Busy\'s message and "DELETE /template"; 401 → SessionMissingError', async () => {
    const { c } = client((_, n) =>
      n === 0 ? problem(404, 'NotFound', 'Project user not found') : problem(401, 'Unauthorized', 'Invalid token'),
    );
    const e = await caught(c.del('/projects/{projectId}/users/{userId}', { params: { projectId: '7', userId: '9' } }));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect([e.operation, e.remoteMessage, e.status]).toEqual([
      'DELETE /projects/{projectId}/users/{userId}',
      'Project user not found',
      404,
    ]);
    await expect(c.del('/tasks/{taskId}/users/{userId}', { params: { taskId: '1', userId: '2' } })).rejects.toBeInstanceOf(
      SessionMissingError,
    );
  });

  it('a DELETE answered with the login page (expired web session) → SessionMissingError, not success', async () => {
    const { c } = client(() => htmlPage(200), { auth: { kind: 'cookie' } });
    await expect(c.del('/tasks/{taskId}/users/{userId}', { params: { taskId: '1', userId: '2' } })).rejects.toBeInstanceOf(
      SessionMissingError,
    );
  });

  it('a DELETE is rate-limited like any request: 429 is waited out and retried', async () => {
    const { c, calls, time } = client((_, n) =>
      n === 0 ? problem(429, 'TooManyRequests', 'slow down', { 'retry-after': '2' }) : new Response(null, { status: 204 }),
    );
    await c.del('/tasks/{taskId}/users/{userId}', { params: { taskId: '1', userId: '2' } });
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([2000]);
  });
});
