// Login, sessions per host, identities, expiry and the rate limit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../../cli/node-fetch.js';
import { SimClock } from '../clock.js';
import { makeSeed } from '../seeds/index.js';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, envelope, faultcode, faultstring, login, loginXml, rawRequest, soapCall, wrap } from './test-client.js';

const NS = 'http://24sevenOffice.com/webservices';
const NOT_AUTH = 'Server was unable to process request. ---> Session is not authenticated';

let sim: TfsoSim;
let clock: SimClock;
beforeAll(async () => {
  clock = new SimClock('2026-11-20T09:00:00Z', { frozen: true });
  sim = await startTfsoSim({ clock: clock.fn, sessionIdleMs: 60_000 });
});
afterAll(() => sim.close());

describe('Login', () => {
  it('[C] good credentials → the session id and a host-only ASP.NET_SessionId cookie', async () => {
    const r = await soapCall(sim, 'auth', 'Login', loginXml(sim));
    expect(r.status).toBe(200);
    const id = all(r.body, 'LoginResult')[0];
    expect(id).toMatch(/^[a-z0-5]{24}$/);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^ASP\\.NET_SessionId=${id}; path=/; HttpOnly`));
    expect(setCookie.toLowerCase()).not.toContain('domain=');
  });

  it('[C] bad credentials → 200 with an empty LoginResult, no cookie, not a fault', async () => {
    const bad = `<credential><ApplicationId>${sim.applicationId}</ApplicationId><Password>wrong</Password><Username>${sim.username}</Username></credential>`;
    const r = await soapCall(sim, 'auth', 'Login', bad);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<LoginResponse xmlns="http://24sevenOffice.com/webservices"><LoginResult /></LoginResponse>');
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it("Login with an IdentityId picks that identity's client", async () => {
    const second = sim.state.identities.find((i) => !i.isDefault)!;
    const r = await soapCall(sim, 'auth', 'Login', loginXml(sim, `<IdentityId>${second.id}</IdentityId>`));
    const cookie = `ASP.NET_SessionId=${all(r.body, 'LoginResult')[0]}`;
    const ident = await soapCall(sim, 'auth', 'GetIdentity', '', { cookie });
    expect(ident.body).toContain(`<Client><Id>${second.clientId}</Id>`);
  });

  it('Login with an unknown IdentityId → "The provided IdentityId is blocked" fault', async () => {
    const r = await soapCall(sim, 'auth', 'Login', loginXml(sim, '<IdentityId>11111111-2222-3333-4444-555555555555</IdentityId>'));
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('The provided IdentityId is blocked');
  });
});

describe('[C] Session is not authenticated', () => {
  it('no cookie → HTTP 500, soap:Server, the exact faultstring', async () => {
    const r = await soapCall(sim, 'client', 'GetUsers');
    expect(r.status).toBe(500);
    expect(faultcode(r.body)).toBe('soap:Server');
    expect(faultstring(r.body)).toBe(NOT_AUTH);
    expect(r.body).toContain('<soap:Fault><faultcode>soap:Server</faultcode>');
  });

  it('an unknown session id → the same fault', async () => {
    const r = await soapCall(sim, 'client', 'GetUsers', '', { cookie: 'ASP.NET_SessionId=abcdefabcdefabcdefabcdef' });
    expect(faultstring(r.body)).toBe(NOT_AUTH);
  });

  it('HasSession answers false without a session and true with one', async () => {
    const no = await soapCall(sim, 'auth', 'HasSession');
    expect(no.body).toContain('<HasSessionResult>false</HasSessionResult>');
    const yes = await soapCall(sim, 'auth', 'HasSession', '', { cookie: await login(sim) });
    expect(yes.body).toContain('<HasSessionResult>true</HasSessionResult>');
  });
});

describe('cookie per host', () => {
  const fetches: ReturnType<typeof createNodeFetch>[] = [];
  afterEach(async () => {
    while (fetches.length) await fetches.pop()!.close();
  });
  const post = (f: ReturnType<typeof createNodeFetch>, base: string, path: string, op: string, inner = '') =>
    f(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}/${op}"` },
      body: envelope(wrap(op, inner)),
    });

  it('client mistake: cookie only on the api host → Session is not authenticated on webservices', async () => {
    const f = createNodeFetch();
    fetches.push(f);
    const lr = await post(f, sim.api, '/authenticate/v001/authenticate.asmx', 'Login', loginXml(sim));
    expect(lr.status).toBe(200);
    expect((await post(f, sim.api, '/Client/V001/ClientService.asmx', 'GetUsers')).status).toBe(200);
    const ws = await post(f, sim.webservices, '/timesheet/v001/timeservice.asmx', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>');
    expect(ws.status).toBe(500);
    expect(faultstring(await ws.text())).toBe(NOT_AUTH);
  });

  it('the same session id made present on the webservices host works there too', async () => {
    const f = createNodeFetch();
    fetches.push(f);
    const lr = await post(f, sim.api, '/authenticate/v001/authenticate.asmx', 'Login', loginXml(sim));
    const id = all(await lr.text(), 'LoginResult')[0];
    f.jar.setFromHeader(`${sim.webservices}/`, `ASP.NET_SessionId=${id}; path=/`);
    const ws = await post(f, sim.webservices, '/timesheet/v001/timeservice.asmx', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>');
    expect(ws.status).toBe(200);
  });
});

describe('identities', () => {
  it('GetIdentity names the integration user (ContactId, Name) and the client', async () => {
    const r = await soapCall(sim, 'auth', 'GetIdentity', '', { cookie: await login(sim) });
    const u = sim.state.integrationUser;
    expect(r.body).toContain(`<User><ContactId>${u.contactId}</ContactId><Id>`);
    expect(r.body).toContain(`<Name>${u.name}</Name><EmployeeId>${u.employeeId}</EmployeeId></User>`);
    expect(r.body).toContain('<IsCurrent>true</IsCurrent><IsDefault>true</IsDefault>');
  });

  it('GetIdentities lists every identity; SetIdentityById switches to a client whose data starts empty', async () => {
    const cookie = await login(sim);
    const list = await soapCall(sim, 'auth', 'GetIdentities', '', { cookie });
    expect(all(list.body, 'IsDefault')).toEqual(['true', 'false']);
    const before = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter></Ps>', {
      cookie,
    });
    expect(all(before.body, 'NameDisplay').length).toBeGreaterThan(0);
    const second = sim.state.identities.find((i) => !i.isDefault)!;
    const set = await soapCall(sim, 'auth', 'SetIdentityById', `<identityId>${second.id}</identityId>`, { cookie });
    expect(set.body).toContain('<SetIdentityByIdResult>true</SetIdentityByIdResult>');
    const after = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter></Ps>', {
      cookie,
    });
    expect(after.body).toContain('<GetProjectListResult />');
  });
});

