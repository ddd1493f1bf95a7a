// A lean HTTP client for the benchmark, with the same browser-like behaviour towards the
// simulators as createNodeFetch (node-fetch.ts: `*.localhost` → loopback, the same cookie jar,
// redirects followed as fetch does) but built on undici's `request` instead of its WHATWG
// `fetch`. Why: in the browser `fetch` is native code, while in Node undici's `fetch` spends
// ~0.25 ms of JavaScript per request on Request/Headers/AbortSignal/web-stream objects, more than
// the engine's own work per request. The benchmark measures the engine, and its floor replays the
// same requests through this same client, so both sides pay the same (smaller) HTTP cost.
//
// It answers what the product's clients read (utils/core/http.ts HttpResponse: status, headers.get,
// text), nothing more: tests that need a full `Response` keep using createNodeFetch.
import { Agent, request } from 'undici';
import type { HttpFetch, HttpResponse } from '../../utils/core/http';
import { CookieJar, localhostLookup } from '../../cli/node-fetch';

export type LeanFetch = HttpFetch & { jar: CookieJar; close(): Promise<void> };

const REDIRECT = new Set([301, 302, 303, 307, 308]);

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export function plainHeaders(h: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers)
    h.forEach((v, k) => {
      out[k] = v;
    });
  else if (Array.isArray(h)) for (const [k, v] of h) out[k!.toLowerCase()] = v!;
  else for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function headerReader(raw: Record<string, string | string[] | undefined>): HttpResponse['headers'] {
  return {
    get(name: string) {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

export function createLeanFetch(opts: { jar?: CookieJar } = {}): LeanFetch {
  const jar = opts.jar ?? new CookieJar();
  const agent = new Agent({ connect: { lookup: localhostLookup } });

  const f = async (input: string, init: RequestInit = {}): Promise<HttpResponse> => {
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    const headers = plainHeaders(init.headers);
    let body = init.body === null || init.body === undefined ? undefined : String(init.body);
    const useJar = init.credentials !== 'omit';
    const userCookie = headers.cookie;
    for (let hop = 0; ; hop++) {
      const h = { ...headers };
      const fromJar = useJar ? jar.header(url) : undefined;
      const cookie = [fromJar, userCookie].filter(Boolean).join('; ');
      if (cookie) h.cookie = cookie;
      else delete h.cookie;
      const res = await request(url, { method: method as Method, headers: h, body, signal: init.signal ?? undefined, dispatcher: agent });
      const setCookie = res.headers['set-cookie'];
      if (useJar && setCookie) for (const sc of Array.isArray(setCookie) ? setCookie : [setCookie]) jar.setFromHeader(url, sc);
      const location = res.headers.location;
      if (!REDIRECT.has(res.statusCode) || typeof location !== 'string' || init.redirect === 'manual') {
        return { status: res.statusCode, headers: headerReader(res.headers), text: () => res.body.text() };
      }
      if (init.redirect === 'error') throw new TypeError(`redirect to ${location} refused (redirect: 'error')`);
      if (hop >= 20) throw new TypeError('too many redirects (20)');
      await res.body.dump();
      const next = new URL(location, url);
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        for (const k of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headers[k];
      }
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
    }
  };
  return Object.assign(f as HttpFetch, { jar, close: () => agent.close() });
}
