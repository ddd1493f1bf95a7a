// SOAP 1.1 envelopes read and written strictly against wsdl-schema.json.
// Reading turns the body's wrapper element into plain JS values (numbers, strings, booleans, Dates,
// arrays, objects keyed by element name; null for xsi:nil). Writing emits a value's elements in the
// WSDL's sequence order, as the real ASP.NET XmlSerializer does.
import { readFileSync } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { ElementDecl, OperationDecl, ServiceSchema, WsdlSchema } from './schema-types.js';

export const TNS = 'http://24sevenOffice.com/webservices';
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export const SCHEMA: WsdlSchema = JSON.parse(readFileSync(new URL('./wsdl-schema.json', import.meta.url), 'utf8')) as WsdlSchema;

/** A SOAP fault the simulator answers with (HTTP 500 unless told otherwise). */
export class SoapFault extends Error {
  constructor(
    readonly faultstring: string,
    readonly faultcode: 'soap:Server' | 'soap:Client' | 'soap:VersionMismatch' = 'soap:Server',
    readonly status = 500,
  ) {
    super(faultstring);
  }
}

/** "Server was unable to process request. ---> <msg>": the shape of faults raised inside an operation. */
export const processFault = (msg: string) => new SoapFault(`Server was unable to process request. ---> ${msg}`, 'soap:Server');

/** XmlSerializer failures while reading the request: soap:Client, with the document position. */
function readFault(pos: Pos, inner: string): SoapFault {
  return new SoapFault(
    `Server was unable to read request. ---> There is an error in XML document (${pos.line}, ${pos.column}). ---> ${inner}`,
    'soap:Client',
  );
}

/**
 * Faults that exist only in the simulator: the real server silently ignores unknown or wrongly
 * cased elements and out-of-order ones (so a misspelt filter silently fetches everything). We
 * refuse them, naming the element, so client bugs show up in tests. The prefix keeps the real shape.
 */
function strictFault(pos: Pos, msg: string): SoapFault {
  return new SoapFault(
    `Server was unable to read request. ---> [24SO simulator strictness; the real server would silently ignore this] (${pos.line}, ${pos.column}): ${msg}`,
    'soap:Client',
  );
}

interface Pos {
  line: number;
  column: number;
}
export interface XmlNode extends Pos {
  ns: string;
  local: string;
  attrs: Record<string, { ns: string; value: string }>;
  children: XmlNode[];
  text: string;
}

export function parseXml(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: XmlNode['attrs'] = {};
    for (const a of Object.values(tag.attributes)) attrs[a.local] = { ns: a.uri, value: a.value };
    const node: XmlNode = { ns: tag.uri, local: tag.local, attrs, children: [], text: '', line: parser.line, column: parser.column };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    throw readFault({ line: parser.line, column: parser.column }, `${(e as Error).message.replace(/^undefined:/, '').trim()}`);
  }
  if (!root) throw readFault({ line: 1, column: 1 }, 'Root element is missing.');
  return root;
}

export interface ParsedRequest {
  op: string;
  params: Record<string, unknown>;
}

/**
 * Reads a request envelope for `op` of `service`: the Body must hold exactly the operation's
 * wrapper element in the 24SO namespace, and everything inside must follow the WSDL.
 */
export function readRequest(service: ServiceSchema, op: string, body: string): ParsedRequest {
  const decl = service.operations[op];
  const env = parseXml(body);
  if (env.local !== 'Envelope' || env.ns !== SOAP_ENV) {
    if (env.local === 'Envelope' && env.ns === SOAP12_ENV) {
      throw new SoapFault(
        `Possible SOAP version mismatch: Envelope namespace ${env.ns} was unexpected. Expecting ${SOAP_ENV}.`,
        'soap:VersionMismatch',
      );
    }
    throw readFault(env, `<${env.local} xmlns='${env.ns}'> was not expected.`);
  }
  const bodies = env.children.filter((c) => c.ns === SOAP_ENV && c.local === 'Body');
  const others = env.children.filter((c) => !(c.ns === SOAP_ENV && (c.local === 'Body' || c.local === 'Header')));
  if (bodies.length !== 1 || others.length)
    throw readFault(env, 'The SOAP envelope must hold one soap:Body (and at most one soap:Header).');
  const wrappers = bodies[0].children;
  if (wrappers.length !== 1) throw readFault(bodies[0], `soap:Body must hold exactly one element, found ${wrappers.length}.`);
  const w = wrappers[0];
  if (w.local !== decl.input || w.ns !== TNS) {
    // What ASP.NET says when the body does not hold the element the SOAPAction names (wrong name, case or namespace).
    throw readFault(w, `<${w.local} xmlns='${w.ns}'> was not expected.`);
  }
  const params = readSequence(service, w, service.elements[decl.input], decl.input);
  return { op, params };
}