describe('expiry', () => {
  it('sessions expire after the configured idle time (clock-driven)', async () => {
    const cookie = await login(sim);
    clock.advance(59_000);
    expect((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).status).toBe(200);
    clock.advance(59_000); // still alive: each call restarts the idle time
    expect((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).status).toBe(200);
    clock.advance(61_000);
    const r = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(faultstring(r.body)).toBe(NOT_AUTH);
  });

  it('expireSessions() ends every session', async () => {
    const cookie = await login(sim);
    sim.expireSessions();
    expect(faultstring((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).body)).toBe(NOT_AUTH);
  });
});

describe('[C] rate limit', () => {
  it('past the hourly limit → "Limit exceeded by N. Request is blocked. Quarantine ends at <time>", and it lifts after the hour', async () => {
    const c2 = new SimClock('2026-11-20T09:00:00Z', { frozen: true });
    const s = await startTfsoSim({ seed: makeSeed('empty'), clock: c2.fn, rateLimitPerHour: 3 });
    try {
      const cookie = await login(s); // 1
      expect((await soapCall(s, 'client', 'GetUsers', '', { cookie })).status).toBe(200); // 2
      expect((await soapCall(s, 'client', 'GetUsers', '', { cookie })).status).toBe(200); // 3
      const r1 = await soapCall(s, 'client', 'GetUsers', '', { cookie });
      expect(r1.status).toBe(500);
      expect(faultstring(r1.body)).toBe(
        'Server was unable to process request. ---> Limit exceeded by 1. Request is blocked. Quarantine ends at 2026-11-20T10:00:00.000Z',
      );
      expect(faultstring((await soapCall(s, 'client', 'GetUsers', '', { cookie })).body)).toContain('Limit exceeded by 2.');
      c2.advance(3_600_000);
      // the session is long idle by now; the quarantine is over
      expect((await soapCall(s, 'auth', 'Login', loginXml(s))).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('login web page', () => {
  it('GET /login on the api host shows a form with #username, #password, #login', async () => {
    const r = await rawRequest(sim.port, new URL(sim.api).host, 'GET', '/login', '');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    for (const id of ['username', 'password', 'login']) expect(r.body).toContain(`id="${id}"`);
  });

  it('POST /login with good credentials sets the host-only session cookie and shows "Logged in as <name>"; that session works for SOAP', async () => {
    const form = new URLSearchParams({ username: sim.username, password: sim.password, applicationId: sim.applicationId }).toString();
    const r = await rawRequest(sim.port, new URL(sim.api).host, 'POST', '/login', form, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.body).toContain(`Logged in as ${sim.state.integrationUser.name}`);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/^ASP\.NET_SessionId=[a-z0-5]{24}; path=\//);
    expect(setCookie.toLowerCase()).not.toContain('domain=');
    const cookie = setCookie.split(';')[0];
    expect((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).status).toBe(200);
  });

  it('POST /login with a wrong password shows an error and sets no cookie', async () => {
    const form = new URLSearchParams({ username: sim.username, password: 'nope' }).toString();
    const r = await rawRequest(sim.port, new URL(sim.api).host, 'POST', '/login', form, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.body).toContain('id="error"');
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('the login page is on the api host only', async () => {
    const r = await rawRequest(sim.port, new URL(sim.webservices).host, 'GET', '/login', '');
    expect(r.status).toBe(404);
  });
});
