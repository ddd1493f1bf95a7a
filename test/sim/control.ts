// The `/_sim/*` control endpoints both simulators answer on any Host: inspect state, inject faults,
// read counts, expire sessions, reseed, move the clock. JSON in, JSON out; bad bodies → 400.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { findSimClock, type SimClock } from './clock.js';
import { FaultSchema, type Fault, type FaultQueue } from './faults.js';
import { parseSeedName } from './seeds/index.js';
import type { SeedName } from './seeds/types.js';

export const CONTROL_PREFIX = '/_sim/';

/** Thrown by control handlers to answer with a status and message. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ControlRoute<B = unknown> {
  /** Validates the JSON body (absent body → `undefined` is validated). */
  body?: z.ZodType<B>;
  handle(body: B, query: URLSearchParams): unknown | Promise<unknown>;
}

export interface SimControl {
  /** A JSON-able dump of the live state (Maps and Sets are converted). */
  state(): unknown;
  faults: FaultQueue;
  counts(): Record<string, number>;
  resetCounts(): void;
  expireSessions(): void;
  /** Replaces the state with a fresh seed. */
  reseed(name: SeedName): void | Promise<void>;
  /** The sim's clock; `/_sim/clock` works when it is (or came from) a SimClock. */
  clock?: (() => Date) | SimClock;
  /** POST /_sim/config: applies a patch of sim settings and returns the settings now in force. */
  config?(patch: Record<string, unknown>): unknown;
  /** GET /_sim/config: the settings in force. */
  settings?(): unknown;
  /** Sim-specific endpoints, keyed `"METHOD /path"` with the path after `/_sim`, e.g. `"POST /approve"`. */
  extra?: Record<string, ControlRoute<any>>;
}

const SeedBody = z.object({ seed: z.string() }).strict();
// Unions would report "Invalid input" without naming the field; pick the branch by shape instead.
const ClockSet = z.object({ now: z.iso.datetime({ offset: true }) }).strict();
const ClockAdvance = z.object({ advanceMs: z.number().finite() }).strict();
const FaultList = z.array(FaultSchema).min(1);
const ConfigBody = z.record(z.string(), z.unknown());

const MAX_BODY = 1 << 20;

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value ?? null, replacer), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ControlError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
  throw new ControlError(400, `bad ${what} body: ${issues}`);
}

/**
 * A settings patch checked against `shape` (every key optional): an unknown key is named with the
 * known ones, a bad value with its key. Returns the patch, typed; nothing is applied on error.
 */
export function parseSettings<S extends z.ZodRawShape>(shape: S, patch: Record<string, unknown>): Partial<z.infer<z.ZodObject<S>>> {
  const unknown = Object.keys(patch).filter((k) => !(k in shape));
  if (unknown.length) throw new ControlError(400, `unknown setting ${unknown.join(', ')}; known: ${Object.keys(shape).join(', ')}`);
  return parse(z.object(shape).partial(), patch, 'config') as Partial<z.infer<z.ZodObject<S>>>;
}

function clockOf(ctl: SimControl): SimClock {
  const c = findSimClock(ctl.clock);
  if (!c) throw new ControlError(409, 'this simulator was not started with a SimClock; its clock cannot be set');
  return c;
}

/**
 * Answers `req` when its path starts with `/_sim/` (any Host) and returns true; otherwise returns
 * false without touching `res`.
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, ctl: SimControl): Promise<boolean> {
  // Every request passes here first: most are not for us, which a look at the raw target tells
  // without parsing it (a parsed path starts with /_sim/ only if the raw one holds "_sim", or tabs
  // or line breaks that the URL parser drops).
  const raw = req.url ?? '/';
  if (!raw.includes('_sim') && !/[\t\n\r]/.test(raw)) return false;
  const url = new URL(raw, 'http://sim.invalid');
  if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
  const path = url.pathname.slice('/_sim'.length).replace(/\/+$/, '') || '/';
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readJson(req);
    const result = await route(ctl, method, path, body, url.searchParams);
    sendJson(res, 200, result);
  } catch (e) {
    if (e instanceof ControlError) sendJson(res, e.status, { error: e.message });
    else sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
  }
  return true;
}

const BUILTIN: Record<string, string[]> = {
  '/state': ['GET'],
  '/faults': ['GET', 'POST', 'DELETE'],
  '/counts': ['GET'],
  '/counts/reset': ['POST'],
  '/expire-sessions': ['POST'],
  '/seed': ['POST'],
  '/clock': ['GET', 'POST'],
  '/config': ['GET', 'POST'],
};

async function route(ctl: SimControl, method: string, path: string, body: unknown, query: URLSearchParams): Promise<unknown> {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /state':
      return ctl.state();
    case 'GET /faults':
      return { faults: ctl.faults.list() };
    case 'POST /faults': {
      const f = (Array.isArray(body) ? parse(FaultList, body, 'fault') : parse(FaultSchema, body, 'fault')) as Fault | Fault[];
      ctl.faults.add(f);
      return { faults: ctl.faults.list() };
    }
    case 'DELETE /faults':
      ctl.faults.clear();
      return { faults: [] };
    case 'GET /counts':
      return ctl.counts();
    case 'POST /counts/reset':
      ctl.resetCounts();
      return { ok: true };
    case 'POST /expire-sessions':
      ctl.expireSessions();
      return { ok: true };
    case 'POST /seed': {
      const { seed } = parse(SeedBody, body, 'seed');
      let name: SeedName;
      try {
        name = parseSeedName(seed);
      } catch (e) {
        throw new ControlError(400, (e as Error).message);
      }
      await ctl.reseed(name);
      return { ok: true, seed: name };
    }
    case 'GET /clock':
      return { now: (findSimClock(ctl.clock)?.now() ?? (typeof ctl.clock === 'function' ? ctl.clock() : new Date())).toISOString() };
    case 'POST /clock': {
      const clock = clockOf(ctl);
      const isSet = typeof body === 'object' && body !== null && 'now' in body;
      if (isSet) clock.set(parse(ClockSet, body, 'clock').now);
      else clock.advance(parse(ClockAdvance, body, 'clock (expected {now: ISO} or {advanceMs: n})').advanceMs);
      return { now: clock.now().toISOString() };
    }
    case 'GET /config': {
      if (!ctl.settings) throw new ControlError(404, 'this simulator has no settings to show');
      return ctl.settings();
    }
    case 'POST /config': {
      if (!ctl.config) throw new ControlError(404, 'this simulator has no settings to configure');
      return ctl.config(parse(ConfigBody, body, 'config'));
    }
  }
  const extra = ctl.extra?.[key];
  if (extra) {
    const b = extra.body ? parse(extra.body, body, path.slice(1)) : body;
    return extra.handle(b, query);
  }
  const allowed = [
    ...(BUILTIN[path] ?? []),
    ...Object.keys(ctl.extra ?? {})
      .filter((k) => k.endsWith(` ${path}`))
      .map((k) => k.split(' ')[0]),
  ];
  if (allowed.length) throw new ControlError(405, `${method} not allowed on /_sim${path}; use ${allowed.join(', ')}`);
  const known = [
    ...Object.entries(BUILTIN).flatMap(([p, ms]) => ms.map((m) => `${m} /_sim${p}`)),
    ...Object.keys(ctl.extra ?? {}).map((k) => k.replace(' ', ' /_sim')),
  ];
  throw new ControlError(404, `no control endpoint ${method} /_sim${path}; known: ${known.join(', ')}`);
}