function isNil(n: XmlNode): boolean {
  const a = n.attrs.nil;
  return !!a && a.ns === XSI && (a.value === 'true' || a.value === '1');
}

function readSequence(service: ServiceSchema, parent: XmlNode, decls: ElementDecl[], typeName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (parent.text.trim() !== '') throw strictFault(parent, `text content is not allowed in ${typeName}.`);
  let idx = 0;
  const seen = new Map<string, number>();
  for (const child of parent.children) {
    const expected = decls.map((d) => d.name).join(', ') || '(none)';
    if (child.ns !== TNS) {
      throw strictFault(
        child,
        `element '${child.local}' in namespace '${child.ns || '(none)'}' is not part of ${typeName}; child elements must be in namespace ${TNS} (elementFormDefault=qualified). Expected: ${expected}.`,
      );
    }
    const j = decls.findIndex((d) => d.name === child.local);
    if (j < 0) {
      const ci = decls.find((d) => d.name.toLowerCase() === child.local.toLowerCase());
      throw strictFault(
        child,
        ci
          ? `element '${child.local}' is not part of ${typeName}: element names are case-sensitive, did you mean '${ci.name}'?`
          : `unknown element '${child.local}' in ${typeName}. Expected: ${expected}.`,
      );
    }
    const d = decls[j];
    if (j < idx) {
      if (seen.has(d.name) && j === idx - 1 && d.maxOccurs === 'unbounded') {
        /* repeat of the current item */
      } else if (seen.has(d.name)) throw strictFault(child, `element '${child.local}' appears more than once in ${typeName}.`);
      else throw strictFault(child, `element '${child.local}' is out of order in ${typeName}: the WSDL sequence is ${expected}.`);
    }
    for (let k = idx; k < j; k++) requirePresent(decls[k], seen, child, typeName);
    idx = j + 1;
    seen.set(d.name, (seen.get(d.name) ?? 0) + 1);
    const value = readValue(service, child, d);
    if (d.maxOccurs === 'unbounded') ((out[d.name] ??= []) as unknown[]).push(value);
    else out[d.name] = value;
  }
  for (let k = idx; k < decls.length; k++) requirePresent(decls[k], seen, parent, typeName);
  return out;
}

function requirePresent(d: ElementDecl, seen: Map<string, number>, at: XmlNode, typeName: string): void {
  if (d.minOccurs >= 1 && !seen.has(d.name)) {
    // .NET would default the value silently; a WSDL-driven client (zeep) refuses to send without it.
    throw strictFault(
      at,
      `required element '${d.name}' (minOccurs=1) is missing in ${typeName}${d.nillable ? '; send xsi:nil="true" for no value' : ''}.`,
    );
  }
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  'xs:int': [-2147483648n, 2147483647n],
  'xs:long': [-9223372036854775808n, 9223372036854775807n],
  'xs:short': [-32768n, 32767n],
  'xs:unsignedByte': [0n, 255n],
  'xs:byte': [-128n, 127n],
};
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

function readValue(service: ServiceSchema, n: XmlNode, d: ElementDecl): unknown {
  if (isNil(n)) {
    if (!d.nillable) throw strictFault(n, `element '${d.name}' is not nillable.`);
    return null;
  }
  return readTyped(service, n, d.type, d.name);
}

