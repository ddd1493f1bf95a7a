// Reads one public 24SO WSDL document into the simulator's schema shape (schema-types.ts). Used by
// gen-schema.ts (dev: the JSON the simulator checks against) and by the tests that prove the live
// WSDL the simulator serves declares exactly what it accepts.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { ElementDecl, ServiceSchema } from './schema-types.js';

const XS = 'http://www.w3.org/2001/XMLSchema';
const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/';
const TNS = 'http://24sevenOffice.com/webservices';
const MS = 'http://microsoft.com/wsdl/types/';

/** Which WSDL file is which service, and where production serves it. */
export const WSDL_SERVICES: Record<string, { file: string; host: 'api' | 'webservices'; path: string; portType: string }> = {
  auth: { file: 'authService.wsdl', host: 'api', path: '/authenticate/v001/authenticate.asmx', portType: 'AuthenticateSoap' },
  client: { file: 'clientService.wsdl', host: 'api', path: '/Client/V001/ClientService.asmx', portType: 'ClientServiceSoap' },
  company: { file: 'companyService.wsdl', host: 'api', path: '/CRM/Company/V001/CompanyService.asmx', portType: 'CompanyServiceSoap' },
  invoice: {
    file: 'invoiceService.wsdl',
    host: 'api',
    path: '/Economy/InvoiceOrder/V001/InvoiceService.asmx',
    portType: 'InvoiceServiceSoap',
  },
  person: { file: 'personService.wsdl', host: 'webservices', path: '/CRM/Contact/PersonService.asmx', portType: 'PersonServiceSoap' },
  project: { file: 'projectService.wsdl', host: 'webservices', path: '/Project/V001/ProjectService.asmx', portType: 'ProjectServiceSoap' },
  time: { file: 'timeService.wsdl', host: 'webservices', path: '/timesheet/v001/timeservice.asmx', portType: 'TimeServiceSoap' },
};

interface Node {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: Node[];
  prefixes: Record<string, string>;
}

function parseXml(text: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
    const prefixes: Record<string, string> = { ...(stack.at(-1)?.prefixes ?? {}), ...tag.ns };
    const node: Node = { ns: tag.uri, local: tag.local, attrs, children: [], prefixes };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(text).close();
  if (!root) throw new Error('empty document');
  return root;
}

/** "s:int" → "xs:int", "tns:Project" → "tns:Project", "s1:guid" → "ms:guid". */
function qname(node: Node, value: string | undefined): string {
  if (!value) return 'xs:anyType'; // an element without a type is xs:anyType (e.g. PageOfSyncCompany.Context)
  const [prefix, local] = value.includes(':') ? value.split(':') : ['', value];
  const uri = node.prefixes[prefix];
  if (uri === XS) return `xs:${local}`;
  if (uri === TNS) return `tns:${local}`;
  if (uri === MS) return `ms:${local}`;
  throw new Error(`unknown namespace for ${value}`);
}

const kids = (n: Node, ns: string, local: string) => n.children.filter((c) => c.ns === ns && c.local === local);
const kid = (n: Node, ns: string, local: string) => kids(n, ns, local)[0];

function sequenceOf(ct: Node | undefined): ElementDecl[] {
  if (!ct) return [];
  const unsupported = ct.children.filter((c) => c.ns === XS && !['sequence', 'anyAttribute'].includes(c.local));
  if (unsupported.length) throw new Error(`unsupported schema construct ${unsupported[0].local}`);
  const seq = kid(ct, XS, 'sequence');
  if (!seq) return [];
  return seq.children.map((e) => {
    if (e.ns !== XS || e.local !== 'element') throw new Error(`unsupported sequence item ${e.local}`);
    const decl: ElementDecl = {
      name: e.attrs.name,
      type: qname(e, e.attrs.type),
      minOccurs: Number(e.attrs.minOccurs ?? '1'),
      maxOccurs: e.attrs.maxOccurs === 'unbounded' ? 'unbounded' : Number(e.attrs.maxOccurs ?? '1'),
      nillable: e.attrs.nillable === 'true',
    };
    if (e.attrs.default !== undefined) decl.default = e.attrs.default;
    return decl;
  });
}

/** The service `key` (a WSDL_SERVICES key) as its WSDL `text` declares it, nothing added. */
export function parseServiceWsdl(key: string, text: string): ServiceSchema {
  const meta = WSDL_SERVICES[key];
  const root = parseXml(text);
  const out: ServiceSchema = {
    wsdl: meta.file,
    host: meta.host,
    path: meta.path,
    operations: {},
    elements: {},
    types: {},
    enums: {},
    arrays: {},
  };
  for (const schema of kids(kid(root, WSDL, 'types'), XS, 'schema')) {
    const target = schema.attrs.targetNamespace;
    for (const n of schema.children) {
      if (n.ns !== XS) continue;
      if (target === MS) {
        if (n.local === 'simpleType' && n.attrs.name === 'guid') continue; // built into the validator as ms:guid
        throw new Error(`unexpected ${n.local} in ${MS}`);
      }
      if (n.local === 'element') {
        if (n.attrs.type) continue; // top-level header elements (PersonService Authentication): not bodies
        out.elements[n.attrs.name] = sequenceOf(kid(n, XS, 'complexType'));
      } else if (n.local === 'complexType') {
        const seq = sequenceOf(n);
        out.types[n.attrs.name] = seq;
        if (n.attrs.name.startsWith('ArrayOf') && seq.length === 1 && seq[0].maxOccurs === 'unbounded') {
          out.arrays[n.attrs.name] = { item: seq[0].name, type: seq[0].type, nillable: seq[0].nillable };
        }
      } else if (n.local === 'simpleType') {
        const r = kid(n, XS, 'restriction');
        out.enums[n.attrs.name] = kids(r, XS, 'enumeration').map((e) => e.attrs.value);
      }
    }
  }
  const messages = new Map<string, string>();
  for (const m of kids(root, WSDL, 'message')) {
    const part = kid(m, WSDL, 'part');
    if (part?.attrs.element) messages.set(m.attrs.name, part.attrs.element.split(':')[1]);
  }
  const binding = kids(root, WSDL, 'binding').find((b) => b.attrs.name === meta.portType);
  if (!binding) throw new Error(`no binding ${meta.portType} in ${meta.file}`);
  const portType = kids(root, WSDL, 'portType').find((p) => p.attrs.name === binding.attrs.type.split(':')[1])!;
  for (const op of kids(binding, WSDL, 'operation')) {
    const name = op.attrs.name;
    const soapOp = kid(op, SOAP, 'operation');
    const pt = kids(portType, WSDL, 'operation').find((o) => o.attrs.name === name)!;
    const input = messages.get(kid(pt, WSDL, 'input').attrs.message.split(':')[1])!;
    const output = messages.get(kid(pt, WSDL, 'output').attrs.message.split(':')[1])!;
    const outSeq = out.elements[output];
    const headers = kids(kid(op, WSDL, 'input'), SOAP, 'header').map((h) => h.attrs.part);
    out.operations[name] = {
      soapAction: soapOp.attrs.soapAction,
      input,
      output,
      result: outSeq.length ? outSeq[0].name : null,
      ...(headers.length ? { soapHeaders: headers } : {}),
    };
  }
  return out;
}
