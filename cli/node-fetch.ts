// A `fetch` for Node-side tests and scripts that behaves like a browser towards the simulators:
// `*.localhost` resolves to loopback (Node's DNS does not do that), and cookies are kept per host
// with RFC 6265 semantics, so "the session cookie is on one host only" fails here as in a browser.
//
// Cookies are sent on every request that matches them (as a browser does for same-site requests);
// `credentials: 'omit'` neither sends nor stores. SameSite and HttpOnly are recorded but not
// enforced: there is no page or script origin on the Node side.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

// ---------------------------------------------------------------- cookie jar

export interface Cookie {
  name: string;
  value: string;
  /** Lower-case host (host-only) or domain, without a leading dot. */
  domain: string;
  hostOnly: boolean;
  path: string;
  /** Epoch ms; undefined = session cookie. */
  expires?: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  created: number;
}

export interface CookieSetOptions {
  domain?: string;
  path?: string;
  expires?: Date | number;
  secure?: boolean;
  httpOnly?: boolean;
}

const isIp = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');

/** RFC 6265 5.1.3. */
export function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true;
  return !isIp(host) && host.endsWith(`.${domain}`);
}

/** RFC 6265 5.1.4. */
export function pathMatch(reqPath: string, cookiePath: string): boolean {
  if (reqPath === cookiePath) return true;
  if (!reqPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || reqPath[cookiePath.length] === '/';
}

function defaultPath(url: URL): string {
  const p = url.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

export class CookieJar {
  private cookies: Cookie[] = [];
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores one `Set-Cookie` header value received from `url`; returns false if rejected. */
  setFromHeader(url: string | URL, header: string): boolean {
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const [pair, ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0) return false;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!name) return false;
    let domainAttr: string | undefined;
    let path: string | undefined;
    let expires: number | undefined;
    let maxAge: number | undefined;
    let secure = false,
      httpOnly = false;
    let sameSite: string | undefined;
    for (const a of attrs) {
      const i = a.indexOf('=');
      const key = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? '' : a.slice(i + 1).trim();
      if (key === 'domain' && val) domainAttr = val.replace(/^\./, '').toLowerCase();
      else if (key === 'path' && val.startsWith('/')) path = val;
      else if (key === 'expires') {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
      } else if (key === 'max-age' && /^-?\d+$/.test(val)) maxAge = Number(val);
      else if (key === 'secure') secure = true;
      else if (key === 'httponly') httpOnly = true;
      else if (key === 'samesite') sameSite = val;
    }
    const now = this.now();
    if (maxAge !== undefined) expires = maxAge <= 0 ? 0 : now + maxAge * 1000;
    let hostOnly = true;
    let domain = host;
    if (domainAttr) {
      // A browser refuses a Domain the host does not belong to, and a bare single label (public suffix).
      if (!domainMatch(host, domainAttr)) return false;
      if (domainAttr !== host && !domainAttr.includes('.')) return false;
      hostOnly = false;
      domain = domainAttr;
    }
    if (secure && u.protocol !== 'https:' && host !== 'localhost' && !host.endsWith('.localhost') && host !== '127.0.0.1') return false;
    this.store({ name, value, domain, hostOnly, path: path ?? defaultPath(u), expires, secure, httpOnly, sameSite, created: 0 });
    return true;
  }

  /** Like `browser.cookies.set`: host-only for `url`'s host unless `domain` is given; path defaults to `/`. */
  set(url: string | URL, name: string, value: string, opts: CookieSetOptions = {}): void {
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const domain = opts.domain?.replace(/^\./, '').toLowerCase();
    if (domain && !domainMatch(host, domain)) throw new Error(`cookie domain ${domain} does not match ${host}`);
    const expires = opts.expires === undefined ? undefined : typeof opts.expires === 'number' ? opts.expires : opts.expires.getTime();
    this.store({
      name,
      value,
      domain: domain ?? host,
      hostOnly: !domain,
      path: opts.path ?? '/',
      expires,
      secure: opts.secure ?? false,
      httpOnly: opts.httpOnly ?? false,
      created: 0,
    });
  }

  private store(c: Cookie): void {
    const i = this.cookies.findIndex((x) => x.name === c.name && x.domain === c.domain && x.path === c.path && x.hostOnly === c.hostOnly);
    const old = i >= 0 ? this.cookies[i] : undefined;
    if (i >= 0) this.cookies.splice(i, 1);
    if (c.expires !== undefined && c.expires <= this.now()) return; // an expiry in the past deletes
    this.cookies.push({ ...c, created: old?.created ?? ++this.seq });
  }

  /** The cookies a request to `url` carries, in the order a browser sends them. */
  getAll(url: string | URL): Cookie[] {
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const now = this.now();
    this.cookies = this.cookies.filter((c) => c.expires === undefined || c.expires > now);
    return this.cookies
      .filter(
        (c) =>
          (c.hostOnly ? host === c.domain : domainMatch(host, c.domain)) &&
          pathMatch(u.pathname || '/', c.path) &&
          (!c.secure || u.protocol === 'https:' || host.endsWith('localhost')),
      )
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
  }

  /** The value of cookie `name` a request to `url` would carry, if any. */
  get(url: string | URL, name: string): string | undefined {
    return this.getAll(url).find((c) => c.name === name)?.value;
  }

  header(url: string | URL): string | undefined {
    const all = this.getAll(url);
    return all.length ? all.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** Removes cookie `name` as stored for `url`'s host (host-only) or the given domain. */
  remove(url: string | URL, name: string, domain?: string): void {
    const host = new URL(url).hostname.toLowerCase();
    const d = domain?.replace(/^\./, '').toLowerCase() ?? host;
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.domain === d));
  }

  list(): Cookie[] {
    return this.cookies.map((c) => ({ ...c }));
  }

  clear(): void {
    this.cookies = [];
  }
}

