// A deliberately thin raw-HTTP SOAP client for the simulator's own tests: it sends exactly the bytes
// a test writes, to 127.0.0.1 with an explicit Host header, so tests can make every client mistake.
import { request } from 'node:http';
import { SCHEMA, TNS } from './soap-envelope.js';
import type { TfsoSim } from './server.js';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  port: number,
  host: string,
  method: string,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { host, 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const envelope = (inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>${inner}</soap:Body></soap:Envelope>`;

/** `<Op xmlns="…webservices">inner</Op>` */
export const wrap = (op: string, inner = '') => `<${op} xmlns="${TNS}">${inner}</${op}>`;

export interface CallOpts {
  cookie?: string;
  /** Overrides: the default is the correct header for the operation. Use null to omit it. */
  soapAction?: string | null;
  contentType?: string;
  host?: string;
  path?: string;
  /** Send this raw body instead of the wrapped envelope. */
  rawBody?: string;
}

/** Calls `op` of service `svc` (wsdl-schema.json key) with `inner` XML as the wrapper's children. */
export function soapCall(sim: TfsoSim, svc: string, op: string, inner = '', o: CallOpts = {}): Promise<RawAnswer> {
  const s = SCHEMA.services[svc];
  const host = o.host ?? new URL(s.host === 'api' ? sim.api : sim.webservices).host;
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'text/xml; charset=utf-8' };
  if (o.soapAction !== null) headers.soapaction = o.soapAction ?? `"${TNS}/${op}"`;
  if (o.cookie) headers.cookie = o.cookie;
  return rawRequest(sim.port, host, 'POST', o.path ?? s.path, o.rawBody ?? envelope(wrap(op, inner)), headers);
}

export function loginXml(sim: TfsoSim, extra = ''): string {
  return `<credential><ApplicationId>${sim.applicationId}</ApplicationId>${extra}<Password>${sim.password}</Password><Username>${sim.username}</Username></credential>`;
}

/** Logs in over SOAP; returns the cookie header value to send on later calls. */
export async function login(sim: TfsoSim): Promise<string> {
  const r = await soapCall(sim, 'auth', 'Login', loginXml(sim));
  const id = /<LoginResult>([^<]+)<\/LoginResult>/.exec(r.body)?.[1];
  if (r.status !== 200 || !id) throw new Error(`login failed: ${r.status} ${r.body}`);
  return `ASP.NET_SessionId=${id}`;
}

export const faultstring = (body: string) =>
  /<faultstring>([\s\S]*?)<\/faultstring>/
    .exec(body)?.[1]
    ?.replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
export const faultcode = (body: string) => /<faultcode>([\s\S]*?)<\/faultcode>/.exec(body)?.[1];

/** Text of every `<name>` element (non-nested), in document order. */
export const all = (body: string, name: string) => [...body.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
