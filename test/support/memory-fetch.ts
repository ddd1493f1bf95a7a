// The in-memory transport: the engine's HttpFetch answered by the simulators' own request handlers
// (`sim.handle`), with no socket, no HTTP parsing and no event-loop round trip through the kernel.
// The same simulators, the same state, the same faults and the same cookie jar as over loopback
// (cli/node-fetch.ts): only the wire is gone. For fast engine unit tests (test/support/sim-pair.ts,
// `transport: 'memory'`); the loopback HTTP pair stays the proof that the product speaks HTTP.
//
// What a wire would add and this keeps: the Host header (the sims route by it), cookies per host
// (RFC 6265, the shared jar), redirects followed as fetch does, `credentials: 'omit'`, an abort
// signal, a connection the server drops (`lostAnswer`: the fetch fails) or cuts mid-body
// (`truncated`: reading the body fails).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { CookieJar } from '../../cli/node-fetch';
import type { HttpFetch, HttpResponse } from '../../utils/core/http';
import { plainHeaders } from './lean-fetch';

/** A simulator as the transport sees it: its port and its request handler. */
export interface MemoryServer {
  port: number;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export type MemoryFetch = HttpFetch & { jar: CookieJar; requests(): number };

const REDIRECT = new Set([301, 302, 303, 307, 308]);

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Promise<string>;
}

/** One request through `server.handle`: a request stream in, the response captured. */
function exchange(
  server: MemoryServer,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal?: AbortSignal | null,
) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = Readable.from(body === undefined ? [] : [Buffer.from(body, 'utf8')]) as Readable & Partial<IncomingMessage>;
    Object.assign(req, {
      method,
      url: url.pathname + url.search,
      headers: { ...headers, host: url.host },
      complete: false,
    });
    req.on('end', () => Object.assign(req, { complete: true }));

    const out: Record<string, string | string[]> = {};
    const chunks: Buffer[] = [];
    let status = 200;
    let headersSent = false;
    let ended = false;
    let bodyDone: (s: string) => void = () => undefined;
    let bodyFailed: (e: Error) => void = () => undefined;
    const bodyPromise = new Promise<string>((ok, fail) => {
      bodyDone = ok;
      bodyFailed = fail;
    });
    bodyPromise.catch(() => undefined); // read or not, a cut body must not be an unhandled rejection

    const answer = () => {
      if (headersSent) return;
      headersSent = true;
      resolve({ status, headers: out, body: bodyPromise });
    };
    const drop = () => {
      if (ended) return;
      ended = true;
      const e = new TypeError('fetch failed', { cause: new Error('other side closed (in-memory transport)') });
      if (headersSent) bodyFailed(e);
      else reject(e);
    };
    const socket = { destroy: drop };
    const setHeader = (k: string, v: string | number | readonly string[]) => {
      out[k.toLowerCase()] = Array.isArray(v) ? [...v].map(String) : String(v);
    };
    const res = {
      sendDate: false,
      socket,
      get headersSent() {
        return headersSent;
      },
      setHeader,
      getHeader: (k: string) => out[k.toLowerCase()],
      writeHead(code: number, h?: Record<string, string | number | readonly string[]>) {
        status = code;
        for (const [k, v] of Object.entries(h ?? {})) setHeader(k, v);
        answer();
        return res;
      },
      write(chunk: string | Buffer, cb?: () => void) {
        answer();
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
        queueMicrotask(() => cb?.());
        return true;
      },
      end(chunk?: string | Buffer) {
        if (chunk !== undefined) res.write(chunk);
        answer();
        if (ended) return res;
        ended = true;
        bodyDone(Buffer.concat(chunks).toString('utf8'));
        return res;
      },
      destroy: drop,
    };

    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', () => {
      if (!headersSent) reject(signal.reason);
      else if (!ended) bodyFailed(signal.reason);
    });
    server.handle(req as IncomingMessage, res as unknown as ServerResponse);
  });
}

function headerReader(raw: Record<string, string | string[]>): HttpResponse['headers'] {
  return {
    get(name: string) {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** A fetch that answers from the servers by port; `jar`: share one with a loopback fetch. */
export function createMemoryFetch(servers: MemoryServer[], opts: { jar?: CookieJar } = {}): MemoryFetch {
  const jar = opts.jar ?? new CookieJar();
  const byPort = new Map(servers.map((s) => [String(s.port), s]));
  let count = 0;

  const f = async (input: string, init: RequestInit = {}): Promise<HttpResponse> => {
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    const headers = plainHeaders(init.headers);
    let body = init.body === null || init.body === undefined ? undefined : String(init.body);
    const useJar = init.credentials !== 'omit';
    const userCookie = headers.cookie;
    for (let hop = 0; ; hop++) {
      const server = byPort.get(url.port);
      if (!server) throw new TypeError(`fetch failed: nothing listens on ${url.host} (in-memory transport)`);
      const h = { ...headers };
      const fromJar = useJar ? jar.header(url) : undefined;
      const cookie = [fromJar, userCookie].filter(Boolean).join('; ');
      if (cookie) h.cookie = cookie;
      else delete h.cookie;
      if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body, 'utf8'));
      count++;
      const res = await exchange(server, url, method, h, body, init.signal);
      const setCookie = res.headers['set-cookie'];
      if (useJar && setCookie) for (const sc of Array.isArray(setCookie) ? setCookie : [setCookie]) jar.setFromHeader(url, sc);
      const location = res.headers.location;
      if (!REDIRECT.has(res.status) || typeof location !== 'string' || init.redirect === 'manual') {
        return { status: res.status, headers: headerReader(res.headers), text: () => res.body };
      }
      if (init.redirect === 'error') throw new TypeError(`redirect to ${location} refused (redirect: 'error')`);
      if (hop >= 20) throw new TypeError('too many redirects (20)');
      const next = new URL(location, url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        for (const k of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headers[k];
      }
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
    }
  };
  return Object.assign(f as HttpFetch, { jar, requests: () => count });
}
