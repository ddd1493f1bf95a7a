// /projects and what hangs off a project: members (`/users`, with isProjectManager), the tags
// (work types) enabled on it, and its tasks (created here: tasks have no top-level POST).
import { noQuery, runList } from '../pagination.js';
import { conflict, notFound, parseOr400, unprocessable } from '../problem.js';
import {
  ProjectCreateSchema,
  ProjectPatchSchema,
  ProjectTagCreateSchema,
  ProjectTagPatchSchema,
  ProjectUserCreateSchema,
  ProjectUserPatchSchema,
  TaskCreateSchema,
  type Project,
  type ProjectTag,
  type ProjectUser,
  type Tag,
  type Task,
  type User,
} from '../schemas.js';
import { colorFor, defaultProject, defaultProjectTag, fixed4, type BusyState, type Membership, type ProjectTagLink } from '../state.js';
import { created, getOr404, noContent, ok, type Route } from './router.js';

const ORDER = { values: ['createdAt', 'updatedAt'], default: 'createdAt' };

export function projectUserView(u: User, m: Membership): ProjectUser {
  return { hourlyRate: m.hourlyRate, isProjectManager: m.isProjectManager, budget: m.budget, ...u };
}

export function projectTagView(t: Tag, l: ProjectTagLink): ProjectTag {
  return {
    hourlyRate: l.hourlyRate,
    includeInFixedPrice: l.includeInFixedPrice,
    isFixedPricePerTag: l.isFixedPricePerTag,
    fixedPricePerTag: l.fixedPricePerTag,
    budget: l.budget,
    ...t,
  };
}

function checkNumberFree(state: BusyState, number: string | null | undefined, selfId?: string): void {
  if (number === null || number === undefined) return;
  const taken = state.projects.group(number).find((p) => p.id !== selfId);
  if (taken) throw conflict(`Project number ${number} is already in use`, { field: 'number', projectId: taken.id });
}

function checkRefs(state: BusyState, b: { clientId?: string | null; defaultTaskTagId?: string | null }): void {
  if (b.clientId && !state.clients.has(b.clientId)) throw unprocessable(`Client ${b.clientId} does not exist`, { field: 'clientId' });
  if (b.defaultTaskTagId && !state.tags.has(b.defaultTaskTagId))
    throw unprocessable(`Tag ${b.defaultTaskTagId} does not exist`, { field: 'defaultTaskTagId' });
}

