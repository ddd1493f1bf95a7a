// The strict Busy simulator: one HTTP server, routed by Host. `api.busy.localhost:Q/v2/…` is the
// REST API, `app.busy.localhost:Q/…` the simulated web app, `/_sim/*` (any host) the controls.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimClock } from '../clock.js';
import { handleControl, parseSettings } from '../control.js';
import { applyFault, closeServer, FaultQueue, sendResponse, type SimResponse } from '../faults.js';
import { latency } from '../latency.js';
import type { SeedCompany, SeedName } from '../seeds/types.js';
import { apiRoutes } from './api/index.js';
import { matchRoute, type Match } from './api/router.js';
import { ASSUMED_ROUTES } from './api/tasks.js';
import { apiCaller } from './auth.js';
import { busyControl } from './control.js';
import { ApiError, badRequest, forbidden, methodNotAllowed, notFound, unauthorized } from './problem.js';
import { RateLimiter } from './ratelimit.js';
import { BUSY_DEFAULTS, BUSY_SETTINGS_SHAPE, type BusySettings } from './settings.js';
import { liveSpec, scopesAllow, specPathOfTemplate } from './spec.js';
import { BusyState } from './state.js';
import { handleWeb } from './web/app.js';

export { SESSION_COOKIE } from './auth.js';
export type { BusyState } from './state.js';
export { BUSY_DEFAULTS, BUSY_REAL_LIKE, type BusySettings } from './settings.js';

/** The settings (`settings.ts`: rateLimit, assumedOps, emptyEmails, …) plus where and what to serve. */
export interface BusySimOptions extends Partial<BusySettings> {
  port?: number;
  /** undefined → the `demo` seed; null → the `empty` seed. */
  seed?: SeedCompany | null;
  /** Defaults to a SimClock that starts at the seed's `now` and ticks; `/_sim/clock` needs a SimClock. */
  clock?: () => Date;
}

export interface BusySim {
  port: number;
  /** The server's request handler: what the in-memory transport calls (test/support/memory-fetch.ts). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  api: string;
  web: string;
  token: string;
  email: string;
  password: string;
  state: BusyState;
  faults: FaultQueue;
  counts(): Record<string, number>;
  resetCounts(): void;
  expireSessions(): void;
  /** The settings in force (as `GET /_sim/config`). */
  settings(): BusySettings;
  /** Applies a settings patch (as `POST /_sim/config`); throws on an unknown key or a bad value. */
  configure(patch: Partial<BusySettings>): BusySettings;
  close(): Promise<void>;
}

export const API_HOST = 'api.busy.localhost';
export const WEB_HOST = 'app.busy.localhost';
const MAX_BODY = 5 * 1024 * 1024;

async function loadSeed(name: SeedName): Promise<SeedCompany> {
  // Loaded on demand: a sim given its seed never needs the generator.
  const seeds = await import('../seeds/index.js');
  return seeds.makeSeed(name);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'PayloadTooLarge', 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function jsonResponse(status: number, data: unknown, headers: Record<string, string>): SimResponse {
  if (status === 204) return { status, headers, body: '' };
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify({ data }) };
}