function readTyped(service: ServiceSchema, n: XmlNode, type: string, name: string): unknown {
  const [prefix, local] = type.split(':');
  if (prefix === 'tns') {
    const arr = service.arrays[local];
    if (arr) {
      const items = readSequence(service, n, service.types[local], local)[arr.item];
      return (items as unknown[] | undefined) ?? [];
    }
    if (service.types[local]) return readSequence(service, n, service.types[local], local);
    const en = service.enums[local];
    if (en) {
      if (n.children.length) throw strictFault(n, `element '${name}' must hold text.`);
      const v = n.text.trim();
      if (!en.includes(v)) throw processFault(`Instance validation error: '${v}' is not a valid value for ${local}.`);
      return v;
    }
    throw new Error(`schema: unknown type ${type}`);
  }
  if (type === 'xs:anyType') return n;
  if (n.children.length) throw strictFault(n, `element '${name}' must hold text, not elements.`);
  const raw = n.text;
  const v = raw.trim();
  if (INT_RANGES[type]) {
    if (!/^[+-]?\d+$/.test(v)) throw readFault(n, 'Input string was not in a correct format.');
    const b = BigInt(v);
    const [lo, hi] = INT_RANGES[type];
    if (b < lo || b > hi)
      throw readFault(
        n,
        `Value was either too large or too small for an ${local === 'int' ? 'Int32' : local === 'long' ? 'Int64' : local}.`,
      );
    return Number(b);
  }
  switch (type) {
    case 'xs:string':
      return raw;
    case 'xs:decimal':
      // XmlConvert.ToDecimal: invariant culture, no exponent notation ("1E2" is refused).
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) throw readFault(n, 'Input string was not in a correct format.');
      return Number(v);
    case 'xs:double':
    case 'xs:float':
      if (v === 'INF') return Infinity;
      if (v === '-INF') return -Infinity;
      if (v === 'NaN') return NaN;
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) throw readFault(n, 'Input string was not in a correct format.');
      return Number(v);
    case 'xs:boolean':
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      throw readFault(n, `The string '${v}' is not a valid Boolean value.`);
    case 'xs:dateTime': {
      const m = DATETIME.exec(v);
      const date = m ? parseDateTime(v) : null;
      if (!date) throw readFault(n, `The string '${v}' is not a valid AllXsd value.`);
      return date;
    }
    case 'ms:guid':
      if (!GUID.test(v)) throw readFault(n, 'Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).');
      return v.toLowerCase();
    case 'xs:base64Binary':
      return Buffer.from(v, 'base64');
    default:
      throw new Error(`schema: unsupported builtin ${type}`);
  }
}

/**
 * A dateTime without offset is read as UTC here. The real server's reading of unzoned hour times
 * (UTC or Europe/Oslo) is not documented; clients should send an explicit offset.
 */
export function parseDateTime(v: string): Date | null {
  const m = DATETIME.exec(v);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
  if (+y < 1 || +h > 23 || +mi > 59 || +s > 59) return null;
  const at = new Date(Date.UTC(2000, 0, 1, +h, +mi, +s, ms));
  at.setUTCFullYear(+y, +mo - 1, +d); // setUTCFullYear keeps years 1–99 (Date.UTC maps them to 19xx)
  if (at.getUTCFullYear() !== +y || at.getUTCMonth() !== +mo - 1 || at.getUTCDate() !== +d) return null;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    at.setTime(at.getTime() - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000);
  }
  return at;
}

// ---------------------------------------------------------------- writing