export const projectRoutes: Route[] = [
  {
    method: 'GET',
    template: '/projects',
    handle: ({ state, query }) =>
      ok(
        runList(state.projects, query, {
          orderBy: ORDER,
          isActive: true,
          dates: { updatedFrom: { field: 'updatedAt', bound: 'from' } },
        }).rows,
      ),
  },
  {
    method: 'POST',
    template: '/projects',
    handle: ({ state, query, body }) => {
      noQuery(query);
      const b = parseOr400(ProjectCreateSchema, body);
      checkNumberFree(state, b.number);
      checkRefs(state, b);
      const now = state.stamp();
      const id = state.nextId('projects');
      const base = defaultProject({
        id,
        number: b.number ?? null,
        name: b.name,
        clientId: b.clientId ?? null,
        externalId: b.externalId,
        isActive: true,
        isTaskBased: b.isTaskBased ?? false,
        isBillable: b.isBillable,
        createdAt: now,
        updatedAt: now,
      });
      const project: Project = {
        ...base,
        ...b,
        number: b.number ?? null,
        clientId: b.clientId ?? null,
        colorCode: b.colorCode ?? colorFor(id),
        hourlyRate: fixed4(b.hourlyRate ?? '0'),
        defaultInvoiceText: b.defaultInvoiceText ?? null,
        defaultTaskTagId: b.defaultTaskTagId ?? null,
        id,
        isActive: true,
        createdAt: now,
        updatedAt: now,
      };
      state.projects.set(id, orderLike(base, project));
      return created(state.projects.get(id));
    },
  },
  {
    method: 'GET',
    template: '/projects/{projectId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.projects, params.projectId, 'Project'));
    },
  },
  {
    method: 'PATCH',
    template: '/projects/{projectId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const project = getOr404(state.projects, params.projectId, 'Project');
      const b = parseOr400(ProjectPatchSchema, body);
      checkNumberFree(state, b.number, project.id);
      checkRefs(state, b);
      Object.assign(project, b, b.hourlyRate !== undefined ? { hourlyRate: fixed4(b.hourlyRate) } : {}, { updatedAt: state.stamp() });
      state.projects.set(project.id, project); // files it under its new number
      return ok(project);
    },
  },

  // ---- members ----
  {
    method: 'GET',
    template: '/projects/{projectId}/users',
    handle: ({ state, params, query }) => {
      getOr404(state.projects, params.projectId, 'Project');
      const rows = [...state.membersOf(params.projectId)].flatMap(([uid, m]) => {
        const u = state.users.get(uid);
        return u ? [projectUserView(u, m)] : [];
      });
      return ok(runList(rows, query, { orderBy: ORDER }).rows);
    },
  },
  {
    method: 'POST',
    template: '/projects/{projectId}/users',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const b = parseOr400(ProjectUserCreateSchema, body);
      const user = getOr404(state.users, b.userId, 'User');
      const members = state.membersOf(params.projectId);
      if (members.has(b.userId)) throw conflict(`User ${b.userId} is already a member of project ${params.projectId}`);
      const now = state.stamp();
      const m: Membership = {
        isProjectManager: b.isProjectManager ?? false,
        hourlyRate: b.hourlyRate ?? '0',
        budget: b.budget ?? null,
        createdAt: now,
        updatedAt: now,
      };
      members.set(b.userId, m);
      return created(projectUserView(user, m));
    },
  },
  {
    method: 'GET',
    template: '/projects/{projectId}/users/{userId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const m = getOr404(state.membersOf(params.projectId), params.userId, 'Project user');
      return ok(projectUserView(getOr404(state.users, params.userId, 'User'), m));
    },
  },
  {
    method: 'PATCH',
    template: '/projects/{projectId}/users/{userId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const m = getOr404(state.membersOf(params.projectId), params.userId, 'Project user');
      const b = parseOr400(ProjectUserPatchSchema, body);
      Object.assign(m, b, { updatedAt: state.stamp() });
      return ok(projectUserView(getOr404(state.users, params.userId, 'User'), m));
    },
  },
  {
    method: 'DELETE',
    template: '/projects/{projectId}/users/{userId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const members = state.membersOf(params.projectId);
      if (!members.delete(params.userId)) throw notFound('Project user');
      return noContent();
    },
  },

  // ---- tags enabled on the project ----
  {
    method: 'GET',
    template: '/projects/{projectId}/tags',
    handle: ({ state, params, query }) => {
      getOr404(state.projects, params.projectId, 'Project');
      const rows = [...state.tagsOf(params.projectId)].flatMap(([tid, l]) => {
        const t = state.tags.get(tid);
        return t ? [projectTagView(t, l)] : [];
      });
      return ok(runList(rows, query, { orderBy: ORDER }).rows);
    },
  },
  {
    method: 'POST',
    template: '/projects/{projectId}/tags',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const b = parseOr400(ProjectTagCreateSchema, body);
      const tag = getOr404(state.tags, b.tagId, 'Tag');
      const links = state.tagsOf(params.projectId);
      if (links.has(b.tagId)) throw conflict(`Tag ${b.tagId} is already on project ${params.projectId}`);
      const { tagId: _tagId, ...settings } = b;
      const l: ProjectTagLink = { ...defaultProjectTag(state.stamp()), ...settings, budget: b.budget ?? null };
      links.set(b.tagId, l);
      return created(projectTagView(tag, l));
    },
  },
  {
    method: 'GET',
    template: '/projects/{projectId}/tags/{tagId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const l = getOr404(state.tagsOf(params.projectId), params.tagId, 'Project tag');
      return ok(projectTagView(getOr404(state.tags, params.tagId, 'Tag'), l));
    },
  },
  {
    method: 'PATCH',
    template: '/projects/{projectId}/tags/{tagId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const l = getOr404(state.tagsOf(params.projectId), params.tagId, 'Project tag');
      const b = parseOr400(ProjectTagPatchSchema, body);
      Object.assign(l, b, { updatedAt: state.stamp() });
      return ok(projectTagView(getOr404(state.tags, params.tagId, 'Tag'), l));
    },
  },
  {
    method: 'DELETE',
    template: '/projects/{projectId}/tags/{tagId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      if (!state.tagsOf(params.projectId).delete(params.tagId)) throw notFound('Project tag');
      return noContent();
    },
  },

  // ---- tasks ----
  {
    method: 'GET',
    template: '/projects/{projectId}/tasks',
    handle: ({ state, params, query }) => {
      getOr404(state.projects, params.projectId, 'Project');
      const rows = state.tasks.group(params.projectId);
      return ok(runList(rows, query, { orderBy: ORDER, isActive: true }).rows);
    },
  },
  {
    method: 'POST',
    template: '/projects/{projectId}/tasks',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      getOr404(state.projects, params.projectId, 'Project');
      const b = parseOr400(TaskCreateSchema, body);
      if (b.defaultTagId && !state.tags.has(b.defaultTagId))
        throw unprocessable(`Tag ${b.defaultTagId} does not exist`, { field: 'defaultTagId' });
      if (b.parentId && state.tasks.get(b.parentId)?.projectId !== params.projectId) {
        throw unprocessable(`Task ${b.parentId} is not a task of project ${params.projectId}`, { field: 'parentId' });
      }
      const now = state.stamp();
      const task: Task = {
        id: state.nextId('tasks'),
        projectId: params.projectId,
        name: b.name,
        state: b.state,
        allowTimeTracking: b.allowTimeTracking,
        durationEstimate: null,
        isPrioritized: b.isPrioritized,
        parentId: b.parentId,
        defaultTagId: b.defaultTagId,
        externalId: b.externalId,
        isActive: b.isActive,
        createdAt: now,
        updatedAt: now,
      };
      state.tasks.set(task.id, task);
      return created(task);
    },
  },
];

/** Re-keys `value` in `template`'s key order, so answers list fields as the schema does. */
function orderLike<T extends object>(template: T, value: T): T {
  return Object.fromEntries(Object.keys(template).map((k) => [k, value[k as keyof T]])) as T;
}
