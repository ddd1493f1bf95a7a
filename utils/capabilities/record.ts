// What is known about each capability, as stored in SyncStore.meta under CAPABILITIES_META_KEY
// (validated with zod on every read), and how a new spec check is merged into it.
import { z } from 'zod';
import { CAPABILITY_IDS, type CapabilityId } from './registry';

export const CAPABILITIES_META_KEY = 'capabilities';

export type CapabilityState = 'confirmed' | 'absent' | 'unknown';

export interface CapabilityEntry {
  state: CapabilityState;
  checkedAt: string;
  /** What said so: the document (its address) or the call, and what it showed. No secrets. */
  evidence: string;
  source: 'spec' | 'runtime';
  /** The live Hour sequence when InternalNote exists (SaveHour writes elements in this order). */
  sequence?: string[];
}

export interface CapabilitiesRecord {
  version: 1;
  /** The last spec check (null: never). */
  checkedAt: string | null;
  /** Where Busy's live spec was found at that check. */
  busySpecUrl: string | null;
  entries: Partial<Record<CapabilityId, CapabilityEntry>>;
  /** The addresses that check read (another server = check again, its observations do not carry over). */
  bases?: CheckedBases;
  /** What each document of that check gave (for the diagnostic report). */
  documents?: { url: string; outcome: 'read' | 'unreadable' | 'unreachable'; detail: string }[];
  /** 24SO operations the product calls that a live WSDL did not declare. */
  missingTfsoOperations?: string[];
}

export interface CheckedBases {
  tfsoApi: string;
  tfsoWebservices: string;
  busyApi: string;
}

const iso = z.iso.datetime({ offset: true });

export const CapabilityEntrySchema: z.ZodType<CapabilityEntry> = z.strictObject({
  state: z.enum(['confirmed', 'absent', 'unknown']),
  checkedAt: iso,
  evidence: z.string().max(2000),
  source: z.enum(['spec', 'runtime']),
  sequence: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
    .max(200)
    .optional(),
});

export const CapabilitiesRecordSchema: z.ZodType<CapabilitiesRecord> = z.strictObject({
  version: z.literal(1),
  checkedAt: iso.nullable(),
  busySpecUrl: z.string().url().nullable(),
  entries: z.partialRecord(z.enum(CAPABILITY_IDS), CapabilityEntrySchema),
  bases: z.strictObject({ tfsoApi: z.string(), tfsoWebservices: z.string(), busyApi: z.string() }).optional(),
  documents: z
    .array(
      z.strictObject({
        url: z.string().max(2000),
        outcome: z.enum(['read', 'unreadable', 'unreachable']),
        detail: z.string().max(2000),
      }),
    )
    .max(50)
    .optional(),
  missingTfsoOperations: z.array(z.string().max(200)).max(100).optional(),
});

export const emptyRecord = (): CapabilitiesRecord => ({ version: 1, checkedAt: null, busySpecUrl: null, entries: {} });

/**
 * A spec check's findings merged into what was known:
 * - a finding of `unknown` (document unreachable or unreadable) never replaces something known;
 * - what a call showed at run time outlives the daily check (a server that refused SaveWorkType is
 *   not asked again because its WSDL lists it), unless the admin asks to check again (`force`):
 *   then the documents decide afresh and run time will tell again;
 * - otherwise the document's word is taken.
 */
export function mergeSpec(
  prev: CapabilitiesRecord,
  found: Partial<Record<CapabilityId, CapabilityEntry>>,
  at: string,
  busySpecUrl: string | null,
  force: boolean,
): CapabilitiesRecord {
  const entries = { ...prev.entries };
  for (const id of Object.keys(found) as CapabilityId[]) {
    const next = found[id]!;
    const old = entries[id];
    if (next.state === 'unknown' && old && old.state !== 'unknown') continue;
    if (old?.source === 'runtime' && !force) continue;
    entries[id] = next;
  }
  return { ...prev, version: 1, checkedAt: at, busySpecUrl, entries };
}
