// The 24SO client against the real simulator over HTTP, through a browser-like cookie jar.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { LoginFailedError, SessionMissingError } from '../../utils/core/errors';
import { getIdentities, getIdentity, hasSession, login, setIdentityById } from '../../utils/tfso/auth';
import { getUsers } from '../../utils/tfso/client';
import { ensureSession, establishSession, TFSO_SESSION_COOKIE, type TfsoSessionContext } from '../../utils/tfso/session';
import { callService } from '../../utils/tfso/soap';
import { caught } from '../support/http-fakes';

const seed = makeSeed('demo');
let sim: TfsoSim;
let f: NodeFetch;
let ctx: TfsoSessionContext;

function freshContext(): void {
  f = createNodeFetch();
  const jar = f.jar;
  ctx = {
    http: (u, i) => f(u, i),
    bases: { api: sim.api, webservices: sim.webservices },
    timeoutMs: 5000,
    cookies: {
      set: async (u, n, v) => jar.set(u, n, v),
      get: async (u, n) => jar.get(u, n) ?? null,
    },
  };
}
const creds = () => ({ applicationId: sim.applicationId, username: sim.username, password: sim.password });

beforeAll(async () => {
  sim = await startTfsoSim({ seed });
});
afterAll(async () => {
  await f?.close();
  await sim.close();
});
beforeEach(async () => {
  await f?.close();
  freshContext();
  sim.resetCounts();
  sim.faults.clear();
});

describe('24SO session (real simulator)', () => {
  it('establishSession: login puts the session on both hosts and getIdentity names the integration user', async () => {
    const s = await establishSession(ctx, creds());
    expect(f.jar.get(`${sim.api}/`, TFSO_SESSION_COOKIE)).toBe(s.sessionId);
    expect(f.jar.get(`${sim.webservices}/`, TFSO_SESSION_COOKIE)).toBe(s.sessionId);
    expect(s.identity.user).toMatchObject({ contactId: seed.tfso.integrationUser.contactId, name: seed.tfso.integrationUser.name });
    const def = seed.tfso.identities.find((i) => i.isDefault)!;
    expect(s.identity.client).toEqual({ id: def.clientId, name: def.clientName });
    // both hosts answer with the session: an api call and a webservices call
    expect(await hasSession(ctx)).toBe(true);
    await expect(callService(ctx, 'ProjectService', 'GetProjectStatuses')).resolves.not.toBeUndefined();
    expect(sim.counts().Login).toBe(1);
  });

  it('a wrong password → LoginFailedError (24SO answers an empty LoginResult), and no cookie is set', async () => {
    const e = await caught(establishSession(ctx, { ...creds(), password: 'wrong-password' }));
    expect(e).toBeInstanceOf(LoginFailedError);
    expect(f.jar.get(`${sim.webservices}/`, TFSO_SESSION_COOKIE)).toBeUndefined();
  });

  it('client mistake: cookie only on the api host → a webservices call fails with SessionMissingError', async () => {
    await login(ctx, creds()); // the browser keeps the cookie on the api host only
    expect(await hasSession(ctx)).toBe(true);
    await expect(callService(ctx, 'ProjectService', 'GetProjectStatuses')).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('an expired session → SessionMissingError on both hosts; ensureSession without credentials does not log in', async () => {
    await establishSession(ctx, creds());
    sim.expireSessions();
    await expect(getIdentity(ctx)).rejects.toBeInstanceOf(SessionMissingError);
    await expect(callService(ctx, 'TimeService', 'GetWorkTypeList', [['Wts', [['Active', 'True']]]])).rejects.toBeInstanceOf(
      SessionMissingError,
    );
    expect(await hasSession(ctx)).toBe(false);
    sim.resetCounts();
    await expect(ensureSession(ctx)).rejects.toBeInstanceOf(SessionMissingError);
    expect(sim.counts().Login ?? 0).toBe(0);
  });

  it('ensureSession logs in again only when given credentials, and then both hosts work', async () => {
    await establishSession(ctx, creds());
    sim.expireSessions();
    const r = await ensureSession(ctx, { credentials: creds() });
    expect(r.loggedIn).toBe(true);
    await expect(callService(ctx, 'ProjectService', 'GetProjectStatuses')).resolves.toBeDefined();
  });

  it('ensureSession reuses a live session: no second Login', async () => {
    await establishSession(ctx, creds());
    sim.resetCounts();
    const r = await ensureSession(ctx, { credentials: creds() });
    expect(r).toMatchObject({ loggedIn: false, identity: { user: { contactId: seed.tfso.integrationUser.contactId } } });
    expect(sim.counts().Login ?? 0).toBe(0);
  });

  it('a session from the login web page (user logged in in a tab) is copied to webservices without Login', async () => {
    const res = await f(`${sim.api}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: sim.username, password: sim.password, applicationId: sim.applicationId }).toString(),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect(f.jar.get(`${sim.webservices}/`, TFSO_SESSION_COOKIE)).toBeUndefined();
    const r = await ensureSession(ctx);
    expect(r.loggedIn).toBe(false);
    expect(f.jar.get(`${sim.webservices}/`, TFSO_SESSION_COOKIE)).toBe(f.jar.get(`${sim.api}/`, TFSO_SESSION_COOKIE));
    expect(sim.counts().Login ?? 0).toBe(0);
  });

  it('getIdentities lists both identities; setIdentityById switches the client GetIdentity reports', async () => {
    await establishSession(ctx, creds());
    const ids = await getIdentities(ctx);
    expect(ids.map((i) => i.client.name).sort()).toEqual(seed.tfso.identities.map((i) => i.clientName).sort());
    const other = seed.tfso.identities.find((i) => !i.isDefault)!;
    expect(await setIdentityById(ctx, other.id)).toBe(true);
    expect((await getIdentity(ctx)).client).toEqual({ id: other.clientId, name: other.clientName });
  });

  it('getUsers returns every 24SO user of the seed, with æøå names intact', async () => {
    await establishSession(ctx, creds());
    const users = await getUsers(ctx);
    expect(users.map((u) => [u.contactId, u.name]).sort()).toEqual(seed.tfso.users.map((u) => [u.contactId, u.name]).sort());
  });
});
