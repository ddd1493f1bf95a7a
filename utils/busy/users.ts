// Busy users: listed for the user mapping (R17) and project/task membership. The sync never
// creates users; it may write the mapping into `externalId`/`employeeCode`.
import type { BusyClient } from './client';
import { BUSY_PATHS } from './operations';
import { activeQuery, readStable, writeBody, type ActiveFilter } from './resource-helpers';
import { UserSchema, type BusyUser } from './schemas';

const PATCH_FIELDS = [
  'externalId',
  'employeeCode',
  'displayName',
  'isAdmin',
  'requireAuthenticationBy',
  'isActive',
  'startDate',
  'endDate',
  'defaultHourlyRate',
  'displayInTimebank',
] as const;
export type UserPatch = Partial<Pick<BusyUser, (typeof PATCH_FIELDS)[number]>>;

/** Every user (deactivated too unless `isActive` says otherwise), oldest change first. No `updatedFrom` here. */
export async function listUsers(c: BusyClient, q: { isActive?: ActiveFilter } = {}): Promise<BusyUser[]> {
  return readStable('GET /users', () => c.listAll(BUSY_PATHS.users, activeQuery(q), UserSchema));
}

export async function patchUser(c: BusyClient, id: string, patch: UserPatch): Promise<BusyUser> {
  return c.patch(BUSY_PATHS.user, writeBody('PATCH /users/{userId}', patch, PATCH_FIELDS, 'patch'), UserSchema, { params: { userId: id } });
}