const XML_SPECIAL = /[&<>"]/;
export const escapeXml = (s: string) =>
  !XML_SPECIAL.test(s) ? s : s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** .NET's DateTime.MinValue, serialised as the real server does for "not set". */
export const DOTNET_MIN_DATE = new Date(Date.UTC(0, 0, 1));
DOTNET_MIN_DATE.setUTCFullYear(1);
export const DOTNET_MIN_INT = -2147483648;

/** Dates go out in UTC; MinValue as the unzoned 0001-01-01T00:00:00 that .NET writes. */
export function formatDateTime(d: Date): string {
  if (d.getTime() === DOTNET_MIN_DATE.getTime()) return '0001-01-01T00:00:00';
  const iso = d.toISOString(); // 2026-01-01T10:00:00.000Z
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso; // the only '.' is the fraction's
}

/** Plain decimal notation, never exponent (numbers like 1e-7 would otherwise print that way). */
export function formatDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite decimal: ${n}`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** `"tns:Project"` → `["tns", "Project"]`, split once per type name. */
const typeParts = new Map<string, [string, string]>();
function splitType(type: string): [string, string] {
  let parts = typeParts.get(type);
  if (!parts) {
    const [prefix, local] = type.split(':');
    parts = [prefix!, local!];
    typeParts.set(type, parts);
  }
  return parts;
}

/** The element names of a sequence, as a set (made once per declaration list). */
const sequenceNames = new WeakMap<ElementDecl[], Set<string>>();
function namesOf(decls: ElementDecl[]): Set<string> {
  let names = sequenceNames.get(decls);
  if (!names) {
    names = new Set(decls.map((d) => d.name));
    sequenceNames.set(decls, names);
  }
  return names;
}

function writeValue(service: ServiceSchema, name: string, type: string, value: unknown, path: string): string {
  const [prefix, local] = splitType(type);
  if (prefix === 'tns') {
    const arr = service.arrays[local];
    if (arr) {
      if (!Array.isArray(value)) throw new Error(`${path}: ${type} needs an array`);
      const inner = value
        .map((v, i) => (v === null ? `<${arr.item} xsi:nil="true" />` : writeValue(service, arr.item, arr.type, v, `${path}[${i}]`)))
        .join('');
      return inner ? `<${name}>${inner}</${name}>` : `<${name} />`;
    }
    if (service.types[local]) {
      // Children are never written as an empty pair (empties self-close; no enum value is ''), so
      // the element is empty exactly when its content is.
      const inner = writeSequence(service, service.types[local], value as Record<string, unknown>, path);
      return inner ? `<${name}>${inner}</${name}>` : `<${name} />`;
    }
    const en = service.enums[local];
    if (en) {
      if (typeof value !== 'string' || !en.includes(value)) throw new Error(`${path}: '${String(value)}' is not a ${local}`);
      return `<${name}>${value}</${name}>`;
    }
    throw new Error(`schema: unknown type ${type}`);
  }
  let text: string;
  switch (type) {
    case 'xs:string':
      text = escapeXml(String(value));
      break;
    case 'xs:int':
    case 'xs:long':
    case 'xs:short':
      if (!Number.isInteger(value)) throw new Error(`${path}: ${String(value)} is not an integer`);
      text = String(value);
      break;
    case 'xs:decimal':
      text = formatDecimal(value as number);
      break;
    case 'xs:double':
    case 'xs:float':
      text = String(value);
      break;
    case 'xs:boolean':
      text = value ? 'true' : 'false';
      break;
    case 'xs:dateTime':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Error(`${path}: not a Date`);
      text = formatDateTime(value);
      break;
    case 'ms:guid':
      text = String(value);
      break;
    case 'xs:anyType':
      return '';
    default:
      throw new Error(`schema: unsupported builtin ${type}`);
  }
  return text === '' ? `<${name} />` : `<${name}>${text}</${name}>`;
}

/**
 * Writes `value`'s fields as the type's elements in WSDL order. Undefined = omitted; null = xsi:nil
 * where nillable (omitted otherwise). Unknown keys and missing required elements throw: they are
 * simulator bugs that would make a strict client reject the answer.
 */
export function writeSequence(service: ServiceSchema, decls: ElementDecl[], value: Record<string, unknown>, path: string): string {
  const known = namesOf(decls);
  for (const k of Object.keys(value)) if (!known.has(k)) throw new Error(`${path}: '${k}' is not in the WSDL sequence`);
  let out = '';
  for (const d of decls) {
    const v = value[d.name];
    if (v === undefined || (v === null && !d.nillable)) {
      if (d.minOccurs >= 1) throw new Error(`${path}.${d.name} is required by the WSDL`);
      continue;
    }
    if (v === null) {
      out += `<${d.name} xsi:nil="true" />`;
      continue;
    }
    if (d.maxOccurs === 'unbounded') {
      for (const [i, item] of (v as unknown[]).entries()) out += writeValue(service, d.name, d.type, item, `${path}.${d.name}[${i}]`);
    } else out += writeValue(service, d.name, d.type, v, `${path}.${d.name}`);
  }
  return out;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>';
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

/** `<OpResponse xmlns=…><OpResult>…</OpResult></OpResponse>`; `result` undefined for void operations. */
export function writeResponse(service: ServiceSchema, decl: OperationDecl, result: unknown): string {
  const seq = service.elements[decl.output];
  const inner = decl.result === null ? '' : writeSequence(service, seq, { [decl.result]: result }, decl.output);
  return `${ENVELOPE_OPEN}<${decl.output} xmlns="${TNS}">${inner}</${decl.output}>${ENVELOPE_CLOSE}`;
}

export function writeFault(f: SoapFault): string {
  return `${ENVELOPE_OPEN}<soap:Fault><faultcode>${f.faultcode}</faultcode><faultstring>${escapeXml(f.faultstring)}</faultstring><detail /></soap:Fault>${ENVELOPE_CLOSE}`;
}