// ---------------------------------------------------------------- fetch

/** Resolves `localhost` and `*.localhost` to loopback, everything else through the system. */
export const localhostLookup: LookupFunction = (hostname, options, callback) => {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) {
    if ((options as dns.LookupOptions).all)
      (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, callback as never);
};

export type NodeFetch = typeof globalThis.fetch & {
  jar: CookieJar;
  /** Closes the pooled connections (call in afterAll so the test process exits promptly). */
  close(): Promise<void>;
};

export interface NodeFetchOptions {
  jar?: CookieJar;
  /** Clock for cookie expiry (epoch ms). */
  now?: () => number;
  maxRedirects?: number;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

export function createNodeFetch(opts: NodeFetchOptions = {}): NodeFetch {
  const jar = opts.jar ?? new CookieJar(opts.now);
  const agent = new Agent({ connect: { lookup: localhostLookup } });
  const maxRedirects = opts.maxRedirects ?? 20;

  const f = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url: URL;
    let method = init.method;
    let headers = new Headers(init.headers);
    let body: BodyInit | null | undefined = init.body;
    if (typeof input === 'object' && 'url' in input && !(input instanceof URL)) {
      url = new URL(input.url);
      method ??= input.method;
      if (!init.headers) headers = new Headers(input.headers);
      if (body === undefined && input.method !== 'GET' && input.method !== 'HEAD') body = await input.arrayBuffer();
      init = { signal: input.signal, redirect: input.redirect, credentials: input.credentials, ...init };
    } else {
      url = new URL(input);
    }
    method = (method ?? 'GET').toUpperCase();
    const useJar = init.credentials !== 'omit';
    const userCookie = headers.get('cookie');

    for (let hop = 0; ; hop++) {
      const h = new Headers(headers);
      const fromJar = useJar ? jar.header(url) : undefined;
      const cookie = [fromJar, userCookie].filter(Boolean).join('; ');
      if (cookie) h.set('cookie', cookie);
      else h.delete('cookie');
      const res = (await undiciFetch(url, {
        method,
        headers: h as never,
        body: body as never,
        signal: init.signal ?? undefined,
        redirect: 'manual',
        dispatcher: agent,
      })) as unknown as Response;
      if (useJar) for (const sc of res.headers.getSetCookie()) jar.setFromHeader(url, sc);
      const location = res.headers.get('location');
      if (!REDIRECT.has(res.status) || !location || init.redirect === 'manual') return res;
      if (init.redirect === 'error') throw new TypeError(`redirect to ${location} refused (redirect: 'error')`);
      if (hop >= maxRedirects) throw new TypeError(`too many redirects (${maxRedirects})`);
      await res.arrayBuffer().catch(() => undefined);
      const next = new URL(location, url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        for (const k of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(k);
      }
      if (next.origin !== url.origin) headers.delete('authorization');
      url = next;
    }
  };

  return Object.assign(f as typeof globalThis.fetch, { jar, close: () => agent.close() });
}
