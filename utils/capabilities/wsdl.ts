// Reads what a live WSDL (ASP.NET asmx `?WSDL`) offers: its operations and the element sequence of
// each complex type. Parsed with the project's strict XML parser; anything that is not a WSDL 1.1
// document (a login page, a truncated answer) is a WsdlError, so the check says "unknown", never
// "absent", for a document it could not read.
import { parseXml, XmlParseError, type XmlElement } from '../core/xml';

export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

export class WsdlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WsdlError';
  }
}

export interface WsdlSummary {
  targetNamespace: string | null;
  /** Operation names of the port types. */
  operations: Set<string>;
  /** Complex types by name (named ones, and the anonymous type of a top-level element under the
   * element's name), each as its element names in sequence order, base types' elements first. */
  types: Map<string, string[]>;
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);
const attrOf = (el: XmlElement, name: string) => el.attrs.find((a) => a.name === name && a.ns === null)?.value;
const kids = (el: XmlElement, name: string, ns: string) => el.children.filter((c) => c.name === name && c.ns === ns);

export function readWsdl(text: string): WsdlSummary {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    throw new WsdlError(e instanceof XmlParseError ? `not well-formed XML: ${e.message}` : String(e));
  }
  if (root.name !== 'definitions' || root.ns !== WSDL_NS) throw new WsdlError(`not a WSDL 1.1 document (root <${root.name}>)`);

  const operations = new Set<string>();
  for (const pt of kids(root, 'portType', WSDL_NS)) {
    for (const op of kids(pt, 'operation', WSDL_NS)) {
      const name = attrOf(op, 'name');
      if (name) operations.add(name);
    }
  }

  // Each complex type's own elements and its base (complexContent/extension), resolved below.
  const raw = new Map<string, { base: string | null; own: string[] }>();
  const readComplex = (ct: XmlElement) => {
    let base: string | null = null;
    let body = ct;
    const cc = kids(ct, 'complexContent', XSD_NS)[0];
    const ext = cc && kids(cc, 'extension', XSD_NS)[0];
    if (ext) {
      base = localName(attrOf(ext, 'base') ?? '') || null;
      body = ext;
    }
    const own: string[] = [];
    const walk = (el: XmlElement) => {
      for (const c of el.children) {
        if (c.ns !== XSD_NS) continue;
        if (c.name === 'element') {
          const n = attrOf(c, 'name') ?? localName(attrOf(c, 'ref') ?? '');
          if (n) own.push(n);
        } else if (c.name === 'sequence' || c.name === 'all' || c.name === 'choice') walk(c);
      }
    };
    walk(body);
    return { base, own };
  };
  for (const types of kids(root, 'types', WSDL_NS)) {
    for (const schema of kids(types, 'schema', XSD_NS)) {
      for (const c of schema.children) {
        if (c.ns !== XSD_NS) continue;
        const name = attrOf(c, 'name');
        if (!name) continue;
        if (c.name === 'complexType') raw.set(name, readComplex(c));
        else if (c.name === 'element') {
          const anon = kids(c, 'complexType', XSD_NS)[0];
          if (anon && !raw.has(name)) raw.set(name, readComplex(anon));
        }
      }
    }
  }
  const types = new Map<string, string[]>();
  const resolve = (name: string, seen: Set<string>): string[] => {
    const done = types.get(name);
    if (done) return done;
    const t = raw.get(name);
    if (!t) return [];
    if (seen.has(name)) throw new WsdlError(`type ${name} extends itself`);
    seen.add(name);
    const all = [...(t.base ? resolve(t.base, seen) : []), ...t.own];
    types.set(name, all);
    return all;
  };
  for (const name of raw.keys()) resolve(name, new Set());
  if (operations.size === 0) throw new WsdlError('the document declares no operations');
  return { targetNamespace: attrOf(root, 'targetNamespace') ?? null, operations, types };
}
