// Issue 14: the Busy simulator's real-world switches, each on and off, over HTTP — the live
// OpenAPI document, the assumed task-assignee writes, the spec's own path spelling and the token's
// scopes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from './api/index.js';
import { api, control, startHarness, webLogin, type Harness } from './harness.js';
import { ErrorResponseSchema } from './schemas.js';
import { BUSY_DEFAULTS } from './settings.js';
import { ASSUMED_SPEC, specPathOfTemplate } from './spec.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  const r = await control(h, 'POST', '/config', {
    assumedOps: true,
    strictPaths: false,
    tokenScopes: null,
    rateLimit: { limit: 1000, windowSec: 60 },
  });
  expect(r.status).toBe(200);
});

const PUBLIC_TEXT = readFileSync(new URL('./spec/busy-openapi-2.1.0.json', import.meta.url), 'utf8');
const origin = () => h.sim.api.replace(/\/v2$/, '');
/** A request on the API host by raw path (`/v2/projects/`), with the token unless told otherwise. */
async function raw(method: string, path: string, o: { auth?: boolean; body?: unknown } = {}) {
  const res = await h.fetch(origin() + path, {
    method,
    credentials: 'omit',
    headers: {
      ...(o.auth === false ? {} : { authorization: `Bearer ${h.sim.token}` }),
      ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
/** The answer to an unknown route, exactly: 404 problem+json "<METHOD> <path> not found". */
function expectUnknownRoute(r: Awaited<ReturnType<typeof raw>>, method: string, path: string) {
  expect(r.status, `${method} ${path}`).toBe(404);
  expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(ErrorResponseSchema.parse(r.json).error).toEqual({ name: 'NotFound', message: `${method} ${path} not found` });
}

describe('issue 14: GET /v2/openapi.json (the live spec)', () => {
  it('with assumedOps: false it is the public document, byte for byte, without auth', async () => {
    await control(h, 'POST', '/config', { assumedOps: false });
    const r = await raw('GET', '/v2/openapi.json', { auth: false });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.text).toBe(PUBLIC_TEXT);
    expect(r.headers.get('ratelimit-limit')).toBe('1000');
  });

  it('by default it also declares the assumed post on /v2/tasks/{taskId}/users and delete on …/users/{userId}, and differs in nothing else', async () => {
    const r = await raw('GET', '/v2/openapi.json', { auth: false });
    expect(r.status).toBe(200);
    const served = r.json;
    const pub = JSON.parse(PUBLIC_TEXT);
    expect(Object.keys(served.paths['/v2/tasks/{taskId}/users'])).toEqual(['get', 'post']);
    expect(served.paths['/v2/tasks/{taskId}/users/{userId}']).toEqual({
      delete: ASSUMED_SPEC['/v2/tasks/{taskId}/users/{userId}']!.delete,
    });
    expect(served.paths['/v2/tasks/{taskId}/users'].post.security).toEqual([{ Bearer: ['all'] }, { Bearer: ['tasks:write'] }]);
    // Take the two additions out again: what is left is the public document.
    delete served.paths['/v2/tasks/{taskId}/users'].post;
    delete served.paths['/v2/tasks/{taskId}/users/{userId}'];
    expect(served).toEqual(pub);
    expect(h.sim.counts()['GET /openapi.json']).toBeGreaterThanOrEqual(2);
  });

  it('only GET: another method is 405', async () => {
    expect((await raw('POST', '/v2/openapi.json', { body: {} })).status).toBe(405);
  });
});

describe('issue 14: assumedOps (Busy)', () => {
  it('default: POST /tasks/{id}/users assigns (201) and DELETE …/users/{userId} unassigns (204)', async () => {
    expect((await api(h, 'POST', '/tasks/40/users', { userId: '1' })).status).toBe(201);
    expect((await api(h, 'DELETE', '/tasks/40/users/1')).status).toBe(204);
  });

  it('false: both answer 404 problem+json exactly as an unknown route, change nothing and are not counted; GET stays', async () => {
    await control(h, 'POST', '/config', { assumedOps: false });
    const before = h.sim.counts();
    expectUnknownRoute(await raw('POST', '/v2/tasks/40/users', { body: { userId: '1' } }), 'POST', '/v2/tasks/40/users');
    expectUnknownRoute(await raw('DELETE', '/v2/tasks/40/users/2'), 'DELETE', '/v2/tasks/40/users/2');
    expectUnknownRoute(await raw('GET', '/v2/nothing'), 'GET', '/v2/nothing');
    expect([...h.sim.state.assigneesOf('40').keys()]).toEqual(['2']);
    expect(h.sim.counts()['POST /tasks/{taskId}/users'] ?? 0).toBe(before['POST /tasks/{taskId}/users'] ?? 0);
    expect((await api(h, 'GET', '/tasks/40/users')).json.data.map((u: { id: string }) => u.id)).toEqual(['2']);
  });
});

describe('issue 14: strictPaths', () => {
  const spelled: [string, string, string][] = [
    // [method, as the spec spells it, the other spelling]
    ['GET', '/v2/clients/', '/v2/clients'],
    ['GET', '/v2/projects/', '/v2/projects'],
    ['GET', '/v2/users/', '/v2/users'],
    ['GET', '/v2/tags/', '/v2/tags'],
    ['GET', '/v2/hourEntries/', '/v2/hourEntries'],
    ['GET', '/v2/invoices/', '/v2/invoices'],
    ['GET', '/v2/invoices/drafts', '/v2/invoices/drafts/'],
    ['GET', '/v2/projects/20/tasks', '/v2/projects/20/tasks/'],
    ['GET', '/v2/projects/20', '/v2/projects/20/'],
    ['GET', '/v2/tasks/40/users', '/v2/tasks/40/users/'],
  ];

  it('off (default): both spellings are served', async () => {
    for (const [m, a, b] of spelled) {
      expect((await raw(m, a)).status, a).toBe(200);
      expect((await raw(m, b)).status, b).toBe(200);
    }
  });

  it("on: only the spec's spelling; the other is 404 exactly as an unknown route", async () => {
    await control(h, 'POST', '/config', { strictPaths: true });
    for (const [m, a, b] of spelled) {
      expect((await raw(m, a)).status, a).toBe(200);
      expectUnknownRoute(await raw(m, b), m, b);
    }
    expectUnknownRoute(await raw('GET', '/v2//projects/'), 'GET', '/v2//projects/');
    const created = await raw('POST', '/v2/clients/', { body: { name: 'Streng Kunde AS', externalId: null } });
    expect(created.status).toBe(201);
    expectUnknownRoute(await raw('POST', '/v2/clients', { body: { name: 'Streng Kunde AS', externalId: null } }), 'POST', '/v2/clients');
    expect((await raw('GET', '/v2/openapi.json', { auth: false })).status).toBe(200);
  });

  it('every route the simulator serves has a spelling in the spec (with the assumed ones), so strictPaths hides none', () => {
    for (const r of apiRoutes) expect(specPathOfTemplate(r.template), r.template).toBeDefined();
  });
});

describe('issue 14: tokenScopes', () => {
  const forbidden = (r: Awaited<ReturnType<typeof raw>>) => {
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const e = ErrorResponseSchema.parse(r.json).error;
    expect(e.name).toBe('Forbidden');
    // The real server is not known to name the missing scope; neither does the simulator.
    expect(e.message).not.toMatch(/:(read|write)|scope/i);
  };

  it('default null: every operation is allowed', async () => {
    expect(BUSY_DEFAULTS.tokenScopes).toBeNull();
    expect((await raw('PATCH', '/v2/hourEntries/50', { body: { description: 'x' } })).status).toBe(200);
  });

  it('an operation whose spec security needs a scope the token lacks is 403; one alternative fully held is enough', async () => {
    await control(h, 'POST', '/config', { tokenScopes: ['projects:read', 'hourEntries:read', 'hourEntries:write', 'tasks:read'] });
    expect((await raw('GET', '/v2/projects/')).status).toBe(200);
    expect((await raw('GET', '/v2/hourEntries/')).status).toBe(200);
    forbidden(await raw('GET', '/v2/users/'));
    // The spec's surprise: PATCH /v2/hourEntries/{id} needs projects:write, not hourEntries:write.
    forbidden(await raw('PATCH', '/v2/hourEntries/50', { body: { description: 'nektet' } }));
    expect(h.sim.state.hourEntries.get('50')!.description).not.toBe('nektet');
    expect(
      (
        await raw('POST', '/v2/hourEntries/', {
          body: {
            userId: '2',
            projectId: '20',
            tagId: '30',
            description: null,
            startTime: '2026-11-18T08:00:00.000Z',
            stopTime: '2026-11-18T09:00:00.000Z',
            externalId: null,
          },
        })
      ).status,
    ).toBe(201);
    // Both scopes of an alternative are needed: tasks:read without users:read is not enough.
    forbidden(await raw('GET', '/v2/tasks/40/users'));
    // Scopes are checked before the resource is looked up.
    forbidden(await raw('GET', '/v2/users/9999'));
    await control(h, 'POST', '/config', { tokenScopes: ['projects:write'] });
    expect((await raw('PATCH', '/v2/hourEntries/50', { body: { description: 'nektet' } })).status).toBe(200);
    expect(h.sim.state.hourEntries.get('50')!.description).toBe('nektet');
  });

  it('"all" holds everything; the assumed writes need tasks:write; the web session cookie is not scoped', async () => {
    await control(h, 'POST', '/config', { tokenScopes: ['all'] });
    expect((await raw('GET', '/v2/users/')).status).toBe(200);
    await control(h, 'POST', '/config', { tokenScopes: ['tasks:read', 'users:read'] });
    forbidden(await raw('POST', '/v2/tasks/40/users', { body: { userId: '1' } }));
    await control(h, 'POST', '/config', { tokenScopes: [] });
    forbidden(await raw('GET', '/v2/projects/'));
    await webLogin(h);
    const viaCookie = await h.fetch(`${h.sim.api}/users`);
    expect(viaCookie.status).toBe(200);
    await viaCookie.arrayBuffer();
  });

  it('bad settings are refused with 400 and change nothing', async () => {
    expect((await control(h, 'POST', '/config', { tokenScopes: 'all' })).status).toBe(400);
    const unknown = await control(h, 'POST', '/config', { scopes: ['all'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatch(
      /unknown setting scopes; known: rateLimit, assumedOps, emptyEmails, strictPaths, plainMarkup, tokenScopes, delayMs, jitterMs/,
    );
    expect((await control(h, 'GET', '/config')).json.tokenScopes).toBeNull();
  });

  it('GET /_sim/config returns every setting in force', async () => {
    await control(h, 'POST', '/config', { strictPaths: true, tokenScopes: ['all'] });
    expect((await control(h, 'GET', '/config')).json).toEqual({
      ...BUSY_DEFAULTS,
      rateLimit: { limit: 1000, windowSec: 60 },
      strictPaths: true,
      tokenScopes: ['all'],
    });
  });
});
