// The 24SevenOffice simulator: one HTTP server on loopback that routes by Host header
// (api.24so.localhost, webservices.24so.localhost) and speaks SOAP 1.1 as ASP.NET asmx does,
// strictly against wsdl-schema.json. Control endpoints /_sim/* answer on any Host.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { SimClock } from '../clock.js';
import { handleControl, ControlError, parseSettings, type SimControl } from '../control.js';
import { applyFault, closeServer, FaultQueue, type SimResponse } from '../faults.js';
import { latency } from '../latency.js';
import { makeSeed } from '../seeds/index.js';
import type { SeedCompany } from '../seeds/types.js';
import { authOps, createSession, defaultIdentity, SESSION_COOKIE, sessionCookie } from './auth.js';
import { clientOps } from './client.js';
import { companyOps } from './company.js';
import { invoiceOps } from './invoice.js';
import { loginPage } from './login-page.js';
import type { OpContext, OpTable } from './ops.js';
import { personOps } from './person.js';
import { projectOps, setParticipants } from './project.js';
import { readRequest, SCHEMA, SoapFault, processFault, TNS, writeFault, writeResponse } from './soap-envelope.js';
import { stateFromSeed, type TfsoSession, type TfsoState } from './state.js';
import { timeOps } from './time.js';
import { limitHeaders, spend } from './rate.js';
import { TFSO_DEFAULTS, TFSO_SETTINGS_SHAPE, type TfsoSettings } from './settings.js';
import { serviceSchema } from './variants.js';
import { liveWsdl } from './wsdl-docs.js';

export type { TfsoState } from './state.js';
export { TFSO_DEFAULTS, TFSO_REAL_LIKE, type TfsoSettings } from './settings.js';

export const API_HOST = 'api.24so.localhost';
export const WEBSERVICES_HOST = 'webservices.24so.localhost';

/** Operations served without a public WSDL ([A], CONTRACT.md); their schema entries are hand-written. */
export const ASSUMED_OPERATIONS: readonly string[] = Object.values(SCHEMA.services).flatMap((s) =>
  Object.entries(s.operations)
    .filter(([, o]) => o.assumed)
    .map(([name]) => name),
);

/** Handlers per service key of wsdl-schema.json; WSDL operations not listed here answer a fault. */
const SERVED: Record<string, OpTable> = {
  auth: authOps,
  client: clientOps,
  company: companyOps,
  invoice: invoiceOps,
  person: personOps,
  project: projectOps,
  time: timeOps,
};

export const SERVED_OPERATIONS: Record<string, string[]> = Object.fromEntries(Object.entries(SERVED).map(([k, t]) => [k, Object.keys(t)]));

/** The settings (`settings.ts`: sessionIdleMs, rateLimitPerHour, assumedOps, …) plus where and what to serve. */
export interface TfsoSimOptions extends Partial<TfsoSettings> {
  port?: number;
  /** The company to load; `null` = the `empty` seed; omitted = `demo`. */
  seed?: SeedCompany | null;
  clock?: () => Date;
}

export interface TfsoSim {
  port: number;
  /** The server's request handler: what the in-memory transport calls (test/support/memory-fetch.ts). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  api: string;
  webservices: string;
  applicationId: string;
  username: string;
  password: string;
  state: TfsoState;
  faults: FaultQueue;
  counts(): Record<string, number>;
  resetCounts(): void;
  expireSessions(): void;
  /** The settings in force (as `GET /_sim/config`). */
  settings(): TfsoSettings;
  /** Applies a settings patch (as `POST /_sim/config`); throws on an unknown key or a bad value. */
  configure(patch: Partial<TfsoSettings>): TfsoSettings;
  close(): Promise<void>;
}

const MAX_BODY = 16 << 20;

const xmlHeaders = { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'private' };

function faultResponse(f: SoapFault): SimResponse {
  return { status: f.status, headers: { ...xmlHeaders }, body: writeFault(f) };
}
function plain(status: number, text: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
}
function send(res: ServerResponse, r: SimResponse): void {
  const body = Buffer.from(r.body as string, 'utf8');
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
  res.end(body);
}

