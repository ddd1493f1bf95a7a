// The schema the simulator checks a request against depends on two switches: `assumedOps` (the
// hand-written [A] operations exist or not) and `hourInternalNote` (a TimeService newer than its
// public WSDL). Each variant is derived once from wsdl-schema.json; the live WSDL (wsdl-docs.ts)
// declares exactly the variant in force.
import type { ElementDecl, ServiceSchema } from './schema-types.js';
import { SCHEMA } from './soap-envelope.js';

export interface SchemaSwitches {
  assumedOps: boolean;
  hourInternalNote: boolean;
}

/**
 * The newer TimeService's additions, appended to their types' sequences (where XmlSerializer puts
 * properties added to a class). Both optional: a client that never sends them works as before.
 */
export const INTERNAL_NOTE_ADDITIONS: Record<'Hour' | 'HourSearch', ElementDecl> = {
  Hour: { name: 'InternalNote', type: 'xs:string', minOccurs: 0, maxOccurs: 1, nillable: false },
  HourSearch: { name: 'ChangedAfter', type: 'xs:dateTime', minOccurs: 0, maxOccurs: 1, nillable: false },
};

const cache = new Map<string, ServiceSchema>();

/** Service `key` of wsdl-schema.json as the switches make it (the same object for the same switches). */
export function serviceSchema(key: string, s: SchemaSwitches): ServiceSchema {
  const base = SCHEMA.services[key];
  const note = s.hourInternalNote && key === 'time';
  if (s.assumedOps && !note) return base;
  const id = `${key}|${s.assumedOps}|${note}`;
  let out = cache.get(id);
  if (out) return out;
  out = { ...base, operations: { ...base.operations }, elements: { ...base.elements }, types: { ...base.types } };
  if (!s.assumedOps) {
    for (const [name, op] of Object.entries(base.operations)) {
      if (!op.assumed) continue;
      delete out.operations[name];
      delete out.elements[op.input];
      delete out.elements[op.output];
    }
  }
  if (note) {
    for (const [type, decl] of Object.entries(INTERNAL_NOTE_ADDITIONS)) out.types[type] = [...base.types[type]!, decl];
  }
  cache.set(id, out);
  return out;
}
