// Fault injection shared by both simulators. A sim computes its answer in a `work` thunk and hands
// it to `applyFault`, which decides whether the work happens and what reaches the wire. Keeping
// "do the work" and "write the answer" apart is what makes `lostAnswer` (committed, but the client
// never hears of it) and `truncated` possible.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';

export type FaultKind =
  | 'http500'
  | 'soapFault'
  | 'timeout'
  | 'slow'
  | 'truncated'
  | 'malformed'
  | 'htmlLogin'
  | 'unauthorized'
  | 'rateLimit'
  | 'lostAnswer';

export const FAULT_KINDS: readonly FaultKind[] = [
  'http500',
  'soapFault',
  'timeout',
  'slow',
  'truncated',
  'malformed',
  'htmlLogin',
  'unauthorized',
  'rateLimit',
  'lostAnswer',
];

/** `op` is the operation name the sim counts (`GetProjectList`, `GET /projects`); `*` matches any. */
export interface Fault {
  op: string;
  kind: FaultKind;
  count: number;
  delayMs?: number;
  message?: string;
}

export const FaultSchema = z
  .object({
    op: z.string().min(1),
    kind: z.enum(FAULT_KINDS as [FaultKind, ...FaultKind[]]),
    count: z.number().int().min(1).default(1),
    delayMs: z.number().int().min(0).optional(),
    message: z.string().optional(),
  })
  .strict();

/** A computed answer, not yet written. `body` as a string is sent as UTF-8. */
export interface SimResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

export type SimProtocol = 'soap' | 'busy';

export class FaultQueue {
  private faults: Fault[] = [];

  add(f: Fault | Fault[]): void {
    for (const one of Array.isArray(f) ? f : [f]) {
      const parsed = FaultSchema.parse(one);
      this.faults.push({ ...parsed } as Fault);
    }
  }

  /** The next fault for `op` (FIFO among those matching it), consuming one of its `count`. */
  take(op: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.op === op || f.op === '*');
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.count -= 1;
    if (f.count <= 0) this.faults.splice(i, 1);
    return { ...f, op: f.op === '*' ? op : f.op, count: 1 };
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}

// ---- answer shapes (one place, so both sims fail alike) ----

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** ASP.NET asmx fault envelope exactly as the real server writes it (`<detail />` included). */
export function soapFaultEnvelope(faultstring: string, faultcode = 'soap:Server'): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    '<soap:Body><soap:Fault>' +
    `<faultcode>${xmlEscape(faultcode)}</faultcode>` +
    `<faultstring>${xmlEscape(faultstring)}</faultstring>` +
    '<detail /></soap:Fault></soap:Body></soap:Envelope>'
  );
}

export const SOAP_PREFIX = 'Server was unable to process request. ---> ';

/** A 500 soap:Fault answer. A message without `--->` gets the usual "unable to process" prefix. */
export function soapFaultResponse(message: string, faultcode = 'soap:Server'): SimResponse {
  const faultstring = message.includes('--->') ? message : SOAP_PREFIX + message;
  return { status: 500, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: soapFaultEnvelope(faultstring, faultcode) };
}

/** Busy's RFC 7807 error body: `{error{name, message, payload?}, trackingId}`. */
export function problemJson(status: number, name: string, message: string, payload?: Record<string, unknown>): SimResponse {
  const error: Record<string, unknown> = { name, message };
  if (payload) error.payload = payload;
  return {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify({ error, trackingId: randomUUID() }),
  };
}

/** What a web app answers (200) when its session has expired: a login form instead of data. */
export function htmlLoginPage(protocol: SimProtocol): SimResponse {
  const title = protocol === 'soap' ? '24SevenOffice – Logg inn' : 'Busy – Logg inn';
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body:
      `<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>${title}</title></head>` +
      '<body><form method="post" action="/login"><h1>Logg inn</h1>' +
      '<label>E-post <input name="username" type="text"></label>' +
      '<label>Passord <input name="password" type="password"></label>' +
      '<button type="submit">Logg inn</button></form></body></html>',
  };
}

// ---- held sockets (timeout) ----

const held = new WeakMap<Server, Set<Socket>>();

/** Destroys sockets a `timeout` fault is holding, so `server.close()` can finish. */
export function releaseHeld(server: Server): void {
  const set = held.get(server);
  if (!set) return;
  for (const s of set) s.destroy();
  set.clear();
}

/** Closes a sim's server without waiting on held or keep-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    releaseHeld(server);
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections?.();
  });
}

function hold(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  const server = (socket as Socket & { server?: Server }).server;
  if (!server) return;
  let set = held.get(server);
  if (!set) {
    set = new Set();
    held.set(server, set);
    // A plain server.close() waits for in-flight requests forever; release ours first.
    const origClose = server.close.bind(server);
    server.close = ((cb?: (err?: Error) => void) => {
      releaseHeld(server);
      return origClose(cb);
    }) as Server['close'];
  }
  set.add(socket);
  socket.once('close', () => set!.delete(socket));
}

// ---- writing ----

/** 204 and 304 carry neither a body nor Content-Length (RFC 9110 8.6). */
const bodiless = (status: number) => status === 204 || status === 304;

