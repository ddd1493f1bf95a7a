import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './auth.js';
import { ErrorResponseSchema } from './schemas.js';
import { api, control, startHarness, webLogin, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rateLimit: { limit: 1000, windowSec: 60 } });
});
afterAll(async () => {
  await h.close();
});

describe('Busy auth', () => {
  it('[C] Authorization: Bearer <token> is accepted; a wrong or missing token is 401 problem+json', async () => {
    expect((await api(h, 'GET', '/users')).status).toBe(200);
    for (const headers of [{ authorization: 'Bearer nope' }, { authorization: `Token ${h.sim.token}` }]) {
      const r = await api(h, 'GET', '/users', undefined, headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(ErrorResponseSchema.parse(r.json).error.name).toBe('Unauthorized');
    }
    const none = await h.fetch(`${h.sim.api}/users`, { credentials: 'omit' });
    expect(none.status).toBe(401);
  });

  it("[A] the web app's session cookie (Domain busy.localhost) also authenticates the API", async () => {
    const login = await webLogin(h);
    expect(login.status).toBe(200);
    expect(h.fetch.jar.header(new URL(h.sim.api))).toContain(`${SESSION_COOKIE.name}=`);
    const r = await h.fetch(`${h.sim.api}/projects`);
    expect(r.status).toBe(200);
    expect((await r.json()).data.length).toBeGreaterThan(0);
  });

  it('expired web session: the API answers 401, the web app the login page with status 200', async () => {
    await webLogin(h);
    expect((await h.fetch(`${h.sim.web}/approval`)).status).toBe(200);
    h.sim.expireSessions();
    const apiRes = await h.fetch(`${h.sim.api}/projects`);
    expect(apiRes.status).toBe(401);
    const web = await h.fetch(`${h.sim.web}/approval`);
    expect(web.status).toBe(200);
    const html = await web.text();
    expect(html).toContain('id="login-form"');
    expect(html).not.toContain('id="approval-people"');
  });

  it('client mistake: wrong password on the web login gets the form back with an error, no cookie', async () => {
    h.fetch.jar.clear();
    const r = await webLogin(h, h.sim.email, 'feil');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('id="login-error"');
    expect(r.headers.getSetCookie()).toEqual([]);
  });
});

describe('Busy rate limit', () => {
  it('[C] RateLimit headers come with every API answer, errors included', async () => {
    for (const path of ['/users', '/users/9999', '/users?limit=0']) {
      const r = await api(h, 'GET', path);
      expect(r.headers.get('ratelimit-limit'), path).toBe('1000');
      expect(Number(r.headers.get('ratelimit-remaining')), path).toBeGreaterThanOrEqual(0);
      expect(Number(r.headers.get('ratelimit-reset')), path).toBeGreaterThan(0);
    }
  });

  it('[C] 429 carries Retry-After and the RateLimit headers', async () => {
    const res = await control(h, 'POST', '/config', { rateLimit: { limit: 3, windowSec: 30 } });
    expect(res.status).toBe(200);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await api(h, 'GET', '/tags'));
    expect(seen.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(seen[2].headers.get('ratelimit-remaining')).toBe('0');
    const limited = seen[3];
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // The window is timed by the sim clock: once it has passed, requests go through again.
    h.clock.advance(31_000);
    expect((await api(h, 'GET', '/tags')).status).toBe(200);
  });
});
