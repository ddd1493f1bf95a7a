// Busy REST /v2 client: auth (token or the browser's web session cookie), {data} envelopes
// validated with zod, problem+json → typed errors, rate limits (429 + RateLimit-* headers) with a
// pause shared by every request of the client, and paging.
import { z } from 'zod';
import { BadResponseError, formatPath, MissingScopeError, RateLimitedError, RemoteFaultError, SessionMissingError } from '../core/errors';
import { looksLikeHtml, sendRequest, type HeaderReader, type HttpAnswer, type HttpFetch, type RequestGate } from '../core/http';
import { operationName, scopesFor } from './operations';

export type BusyAuth = { kind: 'token'; token: string } | { kind: 'cookie' };

export type QueryScalar = string | number | boolean | Date;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type Query = Record<string, QueryValue>;

export interface BusyClientOptions {
  http: HttpFetch;
  /** e.g. https://api.busy.no/v2 */
  apiBase: string;
  /** Token → `Authorization: Bearer`; cookie → nothing added, the injected http sends the
   * browser's Busy session cookie (credentials: 'include'). */
  auth: BusyAuth;
  sleep: (ms: number) => Promise<void>;
  now: () => Date | number;
  timeoutMs?: number;
  /** 429 answers retried per request before giving up with RateLimitedError. Default 3. */
  maxRetries?: number;
  /** Longest pause the client waits out itself; longer ones throw RateLimitedError so the caller
   * can reschedule (an MV3 worker must not sleep for minutes). Default 60 s. */
  maxWaitMs?: number;
  /** Below this many remaining requests the client spreads the rest over the reset window. Default 3. */
  lowWater?: number;
  /** Asked before each request, retries included (the pacer: utils/pacer); none = send at once. */
  gate?: RequestGate;
}

export interface RequestOptions {
  /** Values for `{name}` placeholders in the path template. */
  params?: Record<string, string>;
  query?: Query;
}

export interface BusyClient {
  get<S extends z.ZodType>(path: string, schema: S, opts?: RequestOptions): Promise<z.output<S>>;
  post<S extends z.ZodType>(path: string, body: unknown, schema: S, opts?: RequestOptions): Promise<z.output<S>>;
  patch<S extends z.ZodType>(path: string, body: unknown, schema: S, opts?: RequestOptions): Promise<z.output<S>>;
  /** Every page (limit=100, offset…) until a short page. `query` must not hold limit/offset. */
  listAll<S extends z.ZodType>(
    path: string,
    query: Query,
    itemSchema: S,
    opts?: { params?: Record<string, string> },
  ): Promise<z.output<S>[]>;
  /** DELETE: any 2xx is success (Busy answers 204 without a body); the body, if any, is ignored. */
  del(path: string, opts?: RequestOptions): Promise<void>;
  /** Busy's own clock now, estimated from the `Date` header of the latest answer plus the local
   * time passed since (monotonic); null before any answer carried one. The coordination between
   * installations compares Busy's timestamps (`updatedAt`) with it, never with a browser's clock. */
  serverTime(): number | null;
  readonly auth: BusyAuth['kind'];
  /** The longest rate-limit pause this client waits out itself (see BusyClientOptions). */
  readonly maxWaitMs: number;
  /**
   * The same client for one run: its own request count, pacer gate and longest wait, sharing this
   * client's rate-limit pause and Busy's clock. The background keeps one Busy client; each sync run
   * and hour pass takes a view of it, so a 429 seen by one pauses them all.
   */
  view(v: ClientView): BusyClient;
}

export interface ClientView {
  /** Around this view's HTTP (the pacer's observer for requests outside a run). */
  through?: (http: HttpFetch) => HttpFetch;
  /** Told of every HTTP request this view sends (retries included). */
  onRequest?: () => void;
  gate?: RequestGate;
  maxWaitMs?: number;
}

