// Busy tags: the work types (type `work`) and the leave/other kinds. Created active; archiving is
// `isActive: false` by PATCH. `overtime` is served but cannot be written.
import type { BusyClient } from './client';
import { BUSY_PATHS } from './operations';
import { activeQuery, readStable, writeBody, type ActiveFilter } from './resource-helpers';
import { TagSchema, type BusyTag } from './schemas';

export type WritableTagType = Exclude<BusyTag['type'], 'overtime'>;
/** TagCreate: `type` defaults to `work` on the server; `defaultHourlyRate` is required (null ok). */
export interface TagCreate {
  name: string;
  type?: WritableTagType;
  externalId: string | null;
  defaultHourlyRate: string | null;
}
export type TagPatch = Partial<TagCreate & { isActive: boolean }>;

const CREATE_FIELDS = ['name', 'type', 'externalId', 'defaultHourlyRate'] as const;
const PATCH_FIELDS = [...CREATE_FIELDS, 'isActive'] as const;

/** Every tag (archived too unless `isActive` says otherwise), oldest change first. No `updatedFrom` here. */
export async function listTags(c: BusyClient, q: { isActive?: ActiveFilter } = {}): Promise<BusyTag[]> {
  return readStable('GET /tags', () => c.listAll(BUSY_PATHS.tags, activeQuery(q), TagSchema));
}

export async function getTag(c: BusyClient, id: string): Promise<BusyTag> {
  return c.get(BUSY_PATHS.tag, TagSchema, { params: { tagId: id } });
}

export async function createTag(c: BusyClient, body: TagCreate): Promise<BusyTag> {
  return c.post(BUSY_PATHS.tags, writeBody('POST /tags', body, CREATE_FIELDS, 'create'), TagSchema);
}

export async function patchTag(c: BusyClient, id: string, patch: TagPatch): Promise<BusyTag> {
  return c.patch(BUSY_PATHS.tag, writeBody('PATCH /tags/{tagId}', patch, PATCH_FIELDS, 'patch'), TagSchema, { params: { tagId: id } });
}
