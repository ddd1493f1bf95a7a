// Dev-only: derives test/sim/tfso/wsdl-schema.json from the public 24SO WSDL files.
//   npx tsx test/sim/tfso/gen-schema.ts <wsdlDir>
// The simulator checks requests against the JSON only; it serves the WSDL files themselves as its
// live WSDL (wsdl-docs.ts). Re-run after a WSDL changes and review the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementDecl, OperationDecl, ServiceSchema, WsdlSchema } from './schema-types.js';
import { parseServiceWsdl, WSDL_SERVICES } from './wsdl-parse.js';

const TNS = 'http://24sevenOffice.com/webservices';

/**
 * Operations CONTRACT.md needs that no public WSDL shows ([A]). Hand-written in the generated
 * style; each entry carries "assumed": true so the simulator can list and flag them.
 */
const ASSUMED: Record<string, { operations: Record<string, OperationDecl>; elements: Record<string, ElementDecl[]> }> = {
  time: {
    operations: {
      SaveWorkType: {
        soapAction: `${TNS}/SaveWorkType`,
        input: 'SaveWorkType',
        output: 'SaveWorkTypeResponse',
        result: 'SaveWorkTypeResult',
        assumed: true,
      },
    },
    elements: {
      // Shape mirrors SaveHour/SaveProject: one wrapped record in, the new id out.
      SaveWorkType: [{ name: 'workType', type: 'tns:WorkType', minOccurs: 0, maxOccurs: 1, nillable: false }],
      SaveWorkTypeResponse: [{ name: 'SaveWorkTypeResult', type: 'xs:int', minOccurs: 1, maxOccurs: 1, nillable: false }],
    },
  },
};

function service(dir: string, key: string): ServiceSchema {
  const out = parseServiceWsdl(key, readFileSync(join(dir, WSDL_SERVICES[key].file), 'utf8'));
  const extra = ASSUMED[key];
  if (extra) {
    Object.assign(out.operations, extra.operations);
    Object.assign(out.elements, extra.elements);
  }
  return out;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: gen-schema.ts <wsdlDir>');
  process.exit(2);
}
const result: WsdlSchema = {
  $comment:
    'Derived from the public 24SevenOffice WSDLs by test/sim/tfso/gen-schema.ts. Entries with "assumed": true are hand-written [A] operations (no public WSDL).',
  namespace: TNS,
  services: Object.fromEntries(Object.keys(WSDL_SERVICES).map((k) => [k, service(dir, k)])),
};
const target = new URL('./wsdl-schema.json', import.meta.url);
// One element declaration per line keeps the file short and its diffs readable.
const text = JSON.stringify(result, null, 1).replace(
  /\{\n\s*("name": [^{}[\]]*?)\n\s*\}/g,
  (_m, body: string) => `{ ${body.replace(/\n\s*/g, ' ')} }`,
);
writeFileSync(target, `${text}\n`);
console.log(`wrote ${target.pathname}`);