/** What every view of one client shares. */
interface SharedState {
  /** Nothing is sent before this instant. */
  pausedUntil: number;
  /** The latest `Date` header seen, and the monotonic local time it arrived. */
  serverDate: { at: number; local: number } | null;
}

export const BUSY_PAGE_SIZE = 100;
const MAX_PAGES = 10_000;

export function createBusyClient(o: BusyClientOptions): BusyClient {
  return clientOn(o, { pausedUntil: 0, serverDate: null });
}

function clientOn(o: BusyClientOptions, shared: SharedState): BusyClient {
  const base = o.apiBase.replace(/\/+$/, '');
  const maxRetries = o.maxRetries ?? 3;
  const maxWaitMs = o.maxWaitMs ?? 60_000;
  const lowWater = o.lowWater ?? 3;
  const nowMs = () => {
    const n = o.now();
    return typeof n === 'number' ? n : n.getTime();
  };
  const noteDate = (h: HeaderReader) => {
    const d = h.get('date');
    const at = d ? Date.parse(d) : Number.NaN;
    if (!Number.isNaN(at)) shared.serverDate = { at, local: monotonic() };
  };

  /** Shared by all requests of every view: nothing is sent before the pause ends. */
  const pauseFor = (ms: number) => {
    shared.pausedUntil = Math.max(shared.pausedUntil, nowMs() + ms);
  };

  async function gate(): Promise<void> {
    for (let wait = shared.pausedUntil - nowMs(); wait > 0; wait = shared.pausedUntil - nowMs()) {
      if (wait > maxWaitMs) throw new RateLimitedError('busy', wait, { until: new Date(shared.pausedUntil) });
      await o.sleep(wait);
    }
  }

  function noteRateHeaders(h: HeaderReader): void {
    const remaining = numHeader(h, 'ratelimit-remaining');
    const reset = numHeader(h, 'ratelimit-reset');
    if (remaining === null || reset === null) return;
    if (remaining <= 0) pauseFor(reset * 1000);
    else if (remaining < lowWater) pauseFor((reset * 1000) / (remaining + 1));
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    template: string,
    schema: S | null,
    body: unknown,
    opts: RequestOptions = {},
  ): Promise<z.output<S>> {
    const operation = operationName(method, template);
    const refusal: Refusal = { operation, scopes: () => scopesFor(method, template), via: o.auth.kind };
    const url = base + fillPath(template, opts.params ?? {}) + encodeQuery(opts.query ?? {});
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (o.auth.kind === 'token') headers.Authorization = `Bearer ${o.auth.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    for (let attempt = 0; ; attempt++) {
      await gate();
      const answer = await sendRequest({
        http: o.http,
        gate: o.gate,
        url,
        system: 'busy',
        operation,
        timeoutMs: o.timeoutMs,
        init: { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      });
      noteRateHeaders(answer.headers);
      noteDate(answer.headers);
      if (answer.status === 429) {
        const waitMs = retryWaitMs(answer.headers, nowMs());
        pauseFor(waitMs);
        if (attempt >= maxRetries) throw new RateLimitedError('busy', waitMs, { until: new Date(nowMs() + waitMs) });
        continue;
      }
      if (schema === null) return readNoContent(refusal, answer) as z.output<S>;
      return readAnswer(refusal, answer, schema);
    }
  }

  const client: BusyClient = {
    auth: o.auth.kind,
    maxWaitMs,
    serverTime: () => (shared.serverDate ? shared.serverDate.at + (monotonic() - shared.serverDate.local) : null),
    view: (v) =>
      clientOn(
        {
          ...o,
          http: ((h: HttpFetch) => (v.onRequest ? counted(h, v.onRequest) : h))(v.through ? v.through(o.http) : o.http),
          gate: v.gate ?? o.gate,
          maxWaitMs: v.maxWaitMs ?? o.maxWaitMs,
        },
        shared,
      ),
    get: (path, schema, opts) => request('GET', path, schema, undefined, opts),
    post: (path, body, schema, opts) => request('POST', path, schema, body, opts),
    patch: (path, body, schema, opts) => request('PATCH', path, schema, body, opts),
    del: async (path, opts) => {
      await request('DELETE', path, null, undefined, opts);
    },
    async listAll(path, query, itemSchema, opts = {}) {
      if ('limit' in query || 'offset' in query) throw new Error('listAll sets limit and offset itself');
      const page = async (offset: number) =>
        validatePage(
          operationName('GET', path),
          await request('GET', path, UNKNOWN_PAGE, undefined, {
            params: opts.params,
            query: { ...query, limit: BUSY_PAGE_SIZE, offset },
          }),
          itemSchema,
          offset,
        );
      const all: z.output<typeof itemSchema>[] = await page(0);
      if (all.length < BUSY_PAGE_SIZE) return all;
      // A full first page: the list is long (every user, every project on a complete run), so the
      // next pages are asked PAGE_AHEAD at a time instead of one round trip each. Reading past
      // the end costs at most PAGE_AHEAD - 1 empty pages; pages are still taken in offset order.
      const ahead: Promise<z.output<typeof itemSchema>[]>[] = [];
      let next = BUSY_PAGE_SIZE;
      for (let n = 1; n < MAX_PAGES; n++) {
        while (ahead.length < PAGE_AHEAD && next < MAX_PAGES * BUSY_PAGE_SIZE) {
          const p = page(next);
          p.catch(() => undefined); // awaited in its turn, or abandoned past the end
          ahead.push(p);
          next += BUSY_PAGE_SIZE;
        }
        const items = await ahead.shift()!;
        all.push(...items);
        if (items.length < BUSY_PAGE_SIZE) return all;
      }
      throw new BadResponseError(operationName('GET', path), 'data', `more than ${MAX_PAGES} pages`);
    },
  };
  return client;
}

const UNKNOWN_PAGE = z.array(z.unknown());
const counted =
  (http: HttpFetch, tally: () => void): HttpFetch =>
  (u, i) => {
    tally();
    return http(u, i);
  };
/** Local elapsed time that no clock change moves (service worker and Node both have it). */
const monotonic = () => globalThis.performance.now();
/** Pages of one long list in flight at once (see listAll). */
const PAGE_AHEAD = 3;

function validatePage<S extends z.ZodType>(operation: string, raw: unknown, itemSchema: S, offset: number): z.output<S>[] {
  if (!Array.isArray(raw)) throw new BadResponseError(operation, 'data', 'expected a list');
  if (raw.length > BUSY_PAGE_SIZE) throw new BadResponseError(operation, 'data', `page longer than limit=${BUSY_PAGE_SIZE}`);
  return raw.map((item, i) => {
    const r = itemSchema.safeParse(item);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    // Name the index within the whole listing, not the page, so the record can be found.
    throw new BadResponseError(operation, `data[${offset + i}]${suffix(issue.path)}`, issue.message);
  });
}

const suffix = (path: readonly PropertyKey[]) => {
  const p = formatPath(path);
  return p === '' ? '' : p.startsWith('[') ? p : `.${p}`;
};

function readAnswer<S extends z.ZodType>(refusal: Refusal, a: HttpAnswer, schema: S): z.output<S> {
  const { operation } = refusal;
  if (a.status === 401) throw new SessionMissingError('busy', `${operation} answered 401`);
  if (a.status === 403) throw forbidden(refusal, a);
  const ok = a.status >= 200 && a.status < 300;
  if (looksLikeHtml(a.headers, a.text)) {
    // An expired web session is redirected to the login page, which arrives as 200 text/html.
    if (ok) throw new SessionMissingError('busy', `${operation} answered a web page`);
    throw new RemoteFaultError('busy', operation, `HTTP ${a.status}`, a.status);
  }
  let json: unknown;
  let jsonOk = true;
  try {
    json = JSON.parse(a.text);
  } catch {
    jsonOk = false;
  }
  if (!ok) {
    const msg = jsonOk ? problemMessage(json) : null;
    throw new RemoteFaultError('busy', operation, msg ?? `HTTP ${a.status}`, a.status);
  }
  if (!jsonOk) throw new BadResponseError(operation, '(body)', 'not JSON');
  if (!json || typeof json !== 'object' || Array.isArray(json) || !('data' in json)) {
    throw new BadResponseError(operation, '(body)', 'no {data} envelope');
  }
  const r = schema.safeParse((json as { data: unknown }).data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new BadResponseError(operation, `data${suffix(issue.path)}`, issue.message);
}

/** For answers with nothing to read (DELETE → 204): only the status matters. */
function readNoContent(r: Refusal, a: HttpAnswer): undefined {
  const { operation } = r;
  if (a.status === 401) throw new SessionMissingError('busy', `${operation} answered 401`);
  if (a.status === 403) throw forbidden(r, a);
  const ok = a.status >= 200 && a.status < 300;
  if (looksLikeHtml(a.headers, a.text)) {
    if (ok) throw new SessionMissingError('busy', `${operation} answered a web page`);
    throw new RemoteFaultError('busy', operation, `HTTP ${a.status}`, a.status);
  }
  if (ok) return undefined;
  let msg: string | null = null;
  try {
    msg = problemMessage(JSON.parse(a.text));
  } catch {
    // not JSON: fall back to the status
  }
  throw new RemoteFaultError('busy', operation, msg ?? `HTTP ${a.status}`, a.status);
}

/** What a 403 needs to say which scope was missing. */
interface Refusal {
  operation: string;
  scopes: () => readonly string[];
  via: BusyAuth['kind'];
}

/**
 * 403: the token lacks a scope this operation needs (per the spec's `security`; Busy's own message
 * does not say which), or, on the web session, the person lacks the right. The error names the
 * operation's scopes from operations.ts and what the admin does about it.
 */
function forbidden(r: Refusal, a: HttpAnswer): MissingScopeError {
  let msg: string | null = null;
  try {
    msg = problemMessage(JSON.parse(a.text));
  } catch {
    // not JSON: the status says enough
  }
  return new MissingScopeError(r.operation, r.scopes(), r.via === 'token' ? 'token' : 'session', msg ?? 'HTTP 403');
}

/** Busy's RFC 7807 body: {error: {name, message, payload?}, trackingId}. */
function problemMessage(json: unknown): string | null {
  if (!json || typeof json !== 'object') return null;
  const err = (json as { error?: unknown }).error;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return null;
}

function numHeader(h: HeaderReader, name: string): number | null {
  const v = h.get(name);
  if (v === null || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** How long a 429 asks us to stop: Retry-After (seconds or HTTP date), and at least
 * RateLimit-Reset, which Busy's docs say to wait out before retrying. 1 s if neither is given. */
export function retryWaitMs(h: HeaderReader, nowMs: number): number {
  let ms: number | null = null;
  const ra = h.get('retry-after');
  if (ra !== null) {
    const secs = Number(ra.trim());
    if (ra.trim() !== '' && Number.isFinite(secs) && secs >= 0) ms = secs * 1000;
    else {
      const at = Date.parse(ra);
      if (!Number.isNaN(at)) ms = Math.max(0, at - nowMs);
    }
  }
  const reset = numHeader(h, 'ratelimit-reset');
  if (reset !== null) ms = Math.max(ms ?? 0, reset * 1000);
  return ms ?? 1000;
}

export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(v);
  });
}

/** `?a=1&ids=1&ids=2`: arrays repeat the key, as Busy expects. */
export function encodeQuery(q: Query): string {
  const sp = new URLSearchParams();
  const enc = (v: QueryScalar) => (v instanceof Date ? v.toISOString() : String(v));
  for (const [k, v] of Object.entries(q)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) for (const x of v as readonly QueryScalar[]) sp.append(k, enc(x));
    else sp.append(k, enc(v as QueryScalar));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
