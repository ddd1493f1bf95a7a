// Every Busy operation this client makes: the path exactly as the public OpenAPI 2.1.0 spells it
// (collections with a trailing slash, `/v2/projects/`; sub-resources without, `/v2/projects/{id}/tasks`),
// relative to the API base (…/v2), and the token scopes the spec's `security` asks for it.
// test/busy/operations.test.ts holds this table to the repo's copy of the spec
// (test/sim/busy/spec/busy-openapi-2.1.0.json): every path is in the spec's `paths` except the two
// assumed task-assignee writes, and every scope list is the spec's. Plain data, no zod: the options
// page imports TOKEN_SCOPES_NEEDED from here.

export type BusyMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface BusyOperation {
  method: BusyMethod;
  /** The path template as the spec spells it, without the `/v2` base. */
  path: string;
  /** Scopes a token needs besides `all` (the spec's security alternative: `all`, or all of these). */
  scopes: readonly string[];
  /** The wrapper in utils/busy/* that makes the call. */
  fn: string;
  /** Called by the product (the engine, the hour transfer, the connection check); false = only
   * offered by the client library (tests use some), so its scopes are not asked of the admin. */
  product: boolean;
  /** Not in the public spec: our assumption [A], detected through the live spec (utils/capabilities). */
  assumed?: true;
}

const op = (method: BusyMethod, path: string, scopes: readonly string[], fn: string, product = true): BusyOperation => ({
  method,
  path,
  scopes,
  fn,
  product,
});

export const BUSY_OPERATIONS: readonly BusyOperation[] = [
  op('GET', '/clients/', ['clients:read'], 'listClients'),
  op('GET', '/clients/{clientId}', ['clients:read'], 'getClient', false),
  op('POST', '/clients/', ['clients:write'], 'createClient'),
  op('PATCH', '/clients/{clientId}', ['clients:write'], 'patchClient'),
  op('GET', '/projects/', ['projects:read'], 'listProjects'),
  op('GET', '/projects/{projectId}', ['projects:read'], 'getProject', false),
  op('POST', '/projects/', ['projects:write'], 'createProject'),
  op('PATCH', '/projects/{projectId}', ['projects:write'], 'patchProject'),
  op('GET', '/projects/{projectId}/users', ['projects:read', 'users:read'], 'listProjectMembers'),
  op('POST', '/projects/{projectId}/users', ['projects:write'], 'addProjectMember'),
  op('PATCH', '/projects/{projectId}/users/{userId}', ['projects:write'], 'patchProjectMember', false),
  op('DELETE', '/projects/{projectId}/users/{userId}', ['projects:write'], 'removeProjectMember'),
  op('GET', '/projects/{projectId}/tags', ['projects:read', 'tags:read'], 'listProjectTags', false),
  op('POST', '/projects/{projectId}/tags', ['projects:write'], 'addProjectTag', false),
  op('DELETE', '/projects/{projectId}/tags/{tagId}', ['projects:write'], 'removeProjectTag', false),
  op('GET', '/projects/{projectId}/tasks', ['projects:read', 'tasks:read'], 'listProjectTasks'),
  op('POST', '/projects/{projectId}/tasks', ['projects:write', 'tasks:write'], 'createTask'),
  op('GET', '/tasks/{taskId}', ['tasks:read'], 'getTask'),
  op('PATCH', '/tasks/{taskId}', ['tasks:write'], 'patchTask'),
  op('GET', '/tasks/{taskId}/users', ['tasks:read', 'users:read'], 'listTaskAssignees'),
  // [A] modelled on PATCH /tasks/{taskId}; the spec has only the GET (see tasks.ts).
  { ...op('POST', '/tasks/{taskId}/users', ['tasks:write'], 'addTaskAssignee'), assumed: true },
  { ...op('DELETE', '/tasks/{taskId}/users/{userId}', ['tasks:write'], 'removeTaskAssignee'), assumed: true },
  op('GET', '/users/', ['users:read'], 'listUsers'),
  op('PATCH', '/users/{userId}', ['users:write'], 'patchUser', false),
  op('GET', '/tags/', ['tags:read'], 'listTags'),
  op('GET', '/tags/{tagId}', ['tags:read'], 'getTag'),
  op('POST', '/tags/', ['tags:write'], 'createTag'),
  op('PATCH', '/tags/{tagId}', ['tags:write'], 'patchTag'),
  op('GET', '/hourEntries/', ['hourEntries:read'], 'listHourEntries'),
  op('GET', '/hourEntries/{hourEntryId}', ['hourEntries:read'], 'getHourEntry', false),
  // Writing an entry's externalId needs projects:write, not an hourEntries scope (the spec says so).
  op('PATCH', '/hourEntries/{hourEntryId}', ['projects:write'], 'patchHourEntry'),
  op('GET', '/invoices/', ['invoices:read'], 'listOrdersSince'),
  op('GET', '/invoices/drafts', ['invoices:read'], 'listOrdersSince'),
  op('GET', '/invoices/{invoiceId}/invoiceLines', ['invoices:read'], 'listOrderLines'),
  op('GET', '/invoices/drafts/{draftInvoiceId}/invoiceLines', ['invoices:read'], 'listOrderLines'),
  op('GET', '/invoiceLines/{invoiceLineId}/hourEntries', ['invoices:read', 'hourEntries:read'], 'listLineHourEntries'),
];

/** The paths, by what they name (what the resource wrappers call). */
export const BUSY_PATHS = {
  clients: '/clients/',
  client: '/clients/{clientId}',
  projects: '/projects/',
  project: '/projects/{projectId}',
  projectUsers: '/projects/{projectId}/users',
  projectUser: '/projects/{projectId}/users/{userId}',
  projectTags: '/projects/{projectId}/tags',
  projectTag: '/projects/{projectId}/tags/{tagId}',
  projectTasks: '/projects/{projectId}/tasks',
  task: '/tasks/{taskId}',
  taskUsers: '/tasks/{taskId}/users',
  taskUser: '/tasks/{taskId}/users/{userId}',
  users: '/users/',
  user: '/users/{userId}',
  tags: '/tags/',
  tag: '/tags/{tagId}',
  hourEntries: '/hourEntries/',
  hourEntry: '/hourEntries/{hourEntryId}',
  invoices: '/invoices/',
  draftInvoices: '/invoices/drafts',
  invoiceLines: '/invoices/{invoiceId}/invoiceLines',
  draftInvoiceLines: '/invoices/drafts/{draftInvoiceId}/invoiceLines',
  invoiceLineHours: '/invoiceLines/{invoiceLineId}/hourEntries',
} as const;

/** How an operation is named in errors, logs and request counts: `GET /projects` (the trailing
 * slash of a collection path is dropped there, so names stay the same whatever the spelling). */
export function operationName(method: string, path: string): string {
  return `${method} ${path.length > 1 ? path.replace(/\/$/, '') : path}`;
}

const BY_NAME = new Map(BUSY_OPERATIONS.map((o) => [operationName(o.method, o.path), o]));

/** The table entry of an operation, by method and path template (either spelling). */
export function busyOperation(method: string, path: string): BusyOperation | undefined {
  return BY_NAME.get(operationName(method, path));
}

/** Scopes a token needs for this operation ([] when the table does not know it). */
export function scopesFor(method: string, path: string): readonly string[] {
  return busyOperation(method, path)?.scopes ?? [];
}

/** What the options page asks of the admin: the union over the operations the product calls. */
export const TOKEN_SCOPES_NEEDED: readonly string[] = [
  ...new Set(BUSY_OPERATIONS.filter((o) => o.product).flatMap((o) => o.scopes)),
].sort();