/** The whole body as UTF-8; past MAX_BODY the request is destroyed (as leaving a `for await` over it does). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('aborted'));
    });
  });
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

const ParticipantsBody = z.strictObject({ projectId: z.number().int(), participants: z.array(z.number().int()) });

/** `?WSDL`, `?wsdl`, `?Wsdl=`…: ASP.NET matches the query name case-insensitively. */
const asksWsdl = (url: URL) => url.search !== '' && [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl');

export async function startTfsoSim(opts: TfsoSimOptions = {}): Promise<TfsoSim> {
  const seed = opts.seed === undefined ? makeSeed('demo') : opts.seed === null ? makeSeed('empty') : opts.seed;
  const clock = opts.clock ?? new SimClock(seed.now).fn;
  const config: TfsoSettings = { ...TFSO_DEFAULTS };
  /** Checks and applies a settings patch; nothing changes when any part is bad. */
  const configure = (patch: Record<string, unknown>): TfsoSettings => {
    Object.assign(config, parseSettings(TFSO_SETTINGS_SHAPE, patch));
    return { ...config };
  };
  const given = Object.fromEntries(Object.entries(opts).filter(([k, v]) => k in TFSO_DEFAULTS && v !== undefined));
  try {
    configure(given);
  } catch (e) {
    throw new Error(`startTfsoSim: ${(e as Error).message}`);
  }
  let state = stateFromSeed(seed);
  const faults = new FaultQueue();
  let counts: Record<string, number> = {};

  /** The live session named by the request's cookie, touched; expired ones are dropped. */
  function sessionOf(req: IncomingMessage): TfsoSession | null {
    const id = cookieValue(req, SESSION_COOKIE);
    if (!id) return null;
    const s = state.sessions[id];
    if (!s) return null;
    const now = clock().getTime();
    if (now - Date.parse(s.lastSeen) > config.sessionIdleMs) {
      delete state.sessions[id];
      return null;
    }
    s.lastSeen = new Date(now).toISOString();
    return s;
  }

  /** The real quarantine answer once an applicationId passes its budget for the clock hour. */
  function checkRate(appId: string): void {
    const refused = spend(state.rate, appId, clock().getTime(), config.rateLimitPerHour);
    if (refused) {
      throw processFault(`Limit exceeded by ${refused.over}. Request is blocked. Quarantine ends at ${refused.ends.toISOString()}`);
    }
  }

  /** The applicationId of the request's session cookie, without touching the session. */
  function cookieApp(req: IncomingMessage): string | undefined {
    const id = cookieValue(req, SESSION_COOKIE);
    return id ? state.sessions[id]?.applicationId : undefined;
  }

  /** `GET <service path>?WSDL`: the live document, no session needed (as ASP.NET). */
  async function wsdl(res: ServerResponse, serviceKey: string): Promise<void> {
    const name = `WSDL ${serviceKey}`;
    counts[name] = (counts[name] ?? 0) + 1;
    const work = (): SimResponse => ({ status: 200, headers: { ...xmlHeaders }, body: liveWsdl(serviceKey, config) });
    await applyFault(faults.take(name), res, { protocol: 'soap', op: name, work, now: clock });
  }

  async function soap(req: IncomingMessage, res: ServerResponse, serviceKey: string): Promise<void> {
    const service = serviceSchema(serviceKey, config);
    if (req.method !== 'POST') return send(res, plain(405, 'Only POST is supported by this web service.', { allow: 'POST' }));
    // The budget every SOAP answer reports: the counted caller's, else the session's, else the tenant's.
    let countedApp: string | undefined;
    const budget = config.limitHeaders
      ? () => limitHeaders(state.rate, countedApp ?? cookieApp(req) ?? state.applicationId, clock().getTime(), config.rateLimitPerHour)
      : undefined;
    const answer = (r: SimResponse) => send(res, budget ? { ...r, headers: { ...r.headers, ...budget() } } : r);
    const body = await readBody(req);
    const ctype = (req.headers['content-type'] ?? '').toLowerCase().replace(/\s+/g, '');
    if (!ctype.startsWith('text/xml')) {
      return answer(
        plain(415, `Unsupported media type '${req.headers['content-type'] ?? ''}': SOAP 1.1 needs Content-Type: text/xml; charset=utf-8`),
      );
    }
    if (!ctype.split(';').includes('charset=utf-8')) {
      // Strictness: ASP.NET would guess the charset; æøå then break silently.
      return answer(
        plain(415, `Content-Type must be exactly 'text/xml; charset=utf-8' (simulator strictness), got '${req.headers['content-type']}'`),
      );
    }
    const raw = req.headers.soapaction;
    const action = typeof raw === 'string' ? raw : undefined;
    const unquoted = action?.replace(/^"(.*)"$/, '$1');
    const op = unquoted?.startsWith(`${TNS}/`) ? unquoted.slice(TNS.length + 1) : undefined;
    // With `assumedOps: false` the [A] operations are not in `service`: unknown, as on the real server.
    const decl = op && Object.hasOwn(service.operations, op) ? service.operations[op] : undefined;
    if (!action || !decl || decl.soapAction !== unquoted) {
      return answer(
        faultResponse(new SoapFault(`Server did not recognize the value of HTTP Header SOAPAction: ${action ?? ''}.`, 'soap:Client')),
      );
    }
    if (!/^".*"$/.test(action)) {
      // ASP.NET tolerates a bare value; SOAP 1.1 says quoted, and some stacks refuse bare ones.
      return answer(
        faultResponse(
          new SoapFault(
            `Server did not recognize the value of HTTP Header SOAPAction: ${action}. (simulator strictness: the value must be quoted, "${action}")`,
            'soap:Client',
          ),
        ),
      );
    }
    const name = op!;
    counts[name] = (counts[name] ?? 0) + 1;
    const def = SERVED[serviceKey][name];
    const count = (appId: string) => {
      countedApp = appId;
      checkRate(appId);
    };
    const work = (): SimResponse => {
      try {
        if (!def) throw processFault(`[24SO simulator] ${name} is in the WSDL but not simulated.`);
        const session = sessionOf(req);
        if (session) count(session.applicationId);
        const { params } = readRequest(service, name, body);
        if (!def.anonymous && !session) throw processFault('Session is not authenticated');
        if (!session && name === 'Login') {
          const appId = (params.credential as { ApplicationId?: string } | undefined)?.ApplicationId;
          if (appId) count(appId);
        }
        const ident = session ? state.identities.find((i) => i.id === session.identityId) : undefined;
        const ctx: OpContext = {
          state,
          now: clock,
          session,
          data: ident ? state.clients[ident.clientId] : null,
          headers: {},
          sessionIdleMs: config.sessionIdleMs,
          settings: config,
        };
        const result = def.run(ctx, params);
        return { status: 200, headers: { ...xmlHeaders, ...ctx.headers }, body: writeResponse(service, decl, result) };
      } catch (e) {
        if (e instanceof SoapFault) return faultResponse(e);
        console.error(`[tfso-sim] ${name}:`, e);
        return faultResponse(processFault(`[24SO simulator bug] ${(e as Error).message}`));
      }
    };
    await applyFault(faults.take(name), res, { protocol: 'soap', op: name, work, now: clock, headers: budget });
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const html = (status: number, page: string, headers: Record<string, string> = {}) =>
      send(res, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body: page });
    const appId = state.applicationId;
    if (req.method === 'GET') {
      const s = sessionOf(req);
      return html(200, loginPage({ applicationId: appId, loggedInAs: s ? state.integrationUser.name : undefined }));
    }
    if (req.method !== 'POST') return html(405, loginPage({ applicationId: appId, error: 'Method not allowed' }), { allow: 'GET, POST' });
    const form = new URLSearchParams(await readBody(req));
    const ok =
      form.get('username') === state.username &&
      form.get('password') === state.password &&
      (form.get('applicationId') ?? appId).toLowerCase() === appId.toLowerCase();
    if (!ok) return html(200, loginPage({ applicationId: appId, error: 'Wrong username or password' }));
    const id = createSession(state, clock(), defaultIdentity(state).id, 'web');
    return html(200, loginPage({ applicationId: appId, loggedInAs: state.integrationUser.name }), { 'set-cookie': sessionCookie(id) });
  }

  const routes: Record<string, [string, string][]> = { api: [], webservices: [] };
  for (const [key, s] of Object.entries(SCHEMA.services)) routes[s.host].push([s.path.toLowerCase(), key]);

  const control: SimControl = {
    state: () => state,
    faults,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = {};
    },
    expireSessions: () => {
      state.sessions = {};
    },
    reseed: (name) => {
      state = stateFromSeed(makeSeed(name), name);
    },
    clock,
    config: configure,
    settings: () => ({ ...config }),
    extra: {
      // A participant edit made in 24SO's own UI: the participants-changed time moves, DateChanged does not.
      'POST /projects/participants': {
        body: ParticipantsBody,
        handle(b: z.infer<typeof ParticipantsBody>) {
          const d = state.clients[defaultIdentity(state).clientId]!;
          const p = d.projects.find((x) => x.id === b.projectId);
          if (!p) throw new ControlError(404, `no project ${b.projectId}`);
          const unknown = b.participants.filter((c) => !d.users.some((u) => u.contactId === c));
          if (unknown.length) throw new ControlError(400, `not users of this client: ${unknown.join(', ')}`);
          setParticipants(p, b.participants, clock().toISOString());
          return {
            projectId: p.id,
            participants: p.participants,
            participantsChangedAt: p.participantsChangedAt,
            dateChanged: p.dateChanged,
          };
        },
      },
      // Approve (and optionally lock) hours as 24SO's own approval flow would.
      'POST /hours/approve': {
        handle(body: unknown) {
          const b = body as { hourIds?: unknown; lock?: unknown; approvedBy?: unknown } | undefined;
          if (!b || !Array.isArray(b.hourIds) || !b.hourIds.every((x) => Number.isInteger(x)))
            throw new ControlError(400, 'body: {hourIds: number[], lock?: boolean, approvedBy?: number}');
          const done: number[] = [];
          for (const c of Object.values(state.clients)) {
            for (const h of c.hours) {
              if (!(b.hourIds as number[]).includes(h.id)) continue;
              h.approved = 'True';
              h.approvedBy = typeof b.approvedBy === 'number' ? b.approvedBy : state.integrationUser.contactId;
              if (b.lock) h.locked = 'True';
              h.dateChanged = clock().toISOString();
              done.push(h.id);
            }
          }
          return { approved: done };
        },
      },
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    res.sendDate = false;
    res.setHeader('Date', clock().toUTCString()); // the simulated world's time, as the real server's
    void (async () => {
      if (await handleControl(req, res, control)) return;
      const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
      const which = host === API_HOST ? 'api' : host === WEBSERVICES_HOST ? 'webservices' : null;
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.toLowerCase(); // IIS matches paths case-insensitively
      if (!which) return send(res, plain(404, `Unknown host '${host}'. Use ${API_HOST} or ${WEBSERVICES_HOST} (or /_sim/* on any host).`));
      if (which === 'api' && path === '/login') return login(req, res);
      if (which === 'api' && path === '/' && req.method === 'GET') return send(res, plain(302, 'Found', { location: '/login' }));
      const hit = routes[which].find(([p]) => p === path);
      if (!hit) return send(res, plain(404, 'The resource cannot be found.'));
      await latency(config);
      if (req.method === 'GET' && asksWsdl(url)) return wsdl(res, hit[1]);
      return soap(req, res, hit[1]);
    })().catch((e: unknown) => {
      console.error('[tfso-sim]', e);
      if (!res.headersSent) send(res, plain(500, 'simulator error'));
      else res.destroy();
    });
  };
  const server = createServer(handle);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    handle,
    api: `http://${API_HOST}:${port}`,
    webservices: `http://${WEBSERVICES_HOST}:${port}`,
    get applicationId() {
      return state.applicationId;
    },
    get username() {
      return state.username;
    },
    get password() {
      return state.password;
    },
    get state() {
      return state;
    },
    set state(s: TfsoState) {
      state = s;
    },
    faults,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = {};
    },
    expireSessions: () => {
      state.sessions = {};
    },
    settings: () => ({ ...config }),
    configure: (patch) => configure(patch),
    close: () => closeServer(server),
  };
}
