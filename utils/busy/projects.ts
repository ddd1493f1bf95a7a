// Busy projects and what hangs off one: members (`/projects/{id}/users`) and the tags (work
// types) enabled on it (`/projects/{id}/tags`). Tasks are in tasks.ts. A project is always created
// active; archiving is `isActive: false` by PATCH.
import type { BusyClient } from './client';
import { BUSY_PATHS } from './operations';
import { activeQuery, readStable, SYNC_ORDER, writeBody, type ActiveFilter } from './resource-helpers';
import { ProjectSchema, ProjectTagSchema, ProjectUserSchema, type BusyProject, type BusyProjectTag, type BusyProjectUser } from './schemas';

/** ProjectCreate's optional fields (deprecated fixed-price ones included, as the schema has them). */
const PROJECT_OPTIONAL = [
  'number',
  'clientId',
  'allowChangeBillableTime',
  'billBy',
  'hourlyRate',
  'isFixedPrice',
  'fixedPriceRecurrencePeriod',
  'fixedPriceRecurrenceStartDate',
  'fixedPriceRecurrenceEndDate',
  'fixedPrice',
  'isFixedPricePerTag',
  'isTaskBased',
  'budgetType',
  'budgetBy',
  'budget',
  'defaultInvoiceText',
  'externalCustomerReference',
  'defaultTaskTagId',
] as const;
const PROJECT_REQUIRED = ['name', 'externalId', 'colorCode', 'isOpen', 'isBillable', 'allowMultipleClients'] as const;
const PROJECT_CREATE_FIELDS = [...PROJECT_REQUIRED, ...PROJECT_OPTIONAL] as const;
// ProjectPatch has every create field except `budget`, plus `isActive`.
const PROJECT_PATCH_FIELDS = [...PROJECT_CREATE_FIELDS.filter((k) => k !== 'budget'), 'isActive'] as const;

/** ProjectCreate: `colorCode` is `#rrggbb` in lower case; `number` is 24SO's id (R10). */
export type ProjectCreate = Pick<BusyProject, (typeof PROJECT_REQUIRED)[number]> &
  Partial<Pick<BusyProject, (typeof PROJECT_OPTIONAL)[number]>>;
export type ProjectPatch = Partial<Pick<BusyProject, (typeof PROJECT_PATCH_FIELDS)[number]>>;

/** Every project (archived too unless `isActive` says otherwise), oldest change first. */
export async function listProjects(c: BusyClient, q: { updatedFrom?: Date; isActive?: ActiveFilter } = {}): Promise<BusyProject[]> {
  return readStable('GET /projects', () =>
    c.listAll(BUSY_PATHS.projects, { ...activeQuery(q), updatedFrom: q.updatedFrom }, ProjectSchema),
  );
}

export async function getProject(c: BusyClient, id: string): Promise<BusyProject> {
  return c.get(BUSY_PATHS.project, ProjectSchema, { params: { projectId: id } });
}

export async function createProject(c: BusyClient, body: ProjectCreate): Promise<BusyProject> {
  return c.post(BUSY_PATHS.projects, writeBody('POST /projects', body, PROJECT_CREATE_FIELDS, 'create'), ProjectSchema);
}

export async function patchProject(c: BusyClient, id: string, patch: ProjectPatch): Promise<BusyProject> {
  const op = 'PATCH /projects/{projectId}';
  return c.patch(BUSY_PATHS.project, writeBody(op, patch, PROJECT_PATCH_FIELDS, 'patch'), ProjectSchema, { params: { projectId: id } });
}

// ---- members ----

export interface ProjectMemberAdd {
  userId: string;
  isProjectManager?: boolean;
  hourlyRate?: string;
  budget?: string | null;
}
export type ProjectMemberPatch = Partial<Omit<ProjectMemberAdd, 'userId'>>;
const MEMBER_PATCH_FIELDS = ['isProjectManager', 'hourlyRate', 'budget'] as const;
const MEMBER_ADD_FIELDS = ['userId', ...MEMBER_PATCH_FIELDS] as const;

/** The project's members (no `isActive` filter on this endpoint). */
export async function listProjectMembers(c: BusyClient, projectId: string): Promise<BusyProjectUser[]> {
  const path = BUSY_PATHS.projectUsers;
  return readStable(`GET ${path}`, () => c.listAll(path, { ...SYNC_ORDER }, ProjectUserSchema, { params: { projectId } }));
}

/** Adding someone already a member is refused by Busy (409). */
export async function addProjectMember(c: BusyClient, projectId: string, member: ProjectMemberAdd): Promise<BusyProjectUser> {
  const op = 'POST /projects/{projectId}/users';
  return c.post(BUSY_PATHS.projectUsers, writeBody(op, member, MEMBER_ADD_FIELDS, 'create'), ProjectUserSchema, { params: { projectId } });
}

export async function patchProjectMember(
  c: BusyClient,
  projectId: string,
  userId: string,
  patch: ProjectMemberPatch,
): Promise<BusyProjectUser> {
  const op = 'PATCH /projects/{projectId}/users/{userId}';
  return c.patch(BUSY_PATHS.projectUser, writeBody(op, patch, MEMBER_PATCH_FIELDS, 'patch'), ProjectUserSchema, {
    params: { projectId, userId },
  });
}

export async function removeProjectMember(c: BusyClient, projectId: string, userId: string): Promise<void> {
  return c.del(BUSY_PATHS.projectUser, { params: { projectId, userId } });
}

// ---- tags (work types) enabled on the project ----

export interface ProjectTagSettings {
  hourlyRate?: string;
  includeInFixedPrice?: boolean;
  isFixedPricePerTag?: boolean;
  fixedPricePerTag?: string;
  budget?: string | null;
}
const PROJECT_TAG_FIELDS = ['tagId', 'hourlyRate', 'includeInFixedPrice', 'isFixedPricePerTag', 'fixedPricePerTag', 'budget'] as const;

/** The tags enabled on the project (no `isActive` filter on this endpoint). */
export async function listProjectTags(c: BusyClient, projectId: string): Promise<BusyProjectTag[]> {
  const path = BUSY_PATHS.projectTags;
  return readStable(`GET ${path}`, () => c.listAll(path, { ...SYNC_ORDER }, ProjectTagSchema, { params: { projectId } }));
}

/** Enabling a tag already on the project is refused by Busy (409). */
export async function addProjectTag(
  c: BusyClient,
  projectId: string,
  tagId: string,
  settings: ProjectTagSettings = {},
): Promise<BusyProjectTag> {
  const op = 'POST /projects/{projectId}/tags';
  return c.post(BUSY_PATHS.projectTags, writeBody(op, { tagId, ...settings }, PROJECT_TAG_FIELDS, 'create'), ProjectTagSchema, {
    params: { projectId },
  });
}

export async function removeProjectTag(c: BusyClient, projectId: string, tagId: string): Promise<void> {
  return c.del(BUSY_PATHS.projectTag, { params: { projectId, tagId } });
}
