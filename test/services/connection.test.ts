import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { createConnectionService, type ConnectionDeps } from '../../utils/services/connection';
import { connectionError } from '../../utils/domain/connection-state';
import { defaultSettings, type Settings } from '../../utils/domain/settings';
import type { HttpFetch } from '../../utils/core/http';
import { probeAddresses } from '../../utils/services/connection-probe';

// Issue 17: every connection state the product can be in has its own name (and so its own words
// and way out in the pages), found against the simulators over HTTP as the background finds it.

const seed = makeSeed('demo');
let tfso: TfsoSim;
let busy: BusySim;
let f: NodeFetch;
let settings: Settings;
/** Lets a test rewrite answers on the way (a 403 the simulator does not make). */
let intercept: ((url: string, init: RequestInit) => Response | null) | null = null;

const http: HttpFetch = async (u, i) => intercept?.(u, i) ?? f(u, i);
function deps(): ConnectionDeps {
  return {
    http,
    cookies: { set: async (u, n, v) => f.jar.set(u, n, v), get: async (u, n) => f.jar.get(u, n) ?? null },
    settings: { get: async () => settings, save: async (s) => void (settings = s) },
    now: () => new Date(),
    sleep: async () => undefined,
  };
}
async function loginTfso() {
  await createConnectionService(deps()).connectTfso({
    applicationId: tfso.applicationId,
    username: tfso.username,
    password: tfso.password,
  });
}
async function loginBusy() {
  await f(`${busy.web}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: busy.email, password: busy.password }).toString(),
  });
}

beforeAll(async () => {
  // Real time: a pause's end is compared with the browser's clock, as in production.
  [tfso, busy] = await Promise.all([startTfsoSim({ seed, clock: () => new Date() }), startBusySim({ seed, clock: () => new Date() })]);
});
afterAll(async () => {
  await f?.close();
  await Promise.all([tfso.close(), busy.close()]);
});
beforeEach(async () => {
  await f?.close();
  f = createNodeFetch();
  intercept = null;
  tfso.faults.clear();
  busy.faults.clear();
  settings = defaultSettings({ tfsoApi: tfso.api, tfsoWebservices: tfso.webservices, busyApi: `${busy.api}`, busyWeb: busy.web });
});

describe('connection states (issue 17)', () => {
  it('R2: no session anywhere and no token: not logged in, with the login pages', async () => {
    const s = await createConnectionService(deps()).check();
    expect(s.tfso).toMatchObject({ state: 'notLoggedIn', loginUrl: `${tfso.api}/login` });
    expect(s.busy).toMatchObject({ state: 'notLoggedIn', loginUrl: `${busy.web}/login` });
  });

  it('a stored token Busy refuses is "token refused", not "not logged in"; a run refused for it says so', async () => {
    settings = { ...settings, busy: { token: 'revoked-or-mistyped' } };
    const s = await createConnectionService(deps()).check();
    expect(s.busy.state).toBe('tokenRefused');
    expect(connectionError('busy', s.busy)).toEqual({ code: 'token_refused', messageKey: 'errTokenRefused', substitutions: [] });
    // The right token works (so the refusal above could have been otherwise).
    settings = { ...settings, busy: { token: busy.token } };
    const ok = await createConnectionService(deps()).check();
    expect(ok.busy).toMatchObject({ state: 'connected', who: { via: 'token' } });
  });

  it("a token is tried before it is stored: Busy's refusal is named, acceptance is null", async () => {
    const service = createConnectionService(deps());
    expect(await service.tryBusyToken('wrong')).toEqual({ code: 'token_refused', messageKey: 'errTokenRefused', substitutions: [] });
    expect(await service.tryBusyToken(busy.token)).toBeNull();
  });

  it('Busy asking for a pause: "paused until" the time its Retry-After gives, never waited out in the check', async () => {
    await loginBusy();
    busy.faults.add({ op: '*', kind: 'rateLimit', count: 1, delayMs: 120_000 });
    const before = Date.now();
    const s = await createConnectionService(deps()).check();
    expect(s.busy.state).toBe('rateLimited');
    const until = Date.parse((s.busy as { until: string }).until);
    expect(until - before).toBeGreaterThanOrEqual(119_000);
    expect(until - before).toBeLessThan(130_000);
    expect(connectionError('busy', s.busy)?.messageKey).toBe('errPausedUntilBusy');
  });

  it('24SO\'s quarantine: "paused until" the end it names', async () => {
    await loginTfso();
    tfso.faults.add({ op: '*', kind: 'rateLimit', count: 1, delayMs: 30 * 60_000 });
    const s = await createConnectionService(deps()).check();
    expect(s.tfso.state).toBe('rateLimited');
    expect(Date.parse((s.tfso as { until: string }).until) - Date.now()).toBeGreaterThan(25 * 60_000);
  });

  it('a 24SO session on another client than the chosen one is "wrong client", naming the client it is on', async () => {
    await loginTfso();
    const other = seed.tfso.identities.find((i) => !i.isDefault)!;
    settings = { ...settings, tfso: { ...settings.tfso, identityId: other.id } };
    const s = await createConnectionService(deps()).check();
    const def = seed.tfso.identities.find((i) => i.isDefault)!;
    expect(s.tfso).toMatchObject({ state: 'wrongTenant', clientName: def.clientName });
  });

  it('no answer at an address: "unreachable" with the address', async () => {
    settings = { ...settings, urls: { ...settings.urls, busyApi: 'http://127.0.0.1:9/v2' } };
    const s = await createConnectionService(deps()).check();
    expect(s.busy).toMatchObject({ state: 'unreachable', url: 'http://127.0.0.1:9/v2' });
  });

  it('a refusal for lack of permission (HTTP 403) is "missing permission", with the client\'s words', async () => {
    settings = { ...settings, busy: { token: busy.token } };
    intercept = (url) =>
      url.startsWith(busy.api)
        ? new Response(JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Forbidden' }), {
            status: 403,
            headers: { 'content-type': 'application/problem+json' },
          })
        : null;
    const s = await createConnectionService(deps()).check();
    expect(s.busy.state).toBe('forbidden');
    expect((s.busy as { error: { code: string } }).error.code).toBeTruthy();
  });
});

describe('addresses are tried when saved (issue 17)', () => {
  it('each answers as its part of the system, or its field says why not', async () => {
    const good = settings.urls;
    expect(await probeAddresses(http, good)).toEqual({ tfsoApi: null, tfsoWebservices: null, busyApi: null, busyWeb: null });
    const swapped = await probeAddresses(http, {
      ...good,
      tfsoApi: good.tfsoWebservices,
      busyApi: `${busy.web}/v2`,
      busyWeb: 'http://127.0.0.1:9',
    });
    expect(swapped.tfsoWebservices).toBeNull();
    expect(swapped.tfsoApi).toMatchObject({ code: 'wrong_address', substitutions: [good.tfsoWebservices, 'Authenticate'] });
    expect(swapped.busyApi).toMatchObject({ code: 'wrong_address' });
    expect(swapped.busyWeb).toMatchObject({ code: 'unreachable', substitutions: ['http://127.0.0.1:9'] });
  });
});
