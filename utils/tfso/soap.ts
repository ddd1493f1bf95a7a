// SOAP 1.1 for 24SevenOffice's .asmx services: envelope building (values in the WSDL's order),
// the call, fault mapping, and typed reading of answers (validated with zod).
import { z } from 'zod';
import { type AppError, BadResponseError, formatPath, RateLimitedError, RemoteFaultError, SessionMissingError } from '../core/errors';
import { looksLikeHtml, sendRequest, type HttpFetch, type RequestGate } from '../core/http';
import { escapeXml, isNil, parseXml, XmlParseError, type XmlElement } from '../core/xml';
import { serviceLocation, type TfsoBases, type TfsoService } from './hosts';

export const TFSO_NS = 'http://24sevenOffice.com/webservices';
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** What every 24SO call needs. The browser's `http` sends cookies (credentials: 'include'). */
export interface TfsoContext {
  http: HttpFetch;
  bases: TfsoBases;
  timeoutMs?: number;
  /** For rate-limit arithmetic; defaults to the system clock. */
  now?: () => Date;
  /** Asked before each request (the pacer: utils/pacer); none = send at once. */
  gate?: RequestGate;
}

// ---- values ---------------------------------------------------------------------------------

/** Writes `<X xsi:nil="true" />` (for nillable elements). Null/undefined omit the element. */
export const NIL: unique symbol = Symbol('xsi:nil');

/** A value already in its wire form (e.g. a dateTime from the time module). Escaped, not re-encoded. */
export class SoapText {
  constructor(readonly text: string) {}
}

export type SoapScalar = string | number | bigint | boolean | Date | SoapText | typeof NIL;
export type SoapValue = SoapScalar | SoapParams | null | undefined;
/** One element: its exact (case-sensitive) WSDL name and its value. */
export type SoapParam = readonly [name: string, value: SoapValue];
/** Child elements in the WSDL's sequence order. Repeated elements are repeated pairs. */
export type SoapParams = readonly SoapParam[];

/**
 * xs:decimal text for a JS number: invariant culture, never exponent notation. Non-integers are
 * cut to 15 significant digits (what a double holds reliably), so 0.1 + 0.2 is written "0.3"
 * rather than carrying binary noise. Safe integers are written exactly.
 */
export function formatDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (n === 0) return '0';
  if (Number.isSafeInteger(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const [mant, expPart] = Math.abs(n).toExponential(14).split('e') as [string, string];
  const exp = Number(expPart);
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  let out: string;
  if (exp >= digits.length - 1) out = digits + '0'.repeat(exp - (digits.length - 1));
  else if (exp >= 0) out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  else out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return sign + out;
}

/** xs:dateTime as 24SO reads it: `YYYY-MM-DDTHH:mm:ss`, here from the instant's UTC fields.
 * Whether 24SO reads written times as UTC or Oslo time is open [U]; callers needing local time
 * pass a SoapText made by the time module instead of a Date. Sub-second parts are dropped. */
export function formatSoapDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return d.toISOString().slice(0, 19);
}

