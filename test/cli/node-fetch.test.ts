import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, createNodeFetch, domainMatch, pathMatch } from '../../cli/node-fetch.js';

// Echo server: answers with the Host and Cookie it got; `?set=<Set-Cookie>` (repeatable) sets
// cookies; `/redirect?to=<url>&status=N` redirects.
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
    const set = url.searchParams.getAll('set');
    if (set.length) headers['set-cookie'] = set;
    if (url.pathname === '/redirect') {
      headers.location = url.searchParams.get('to')!;
      res.writeHead(Number(url.searchParams.get('status') ?? 302), headers).end();
      return;
    }
    res
      .writeHead(200, headers)
      .end(JSON.stringify({ host: req.headers.host, cookie: req.headers.cookie ?? null, method: req.method, path: url.pathname }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

const at = (host: string, path = '/', query = '') => `http://${host}:${port}${path}${query}`;
const setQ = (...cookies: string[]) => `?${cookies.map((c) => `set=${encodeURIComponent(c)}`).join('&')}`;
const echo = async (f: typeof fetch, url: string, init?: RequestInit) =>
  (await f(url, init)).json() as Promise<{ host: string; cookie: string | null; method: string; path: string }>;

describe('createNodeFetch', () => {
  it('*.localhost resolves to loopback and the Host header keeps the name', async () => {
    const f = createNodeFetch();
    try {
      expect((await echo(f, at('api.24so.localhost'))).host).toBe(`api.24so.localhost:${port}`);
      expect((await echo(f, at('localhost'))).host).toBe(`localhost:${port}`);
    } finally {
      await f.close();
    }
  });

  it('a host-only cookie goes back to its host and not to the other service host', async () => {
    const f = createNodeFetch();
    try {
      await f(at('api.24so.localhost', '/', setQ('ASP.NET_SessionId=abc; path=/; HttpOnly')));
      expect((await echo(f, at('api.24so.localhost', '/CRM/x'))).cookie).toBe('ASP.NET_SessionId=abc');
      expect((await echo(f, at('webservices.24so.localhost'))).cookie).toBeNull();
      expect(f.jar.get(at('webservices.24so.localhost'), 'ASP.NET_SessionId')).toBeUndefined();
    } finally {
      await f.close();
    }
  });

  it('a Domain cookie set by the web app is sent to the API host of the same domain, not elsewhere', async () => {
    const f = createNodeFetch();
    try {
      await f(at('app.busy.localhost', '/login', setQ('busy_session=s1; Path=/; Domain=busy.localhost; HttpOnly; SameSite=Lax')));
      expect((await echo(f, at('api.busy.localhost', '/v2/users'))).cookie).toBe('busy_session=s1');
      expect((await echo(f, at('busy.localhost'))).cookie).toBe('busy_session=s1');
      expect((await echo(f, at('api.24so.localhost'))).cookie).toBeNull();
    } finally {
      await f.close();
    }
  });

  it('a Domain the host does not belong to is refused, as a browser refuses it', async () => {
    const f = createNodeFetch();
    try {
      await f(at('app.busy.localhost', '/', setQ('evil=1; Domain=24so.localhost', 'tld=1; Domain=localhost')));
      expect((await echo(f, at('api.24so.localhost'))).cookie).toBeNull();
      expect((await echo(f, at('app.busy.localhost'))).cookie).toBeNull();
    } finally {
      await f.close();
    }
  });

  it('cookies set on a redirect are kept and sent on the next hop; 303 turns POST into GET', async () => {
    const f = createNodeFetch();
    try {
      const to = at('app.busy.localhost', '/projects');
      const res = await f(
        at(
          'app.busy.localhost',
          '/redirect',
          `?status=303&to=${encodeURIComponent(to)}&set=${encodeURIComponent('busy_session=r1; Path=/')}`,
        ),
        { method: 'POST', body: 'email=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      );
      const body = await res.json();
      expect(body).toMatchObject({ path: '/projects', method: 'GET', cookie: 'busy_session=r1' });
    } finally {
      await f.close();
    }
  });

  it('redirect: "manual" returns the redirect itself', async () => {
    const f = createNodeFetch();
    try {
      const res = await f(at('localhost', '/redirect', `?to=${encodeURIComponent('/elsewhere')}`), { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/elsewhere');
    } finally {
      await f.close();
    }
  });

  it('credentials: "omit" neither sends nor stores cookies', async () => {
    const f = createNodeFetch();
    try {
      f.jar.set(at('localhost'), 'a', '1');
      expect((await echo(f, at('localhost'), { credentials: 'omit' })).cookie).toBeNull();
      await f(at('localhost', '/', setQ('b=2')), { credentials: 'omit' });
      expect(f.jar.get(at('localhost'), 'b')).toBeUndefined();
    } finally {
      await f.close();
    }
  });

  it('jar.set() puts a cookie on one host like browser.cookies.set, and it is sent from then on', async () => {
    const f = createNodeFetch();
    try {
      f.jar.set(at('webservices.24so.localhost'), 'ASP.NET_SessionId', 'copied');
      expect((await echo(f, at('webservices.24so.localhost', '/Project/V001/ProjectService.asmx'))).cookie).toBe(
        'ASP.NET_SessionId=copied',
      );
      expect((await echo(f, at('api.24so.localhost'))).cookie).toBeNull();
    } finally {
      await f.close();
    }
  });
});

describe('CookieJar', () => {
  const u = 'http://app.busy.localhost:1/';

  it('a Max-Age cookie is sent until it expires and not after', () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.setFromHeader(u, 's=1; Max-Age=60');
    expect(jar.get(u, 's')).toBe('1');
    now += 59_000;
    expect(jar.get(u, 's')).toBe('1');
    now += 2_000;
    expect(jar.get(u, 's')).toBeUndefined();
    expect(jar.list()).toEqual([]);
  });

  it('Expires in the past deletes the cookie; Max-Age wins over Expires', () => {
    const now = Date.parse('2026-11-20T09:00:00Z');
    const jar = new CookieJar(() => now);
    jar.setFromHeader(u, 's=1');
    jar.setFromHeader(u, 's=; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(jar.get(u, 's')).toBeUndefined();
    jar.setFromHeader(u, 't=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=100');
    expect(jar.get(u, 't')).toBe('1');
    jar.setFromHeader(u, 't=1; Max-Age=0');
    expect(jar.get(u, 't')).toBeUndefined();
  });

  it('a cookie with the same name, domain and path replaces the old one; another path does not', () => {
    const jar = new CookieJar();
    jar.setFromHeader(u, 'a=1; Path=/');
    jar.setFromHeader(u, 'a=2; Path=/');
    jar.setFromHeader(u, 'a=3; Path=/v2');
    expect(
      jar
        .list()
        .map((c) => `${c.path}:${c.value}`)
        .sort(),
    ).toEqual(['/:2', '/v2:3']);
    // Longer path first, as a browser orders them.
    expect(jar.header('http://app.busy.localhost:1/v2/users')).toBe('a=3; a=2');
    expect(jar.header('http://app.busy.localhost:1/v20')).toBe('a=2');
  });

  it('a host-only and a Domain cookie of the same name live side by side', () => {
    const jar = new CookieJar();
    jar.setFromHeader(u, 'a=host');
    jar.setFromHeader(u, 'a=dom; Domain=busy.localhost');
    expect(
      jar
        .getAll(u)
        .map((c) => c.value)
        .sort(),
    ).toEqual(['dom', 'host']);
    expect(jar.getAll('http://api.busy.localhost:1/').map((c) => c.value)).toEqual(['dom']);
  });

  it("without Path the default path is the request path's directory", () => {
    const jar = new CookieJar();
    jar.setFromHeader('http://h.localhost/a/b/c', 'x=1');
    expect(jar.get('http://h.localhost/a/b/other', 'x')).toBe('1');
    expect(jar.get('http://h.localhost/a/', 'x')).toBeUndefined();
  });

  it('clear() forgets everything', () => {
    const jar = new CookieJar();
    jar.set(u, 'a', '1');
    jar.clear();
    expect(jar.get(u, 'a')).toBeUndefined();
  });

  it('domainMatch and pathMatch follow RFC 6265', () => {
    expect(domainMatch('api.busy.localhost', 'busy.localhost')).toBe(true);
    expect(domainMatch('xbusy.localhost', 'busy.localhost')).toBe(false);
    expect(domainMatch('127.0.0.1', '0.0.1')).toBe(false);
    expect(pathMatch('/v2/users', '/v2')).toBe(true);
    expect(pathMatch('/v20', '/v2')).toBe(false);
    expect(pathMatch('/v2/', '/v2/')).toBe(true);
  });
});