export function sendResponse(res: ServerResponse, r: SimResponse): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
  if (bodiless(r.status)) {
    res.writeHead(r.status, r.headers);
    res.end();
    return;
  }
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
  res.end(body);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface FaultContext {
  protocol: SimProtocol;
  op: string;
  /** Does the work (commits state) and returns the answer it would send. */
  work?: () => Promise<SimResponse> | SimResponse;
  /** Alias of `work` (the name in the team brief). */
  realBody?: () => Promise<SimResponse> | SimResponse;
  /** The sim's clock, for the quarantine time in SOAP rate-limit faults. */
  now?: () => Date;
  /** Headers every answer carries, injected faults included (24SO's APILimit*), read when it is sent. */
  headers?: () => Record<string, string>;
}

/**
 * Answers `req` through fault `f`, or normally when `f` is undefined. Accepts `(f, res, ctx)` or
 * `(f, req, res, ctx)`. Rejects if the work throws (the sim's own error handling then answers).
 */
export async function applyFault(f: Fault | undefined, res: ServerResponse, ctx: FaultContext): Promise<void>;
export async function applyFault(f: Fault | undefined, req: IncomingMessage, res: ServerResponse, ctx: FaultContext): Promise<void>;
export async function applyFault(
  f: Fault | undefined,
  a: IncomingMessage | ServerResponse,
  b: ServerResponse | FaultContext,
  c?: FaultContext,
): Promise<void> {
  const res = (c ? b : a) as ServerResponse;
  const ctx = (c ?? b) as FaultContext;
  const thunk = ctx.work ?? ctx.realBody;
  if (!thunk) throw new Error('applyFault: ctx.work is required');
  const work = async () => thunk();
  const soap = ctx.protocol === 'soap';
  const withHeaders = (r: SimResponse): SimResponse => (ctx.headers ? { ...r, headers: { ...r.headers, ...ctx.headers() } } : r);
  const answer = (r: SimResponse) => sendResponse(res, withHeaders(r));

  if (!f) {
    answer(await work());
    return;
  }

  switch (f.kind) {
    case 'http500':
      answer(
        soap
          ? soapFaultResponse(f.message ?? 'Internal error')
          : problemJson(500, 'InternalServerError', f.message ?? 'Internal server error'),
      );
      return;
    case 'soapFault':
      // Busy has no SOAP; a "soapFault" there is just a 500 with the message.
      answer(
        soap ? soapFaultResponse(f.message ?? 'Simulated fault') : problemJson(500, 'InternalServerError', f.message ?? 'Simulated fault'),
      );
      return;
    case 'timeout':
      hold(res);
      return;
    case 'slow':
      await sleep(f.delayMs ?? 2000);
      answer(await work());
      return;
    case 'truncated': {
      const r = withHeaders(await work());
      const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
      res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    case 'malformed': {
      const r = await work();
      const text = typeof r.body === 'string' ? r.body : r.body.toString('utf8');
      const half = text.slice(0, Math.floor(text.length / 2));
      answer(
        soap
          ? { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `${half}<</soap:Envelope` }
          : { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: `{"data": ${half}<html>` },
      );
      return;
    }
    case 'htmlLogin':
      answer(htmlLoginPage(ctx.protocol));
      return;
    case 'unauthorized':
      answer(
        soap
          ? soapFaultResponse(f.message ?? 'Session is not authenticated')
          : problemJson(401, 'Unauthorized', f.message ?? 'Unauthorized'),
      );
      return;
    case 'rateLimit': {
      const delayMs = f.delayMs ?? 60_000;
      if (soap) {
        const ends = new Date((ctx.now?.() ?? new Date()).getTime() + delayMs).toISOString();
        const r = withHeaders(soapFaultResponse(f.message ?? `Limit exceeded by 1. Request is blocked. Quarantine ends at ${ends}`));
        // The budget headers agree with the quarantine the fault announces.
        if (ctx.headers) {
          const said = /Quarantine ends at (\S+?)\.?$/.exec(f.message ?? '')?.[1];
          const reset = said && !Number.isNaN(Date.parse(said)) ? new Date(said).toISOString() : ends;
          Object.assign(r.headers, { APILimitRemaining: '0', APILimitReset: reset });
        }
        sendResponse(res, r);
      } else {
        const secs = Math.max(1, Math.ceil(delayMs / 1000));
        const r = problemJson(429, 'TooManyRequests', f.message ?? 'Too many requests');
        r.headers['retry-after'] = String(secs);
        r.headers['ratelimit-remaining'] = '0';
        r.headers['ratelimit-reset'] = String(secs);
        answer(r);
      }
      return;
    }
    case 'lostAnswer':
      await work();
      res.socket?.destroy();
      return;
  }
}