export async function startBusySim(opts: BusySimOptions = {}): Promise<BusySim> {
  const seed = opts.seed === undefined ? await loadSeed('demo') : opts.seed === null ? await loadSeed('empty') : opts.seed;
  const ownClock = opts.clock ? undefined : new SimClock(seed.now);
  const clock = { now: opts.clock ?? ownClock!.fn };
  const state = new BusyState(clock.now);
  const config: BusySettings = { ...BUSY_DEFAULTS };
  const limiter = new RateLimiter(config.rateLimit, clock.now);
  /** Checks and applies a settings patch; nothing changes when any part is bad. */
  const configure = (patch: Record<string, unknown>): BusySettings => {
    const p = parseSettings(BUSY_SETTINGS_SHAPE, patch);
    Object.assign(config, p);
    if (p.rateLimit) limiter.configure(p.rateLimit);
    if (p.emptyEmails !== undefined) state.setEmptyEmails(p.emptyEmails);
    return settings();
  };
  const settings = (): BusySettings => ({
    ...config,
    rateLimit: { ...config.rateLimit },
    tokenScopes: config.tokenScopes && [...config.tokenScopes],
  });
  const given = Object.fromEntries(Object.entries(opts).filter(([k, v]) => k in BUSY_DEFAULTS && v !== undefined));
  try {
    configure(given);
  } catch (e) {
    throw new Error(`startBusySim: ${(e as Error).message}`);
  }
  state.load(seed);
  const faults = new FaultQueue();
  let counts: Record<string, number> = {};

  /**
   * The route for a request under the switches in force: assumed routes are unknown without
   * `assumedOps`, and with `strictPaths` a path must be spelled as the spec spells it.
   */
  function routeOf(method: string, pathname: string): Match | { op: string; error: Error } | undefined {
    const rest = pathname.startsWith('/v2/') || pathname === '/v2' ? pathname.slice(3) : undefined;
    if (rest === undefined) return undefined;
    // The OpenAPI writes collection paths with a trailing slash (`/v2/projects/`); both forms are served unless strictPaths.
    const match = matchRoute(apiRoutes, method, rest.replace(/\/$/, '') || '/');
    if (!match) return undefined;
    if (!config.assumedOps && ASSUMED_ROUTES.has(match.op)) return undefined;
    if (config.strictPaths) {
      const template = match.op.slice(match.op.indexOf(' ') + 1);
      const slash = specPathOfTemplate(template)?.endsWith('/') ?? false;
      const segs = rest.split('/').filter(Boolean);
      if (pathname !== `/v2/${segs.join('/')}${slash ? '/' : ''}`) return undefined;
    }
    return match;
  }

  /** `GET /v2/openapi.json`: the live spec, no auth (like a public document). */
  function spec(method: string): SimResponse {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(method, ['GET']).toResponse();
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: liveSpec(config.assumedOps) };
  }

  /** The REST API: find the op, then let the fault wrapper decide whether `work` runs and what is sent. */
  async function api(req: IncomingMessage, res: ServerResponse, url: URL, raw: string): Promise<void> {
    const method = req.method ?? 'GET';
    const isSpec = url.pathname === '/v2/openapi.json';
    const match = isSpec ? undefined : routeOf(method, url.pathname);
    const op = isSpec ? 'GET /openapi.json' : match?.op;
    if (op) counts[op] = (counts[op] ?? 0) + 1;

    const work = (): SimResponse => {
      const rate = limiter.hit();
      // Every answer here is a fresh object: the rate headers go straight onto it.
      const withRate = (r: SimResponse): SimResponse => {
        Object.assign(r.headers, rate.headers);
        return r;
      };
      try {
        if (!rate.allowed) {
          throw new ApiError(429, 'TooManyRequests', `Rate limit exceeded; retry after ${rate.headers['retry-after']} s`);
        }
        if (isSpec) return withRate(spec(method));
        if (!match) throw notFound(`${method} ${url.pathname}`);
        if ('error' in match) throw match.error;
        const caller = apiCaller(req, state);
        if (!caller) throw unauthorized();
        // The token may lack a scope the spec asks for; the web session is not scoped.
        if (caller.kind === 'token' && config.tokenScopes && !scopesAllow(match.op, config.tokenScopes)) throw forbidden();
        let body: unknown;
        if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
          const ct = String(req.headers['content-type'] ?? '');
          if (!/^application\/json\b/i.test(ct)) throw badRequest('body must be JSON sent as Content-Type: application/json');
          try {
            body = JSON.parse(raw);
          } catch {
            throw new ApiError(400, 'BadRequest', 'body is not valid JSON');
          }
        }
        const result = match.route.handle({ state, params: match.params, query: url.searchParams, body, caller });
        return withRate(jsonResponse(result.status, result.data, {}));
      } catch (e) {
        if (e instanceof ApiError) return withRate(e.toResponse());
        return withRate(new ApiError(500, 'InternalServerError', e instanceof Error ? e.message : String(e)).toResponse());
      }
    };
    await applyFault(op ? faults.take(op) : undefined, res, { protocol: 'busy', op: op ?? '', work, now: clock.now });
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // The Date header tells the simulated world's time, as the real server's tells its own (the
    // extension's coordination compares it with updatedAt stamps).
    res.sendDate = false;
    res.setHeader('Date', clock.now().toUTCString());
    void (async () => {
      const host = String(req.headers.host ?? '')
        .toLowerCase()
        .replace(/:\d+$/, '');
      const url = new URL(req.url ?? '/', `http://${host || '127.0.0.1'}`);
      if (await handleControl(req, res, control)) return;
      const raw = await readBody(req);
      if (host === API_HOST) {
        await latency(config);
        await api(req, res, url, raw);
      } else if (host === WEB_HOST) {
        sendResponse(res, handleWeb(req, url, raw, state, { plain: config.plainMarkup }));
      } else {
        sendResponse(res, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `Unknown host ${host}` });
      }
    })().catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const r = e instanceof ApiError ? e.toResponse() : new ApiError(500, 'InternalServerError', String(e)).toResponse();
      sendResponse(res, r);
    });
  };
  const server = createServer(handle);

  const counters = {
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = {};
    },
    expireSessions: () => state.sessions.clear(),
  };
  const control = busyControl({
    state,
    faults,
    clock: clock.now,
    ...counters,
    configure,
    settings,
    reseed: async (name) => {
      const s = await loadSeed(name);
      state.load(s);
      ownClock?.set(s.now);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    handle,
    api: `http://${API_HOST}:${port}/v2`,
    web: `http://${WEB_HOST}:${port}`,
    get token() {
      return state.token;
    },
    get email() {
      return state.email;
    },
    get password() {
      return state.password;
    },
    state,
    faults,
    ...counters,
    settings,
    configure: (patch) => configure(patch),
    close: () => closeServer(server),
  };
}
