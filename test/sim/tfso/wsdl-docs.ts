// The live WSDL documents (`<service>.asmx?WSDL`): the public documents in ./wsdl, byte for byte,
// plus what the switches in force add — the [A] operations (with `assumedOps`, so a client that
// reads the live WSDL finds them) and the newer TimeService's InternalNote/ChangedAfter (with
// `hourInternalNote`). Additions are written the way ASP.NET writes the rest of the document, and
// wsdl-docs.test.ts proves each served document declares exactly the schema the simulator checks.
import { readFileSync } from 'node:fs';
import type { ElementDecl } from './schema-types.js';
import { SCHEMA } from './soap-envelope.js';
import { INTERNAL_NOTE_ADDITIONS, type SchemaSwitches } from './variants.js';

const publicDocs = new Map<string, string>();

/** The public WSDL of service `key` (a wsdl-schema.json key), as published. */
export function publicWsdl(key: string): string {
  let text = publicDocs.get(key);
  if (text === undefined) {
    text = readFileSync(new URL(`./wsdl/${SCHEMA.services[key]!.wsdl}`, import.meta.url), 'utf8');
    publicDocs.set(key, text);
  }
  return text;
}

const served = new Map<string, string>();

/** The document `GET <path>?WSDL` answers for service `key` under these switches. */
export function liveWsdl(key: string, s: SchemaSwitches): string {
  const assumed = s.assumedOps ? Object.entries(SCHEMA.services[key]!.operations).filter(([, o]) => o.assumed) : [];
  const note = s.hourInternalNote && key === 'time';
  if (!assumed.length && !note) return publicWsdl(key);
  const id = `${key}|${assumed.length > 0}|${note}`;
  let doc = served.get(id);
  if (doc !== undefined) return doc;
  doc = publicWsdl(key);
  const eol = doc.includes('\r\n') ? '\r\n' : '\n';
  const lines = (indent: string, xs: string[]) => xs.map((x) => `${indent}${x}${eol}`).join('');
  if (note) {
    for (const [type, decl] of Object.entries(INTERNAL_NOTE_ADDITIONS)) {
      doc = insertBefore(doc, `<s:complexType name="${type}">`, '</s:sequence>', lines('          ', [elementXml(decl)]));
    }
  }
  if (assumed.length) {
    const elements = SCHEMA.services[key]!.elements;
    const types: string[] = [];
    const messages: string[] = [];
    const portOps: string[] = [];
    const bindingOps = (soap: string) =>
      assumed.flatMap(([name, op]) => [
        `<wsdl:operation name="${name}">`,
        `  <${soap}:operation soapAction="${op.soapAction}" style="document" />`,
        '  <wsdl:input>',
        `    <${soap}:body use="literal" />`,
        '  </wsdl:input>',
        '  <wsdl:output>',
        `    <${soap}:body use="literal" />`,
        '  </wsdl:output>',
        '</wsdl:operation>',
      ]);
    for (const [name, op] of assumed) {
      for (const el of [op.input, op.output]) {
        const seq = elements[el]!;
        types.push(`<s:element name="${el}">`, '  <s:complexType>');
        types.push(...(seq.length ? ['    <s:sequence>', ...seq.map((d) => `      ${elementXml(d)}`), '    </s:sequence>'] : []));
        types.push('  </s:complexType>', '</s:element>');
      }
      messages.push(
        `<wsdl:message name="${name}SoapIn">`,
        `  <wsdl:part name="parameters" element="tns:${op.input}" />`,
        '</wsdl:message>',
      );
      messages.push(
        `<wsdl:message name="${name}SoapOut">`,
        `  <wsdl:part name="parameters" element="tns:${op.output}" />`,
        '</wsdl:message>',
      );
      portOps.push(
        `<wsdl:operation name="${name}">`,
        `  <wsdl:input message="tns:${name}SoapIn" />`,
        `  <wsdl:output message="tns:${name}SoapOut" />`,
        '</wsdl:operation>',
      );
    }
    doc = insertBefore(doc, `targetNamespace="${SCHEMA.namespace}">`, '    </s:schema>', lines('      ', types));
    doc = insertBefore(doc, '', '  <wsdl:portType ', lines('  ', messages));
    doc = insertBefore(doc, '<wsdl:portType ', '  </wsdl:portType>', lines('    ', portOps));
    doc = insertBefore(doc, '<soap:binding ', '  </wsdl:binding>', lines('    ', bindingOps('soap')));
    doc = insertBefore(doc, '<soap12:binding ', '  </wsdl:binding>', lines('    ', bindingOps('soap12')));
  }
  served.set(id, doc);
  return doc;
}

/** An element declaration as .NET writes it (attributes in its order). */
function elementXml(d: ElementDecl): string {
  const [prefix, local] = d.type.split(':');
  if (prefix !== 'xs' && prefix !== 'tns') throw new Error(`wsdl-docs: no prefix for type ${d.type}`);
  const type = `${prefix === 'xs' ? 's' : 'tns'}:${local}`;
  const max = d.maxOccurs === 'unbounded' ? 'unbounded' : String(d.maxOccurs);
  const def = d.default === undefined ? '' : ` default="${d.default}"`;
  return `<s:element minOccurs="${d.minOccurs}" maxOccurs="${max}"${def} name="${d.name}"${d.nillable ? ' nillable="true"' : ''} type="${type}" />`;
}

/** Inserts `text` at the start of the line holding the first `marker` after the first `after`. */
function insertBefore(doc: string, after: string, marker: string, text: string): string {
  const from = doc.indexOf(after);
  const at = from < 0 ? -1 : doc.indexOf(marker, from + after.length);
  if (from < 0 || at < 0) throw new Error(`wsdl-docs: cannot find "${marker}" after "${after}"`);
  const lineStart = doc.lastIndexOf('\n', at) + 1;
  return doc.slice(0, lineStart) + text + doc.slice(lineStart);
}
