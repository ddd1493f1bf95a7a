// /tasks/{taskId} (read, update) and its assignees. Reading assignees (`GET /tasks/{id}/users`,
// plain User records) is documented; SETTING them is not — see `taskAssigneeRoutes` [A].
import { noQuery, runList } from '../pagination.js';
import { conflict, notFound, parseOr400, unprocessable } from '../problem.js';
import { TaskPatchSchema, TaskUserCreateSchema } from '../schemas.js';
import { created, getOr404, noContent, ok, type Route } from './router.js';

const ORDER = { values: ['createdAt', 'updatedAt'], default: 'createdAt' };

export const taskRoutes: Route[] = [
  {
    method: 'GET',
    template: '/tasks/{taskId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.tasks, params.taskId, 'Task'));
    },
  },
  {
    method: 'PATCH',
    template: '/tasks/{taskId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const task = getOr404(state.tasks, params.taskId, 'Task');
      const b = parseOr400(TaskPatchSchema, body);
      if (b.defaultTagId && !state.tags.has(b.defaultTagId))
        throw unprocessable(`Tag ${b.defaultTagId} does not exist`, { field: 'defaultTagId' });
      if (b.parentId && (b.parentId === task.id || state.tasks.get(b.parentId)?.projectId !== task.projectId)) {
        throw unprocessable(`Task ${b.parentId} cannot be the parent of task ${task.id}`, { field: 'parentId' });
      }
      Object.assign(task, b, { updatedAt: state.stamp() });
      return ok(task);
    },
  },
  {
    method: 'GET',
    template: '/tasks/{taskId}/users',
    handle: ({ state, params, query }) => {
      getOr404(state.tasks, params.taskId, 'Task');
      const users = [...state.assigneesOf(params.taskId).keys()].flatMap((uid) => {
        const u = state.users.get(uid);
        return u ? [u] : [];
      });
      return ok(runList(users, query, { orderBy: ORDER }).rows);
    },
  },
];

/**
 * [A] How assignees are set. Busy's public API has no such operation; we model it on the
 * documented project-member endpoints (`POST /projects/{id}/users` {userId} → 201,
 * `DELETE …/users/{userId}` → 204). An assignee must be a member of the task's project (422).
 * The extension isolates its use of these in one function.
 */
export const taskAssigneeRoutes: Route[] = [
  {
    method: 'POST',
    template: '/tasks/{taskId}/users',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const task = getOr404(state.tasks, params.taskId, 'Task');
      const b = parseOr400(TaskUserCreateSchema, body);
      const user = getOr404(state.users, b.userId, 'User');
      if (!state.membersOf(task.projectId).has(b.userId)) {
        throw unprocessable(`User ${b.userId} is not a member of project ${task.projectId}`, { field: 'userId' });
      }
      const a = state.assigneesOf(task.id);
      if (a.has(b.userId)) throw conflict(`User ${b.userId} is already assigned to task ${task.id}`);
      a.set(b.userId, { createdAt: state.stamp() });
      return created(user);
    },
  },
  {
    method: 'DELETE',
    template: '/tasks/{taskId}/users/{userId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      getOr404(state.tasks, params.taskId, 'Task');
      if (!state.assigneesOf(params.taskId).delete(params.userId)) throw notFound('Task user');
      return noContent();
    },
  },
];

/** The op names of the assumed routes: unknown (404) when the sim's `assumedOps` is off. */
export const ASSUMED_ROUTES: ReadonlySet<string> = new Set(taskAssigneeRoutes.map((r) => `${r.method} ${r.template}`));