function encodeScalar(v: Exclude<SoapScalar, typeof NIL>): string {
  if (typeof v === 'string') return escapeXml(v);
  if (typeof v === 'number') return formatDecimal(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return formatSoapDateTime(v);
  return escapeXml(v.text);
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function writeParams(params: SoapParams, out: string[]): void {
  for (const [name, value] of params) {
    if (!ELEMENT_NAME.test(name)) throw new Error(`bad SOAP element name: ${JSON.stringify(name)}`);
    if (value === null || value === undefined) continue;
    if (value === NIL) out.push(`<${name} xsi:nil="true" />`);
    else if (Array.isArray(value)) {
      out.push(`<${name}>`);
      writeParams(value as SoapParams, out);
      out.push(`</${name}>`);
    } else out.push(`<${name}>${encodeScalar(value as Exclude<SoapScalar, typeof NIL>)}</${name}>`);
  }
}

export function buildEnvelope(operation: string, params: SoapParams = []): string {
  if (!ELEMENT_NAME.test(operation)) throw new Error(`bad operation name: ${operation}`);
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">`,
    '<soap:Body>',
    `<${operation} xmlns="${TFSO_NS}">`,
  ];
  writeParams(params, out);
  out.push(`</${operation}>`, '</soap:Body>', '</soap:Envelope>');
  return out.join('');
}

// ---- the call -------------------------------------------------------------------------------

export interface CallSoapOptions {
  http: HttpFetch;
  baseUrl: string;
  path: string;
  operation: string;
  body?: SoapParams;
  timeoutMs?: number;
  now?: () => Date;
  gate?: RequestGate;
}

/**
 * Posts one operation and returns its `<OpResult>` element (null when the answer has none, as
 * for an omitted minOccurs=0 result). Throws:
 * SessionMissingError('tfso') for "Session is not authenticated" or a login page (200 text/html);
 * RateLimitedError for the quarantine fault; RemoteFaultError for other faults and HTTP errors;
 * BadResponseError for non-XML, truncated or wrongly shaped answers; UnreachableError when no
 * answer came.
 */
export async function callSoap(opts: CallSoapOptions): Promise<XmlElement | null> {
  const { operation } = opts;
  const url = opts.baseUrl.replace(/\/+$/, '') + opts.path;
  const answer = await sendRequest({
    http: opts.http,
    gate: opts.gate,
    url,
    system: 'tfso',
    operation,
    timeoutMs: opts.timeoutMs,
    init: {
      method: 'POST',
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: `"${TFSO_NS}/${operation}"`,
      },
      body: buildEnvelope(operation, opts.body),
    },
  });
  const { status, headers, text } = answer;

  if (looksLikeHtml(headers, text)) {
    if (status === 200) throw new SessionMissingError('tfso', `${operation} answered a web page`);
    throw new RemoteFaultError('tfso', operation, `HTTP ${status}`, status);
  }

  let doc: XmlElement | null = null;
  let parseError: XmlParseError | null = null;
  try {
    doc = parseXml(text);
  } catch (e) {
    if (!(e instanceof XmlParseError)) throw e;
    parseError = e;
  }

  const body =
    doc && doc.name === 'Envelope' && doc.ns === SOAP_ENV_NS ? doc.children.filter((c) => c.name === 'Body' && c.ns === SOAP_ENV_NS) : [];
  const fault = body.length === 1 ? body[0]!.children.find((c) => c.name === 'Fault' && c.ns === SOAP_ENV_NS) : undefined;
  if (fault) {
    const faultstring = fault.children.find((c) => c.name === 'faultstring')?.text ?? '';
    throw mapFault(operation, faultstring, (opts.now ?? (() => new Date()))(), status);
  }
  if (status !== 200) throw new RemoteFaultError('tfso', operation, `HTTP ${status}`, status);
  if (parseError) throw new BadResponseError(operation, '(body)', `not well-formed XML: ${parseError.message}`);
  if (body.length !== 1) throw new BadResponseError(operation, 'Envelope/Body', 'not a SOAP 1.1 envelope with one Body');

  const elements = body[0]!.children;
  const response = elements[0];
  if (elements.length !== 1 || response!.name !== `${operation}Response` || response!.ns !== TFSO_NS) {
    throw new BadResponseError(operation, 'Envelope/Body', `expected one {${TFSO_NS}}${operation}Response`);
  }
  const results = response!.children.filter((c) => c.name === `${operation}Result` && c.ns === TFSO_NS);
  if (results.length > 1) throw new BadResponseError(operation, `${operation}Result`, 'appears more than once');
  return results[0] ?? null;
}

/** Calls `operation` on `service`, on the host that serves it. */
export function callService(ctx: TfsoContext, service: TfsoService, operation: string, body: SoapParams = []): Promise<XmlElement | null> {
  const { baseUrl, path } = serviceLocation(ctx.bases, service);
  return callSoap({ http: ctx.http, baseUrl, path, operation, body, timeoutMs: ctx.timeoutMs, now: ctx.now, gate: ctx.gate });
}

const FAULT_PREFIX = /^Server was unable to (?:process|read) request\. ---> /;
const RATE_LIMIT = /Limit exceeded by (\d+)\. Request is blocked\. Quarantine ends at (.+?)\.?\s*$/;
const RATE_LIMIT_FALLBACK_MS = 60 * 60_000; // the limit is per hour

/** Maps a SOAP faultstring to the error the UI understands. */
export function mapFault(operation: string, faultstring: string, now: Date, status = 500): AppError {
  if (/Session is not authenticated/i.test(faultstring))
    return new SessionMissingError('tfso', `${operation}: session is not authenticated`);
  const rl = RATE_LIMIT.exec(faultstring);
  if (rl) {
    const until = parseQuarantineEnd(rl[2]!);
    const ms = until ? Math.max(0, until.getTime() - now.getTime()) : RATE_LIMIT_FALLBACK_MS;
    return new RateLimitedError('tfso', ms, until ? { until } : {});
  }
  return new RemoteFaultError('tfso', operation, faultstring.replace(FAULT_PREFIX, '').trim() || `HTTP ${status}`, status);
}

