// Busy clients (24SO's customers): list for sync, read, create, update. `organizationNumber`
// cannot be written through the API (neither ClientCreate nor ClientPatch has it); archiving is
// `isActive: false` by PATCH, since a client is always created active.
import type { BusyClient, Query } from './client';
import { BUSY_PATHS } from './operations';
import { activeQuery, readStable, writeBody, type ActiveFilter } from './resource-helpers';
import { ClientSchema, type BusyClientRecord } from './schemas';

export interface ClientCreate {
  name: string;
  externalId: string | null;
}
export type ClientPatch = Partial<ClientCreate & { isActive: boolean }>;

const CREATE_FIELDS = ['name', 'externalId'] as const;
const PATCH_FIELDS = [...CREATE_FIELDS, 'isActive'] as const;
/** The OpenAPI's maxItems for `externalIdIn`. */
const MAX_IN = 100;

/** Every client (archived too unless `isActive` says otherwise), oldest change first. */
export async function listClients(
  c: BusyClient,
  q: { updatedFrom?: Date; isActive?: ActiveFilter; externalIdIn?: readonly string[] } = {},
): Promise<BusyClientRecord[]> {
  const base = { ...activeQuery(q), updatedFrom: q.updatedFrom };
  const read = (query: Query) => readStable('GET /clients', () => c.listAll(BUSY_PATHS.clients, query, ClientSchema));
  if (q.externalIdIn === undefined) return read(base);
  const rows: BusyClientRecord[] = [];
  for (let i = 0; i < q.externalIdIn.length; i += MAX_IN) {
    rows.push(...(await read({ ...base, externalIdIn: q.externalIdIn.slice(i, i + MAX_IN) })));
  }
  // One list in sync order, as without the filter.
  return rows.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || Number(a.id) - Number(b.id));
}

export async function getClient(c: BusyClient, id: string): Promise<BusyClientRecord> {
  return c.get(BUSY_PATHS.client, ClientSchema, { params: { clientId: id } });
}

export async function createClient(c: BusyClient, body: ClientCreate): Promise<BusyClientRecord> {
  return c.post(BUSY_PATHS.clients, writeBody('POST /clients', body, CREATE_FIELDS, 'create'), ClientSchema);
}

export async function patchClient(c: BusyClient, id: string, patch: ClientPatch): Promise<BusyClientRecord> {
  const op = 'PATCH /clients/{clientId}';
  return c.patch(BUSY_PATHS.client, writeBody(op, patch, PATCH_FIELDS, 'patch'), ClientSchema, { params: { clientId: id } });
}
