// Busy hour entries: listing (changes since a cursor, or by id), one entry, and the one write the
// hour transfer makes: `externalId` = the 24SO hour id (Busy's marker of a sent entry, ≤ 50 chars).
import type { BusyClient, Query } from './client';
import { BUSY_PATHS } from './operations';
import { activeQuery, readStable, writeBody, type ActiveFilter } from './resource-helpers';
import { HourEntrySchema, type BusyHourEntry } from './schemas';

export type { BusyHourEntry };

/** Ids per request in `idIn` (keeps the URL short). */
export const ID_CHUNK = 50;

export interface HourEntryQuery {
  updatedFrom?: Date;
  idIn?: readonly string[];
  userIdIn?: readonly string[];
  projectIdIn?: readonly string[];
  /** Default 'all': deleted entries (isActive=false) matter to the transfer. */
  isActive?: ActiveFilter;
}

/** Entries oldest change first, all pages. With `idIn`, the ids are fetched in chunks. */
export async function listHourEntries(c: BusyClient, q: HourEntryQuery = {}): Promise<BusyHourEntry[]> {
  const base: Query = { ...activeQuery({ isActive: q.isActive }) };
  if (q.updatedFrom) base.updatedFrom = q.updatedFrom;
  if (q.userIdIn?.length) base.userIdIn = q.userIdIn;
  if (q.projectIdIn?.length) base.projectIdIn = q.projectIdIn;
  const read = (query: Query) => readStable('GET /hourEntries', () => c.listAll(BUSY_PATHS.hourEntries, query, HourEntrySchema));
  if (!q.idIn) return read(base);
  const ids = [...new Set(q.idIn)];
  const out: BusyHourEntry[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) out.push(...(await read({ ...base, idIn: ids.slice(i, i + ID_CHUNK) })));
  return out;
}

export function getHourEntry(c: BusyClient, id: string): Promise<BusyHourEntry> {
  return c.get(BUSY_PATHS.hourEntry, HourEntrySchema, { params: { hourEntryId: id } });
}

const PATCH_FIELDS = ['externalId'] as const;
export type HourEntryPatch = Partial<Pick<BusyHourEntry, (typeof PATCH_FIELDS)[number]>>;

/** The transfer only ever writes `externalId` (Busy's OpenAPI: string ≤ 50 or null). */
export function patchHourEntry(c: BusyClient, id: string, patch: HourEntryPatch): Promise<BusyHourEntry> {
  if (patch.externalId && patch.externalId.length > 50) throw new RangeError(`externalId longer than 50 characters: ${patch.externalId}`);
  return c.patch(BUSY_PATHS.hourEntry, writeBody('PATCH /hourEntries/{hourEntryId}', patch, PATCH_FIELDS, 'patch'), HourEntrySchema, {
    params: { hourEntryId: id },
  });
}