/**
 * The quarantine end as 24SO writes it. The real format is undocumented: accept ISO 8601 (no zone
 * = UTC, as 24SO's times are), `dd.MM.yyyy HH:mm:ss` and US `M/d/yyyy h:mm:ss AM`.
 */
export function parseQuarantineEnd(s: string): Date | null {
  const t = s.trim();
  let m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(t);
  if (m) {
    const zone = m[8] ?? 'Z';
    const d = new Date(
      `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
    );
    return Number.isNaN(d.getTime()) ? null : d;
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(t);
  if (m) return utc(+m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d\d)(?::(\d\d))? ?([AP]M)$/i.exec(t);
  if (m) {
    const h = (+m[4]! % 12) + (m[7]!.toUpperCase() === 'PM' ? 12 : 0);
    return utc(+m[3]!, +m[1]!, +m[2]!, h, +m[5]!, +(m[6] ?? 0));
  }
  return null;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? date : null;
}

// ---- reading answers ------------------------------------------------------------------------

const INT_MIN = -2147483648;
const LONG_MIN = '-9223372036854775808';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Text of an xs:int; null for the .NET "not set" minimum. Throws on anything else. */
export function parseSoapInt(text: string): number | null {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new Error(`not an xs:int: ${JSON.stringify(text)}`);
  const n = Number(text.trim());
  if (n === INT_MIN) return null;
  if (n < INT_MIN || n > 2147483647) throw new Error(`out of xs:int range: ${text}`);
  return n;
}

/** xs:long as a JS number; null for long.MinValue; refuses values beyond 2^53. */
export function parseSoapLong(text: string): number | null {
  const t = text.trim().replace(/^\+/, '');
  if (!/^-?\d+$/.test(t)) throw new Error(`not an xs:long: ${JSON.stringify(text)}`);
  if (t === LONG_MIN) return null;
  const n = Number(t);
  if (!Number.isSafeInteger(n)) throw new Error(`xs:long too large for this client: ${t}`);
  return n;
}

export function parseSoapDecimal(text: string): number {
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) throw new Error(`not an xs:decimal: ${JSON.stringify(text)}`);
  return Number(t);
}

export function parseSoapBool(text: string): boolean {
  const t = text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new Error(`not an xs:boolean: ${JSON.stringify(text)}`);
}

/** xs:dateTime → instant. No zone means UTC (24SO answers in UTC); 0001-01-01T00:00:00 → null. */
export function parseSoapDateTime(text: string): Date | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/.exec(text.trim());
  if (!m) throw new Error(`not an xs:dateTime: ${JSON.stringify(text)}`);
  if (m[1] === '0001' && m[2] === '01' && m[3] === '01' && m[4] === '00' && m[5] === '00' && m[6] === '00') return null;
  const frac = m[7] ? m[7].slice(0, 4).padEnd(4, '0') : '';
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac}${m[8] ?? 'Z'}`);
  if (Number.isNaN(d.getTime()) || (!m[8] && d.getUTCDate() !== +m[3]!)) throw new Error(`invalid xs:dateTime: ${text}`);
  return d;
}

/** Guid text; null for the all-zero "not set" default. */
export function parseSoapGuid(text: string): string | null {
  const t = text.trim();
  if (!GUID_RE.test(t)) throw new Error(`not a guid: ${JSON.stringify(text)}`);
  return t.toLowerCase() === ZERO_GUID ? null : t.toLowerCase();
}

/** A leaf as toPlain gives it: its text, or null for xsi:nil. Absent elements are undefined. */
type Leaf = string | null | undefined;

function leaf<T>(parse: (t: string) => T) {
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((v: Leaf, ctx): T | null => {
      if (v === null || v === undefined) return null;
      try {
        return parse(v);
      } catch (e) {
        ctx.issues.push({ code: 'custom', message: (e as Error).message, input: v });
        return z.NEVER;
      }
    });
}

/**
 * zod readers for leaves produced by `toPlain`. Each accepts the text, null (xsi:nil) or an
 * omitted element and yields the typed value or null: 24SO means "not set" by all of omission,
 * nil and the .NET minimums. Wrap in `required(x)` where a value must be there.
 */
export const xs = {
  string: leaf((t) => t),
  int: leaf(parseSoapInt),
  long: leaf(parseSoapLong),
  decimal: leaf(parseSoapDecimal),
  bool: leaf(parseSoapBool),
  dateTime: leaf(parseSoapDateTime),
  guid: leaf(parseSoapGuid),
};

/** Narrows a nullable reader to "must have a value". */
export function required<T>(schema: z.ZodType<T | null, Leaf>) {
  return schema.pipe(z.custom<T>((v) => v !== null && v !== undefined, { message: 'value is missing' }));
}

export interface ToPlainOptions {
  /** Element names that are ArrayOfX containers: they become arrays of their children. */
  lists?: readonly string[];
}

/**
 * An element as plain data for a zod schema: elements with children become objects keyed by
 * local name (a repeated name becomes an array, which a schema expecting one value rejects);
 * leaves become their text, or null for xsi:nil. Names listed in `lists` become arrays, so a
 * one-element list is still a list.
 */
export function toPlain(el: XmlElement, opts: ToPlainOptions = {}): unknown {
  const lists = new Set(opts.lists ?? []);
  const conv = (e: XmlElement, asList: boolean): unknown => {
    if (asList) return isNil(e) ? null : e.children.map((c) => conv(c, lists.has(c.name)));
    if (e.children.length === 0) return isNil(e) ? null : e.text;
    const obj: Record<string, unknown> = {};
    for (const c of e.children) {
      const v = conv(c, lists.has(c.name));
      if (!(c.name in obj)) obj[c.name] = v;
      else if (Array.isArray(obj[c.name]) && (obj[c.name] as { __repeated?: true }).__repeated) (obj[c.name] as unknown[]).push(v);
      else {
        const arr = [obj[c.name], v];
        Object.defineProperty(arr, '__repeated', { value: true });
        obj[c.name] = arr;
      }
    }
    return obj;
  };
  return conv(el, lists.has(el.name));
}

/** An ArrayOfX element as an array of its `itemName` children (anything else is a bad answer). */
export function toPlainList(operation: string, el: XmlElement | null, itemName: string, opts: ToPlainOptions = {}): unknown[] {
  if (el === null || isNil(el)) return [];
  return el.children.map((c, i) => {
    if (c.name !== itemName || c.ns !== TFSO_NS) {
      throw new BadResponseError(operation, `[${i}]`, `expected <${itemName}>, got <${c.name}>`);
    }
    return toPlain(c, opts);
  });
}

/** Validates plain data; a failure names the operation and the field path. */
export function parseWith<S extends z.ZodType>(operation: string, schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new BadResponseError(operation, formatPath(issue.path) || '(result)', issue.message);
}

// ---- direct reading helpers (for simple results) --------------------------------------------

function readLeaf<T>(operation: string, el: XmlElement | null | undefined, path: string, parse: (t: string) => T): T | null {
  if (!el || isNil(el)) return null;
  if (el.children.length) throw new BadResponseError(operation, path, 'expected a value, got elements');
  try {
    return parse(el.text);
  } catch (e) {
    throw new BadResponseError(operation, path, (e as Error).message);
  }
}

const childOf = (el: XmlElement | null, name: string) => el?.children.find((c) => c.name === name);

export const read = {
  text: (op: string, el: XmlElement | null) => readLeaf(op, el, `${op}Result`, (t) => t),
  bool: (op: string, el: XmlElement | null) => readLeaf(op, el, `${op}Result`, parseSoapBool),
  int: (op: string, el: XmlElement | null) => readLeaf(op, el, `${op}Result`, parseSoapInt),
  long: (op: string, el: XmlElement | null) => readLeaf(op, el, `${op}Result`, parseSoapLong),
  decimal: (op: string, el: XmlElement | null) => readLeaf(op, el, `${op}Result`, parseSoapDecimal),
  dateTime: (op: string, el: XmlElement | null) => readLeaf(op, el, `${op}Result`, parseSoapDateTime),
  childText: (op: string, el: XmlElement | null, name: string) => readLeaf(op, childOf(el, name), name, (t) => t),
  childInt: (op: string, el: XmlElement | null, name: string) => readLeaf(op, childOf(el, name), name, parseSoapInt),
  childLong: (op: string, el: XmlElement | null, name: string) => readLeaf(op, childOf(el, name), name, parseSoapLong),
  childDecimal: (op: string, el: XmlElement | null, name: string) => readLeaf(op, childOf(el, name), name, parseSoapDecimal),
  childBool: (op: string, el: XmlElement | null, name: string) => readLeaf(op, childOf(el, name), name, parseSoapBool),
  childDateTime: (op: string, el: XmlElement | null, name: string) => readLeaf(op, childOf(el, name), name, parseSoapDateTime),
};
