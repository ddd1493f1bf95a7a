// Busy tasks: created on a project (`POST /projects/{id}/tasks`; there is no top-level POST), read
// and updated at `/tasks/{id}`, and their assignees (`/tasks/{id}/users`, plain User records).
import { z } from 'zod';
import type { BusyClient } from './client';
import { BUSY_PATHS } from './operations';
import { activeQuery, readStable, SYNC_ORDER, writeBody, type ActiveFilter } from './resource-helpers';
import { TasksSchema, UserSchema, type BusyTask, type BusyUser } from './schemas';

/** TaskCreate: every field is required (the nullable ones may be null). `name` is 2–200 chars. */
const CREATE_FIELDS = [
  'name',
  'defaultTagId',
  'state',
  'allowTimeTracking',
  'isPrioritized',
  'parentId',
  'externalId',
  'isActive',
] as const;
export type TaskCreate = Pick<BusyTask, (typeof CREATE_FIELDS)[number]>;
export type TaskPatch = Partial<TaskCreate & Pick<BusyTask, 'durationEstimate'>>;
const PATCH_FIELDS = [...CREATE_FIELDS, 'durationEstimate'] as const;

/** The project's tasks (archived too unless `isActive` says otherwise), oldest change first. No `updatedFrom` here. */
export async function listProjectTasks(c: BusyClient, projectId: string, q: { isActive?: ActiveFilter } = {}): Promise<BusyTask[]> {
  const path = BUSY_PATHS.projectTasks;
  return readStable(`GET ${path}`, () => c.listAll(path, activeQuery(q), TasksSchema, { params: { projectId } }));
}

/** The project's most recently changed task (archived too), or null: one small page that tells
 * whether anything changed among its tasks since a time (the push and hourly runs' probe). */
export async function newestProjectTask(c: BusyClient, projectId: string): Promise<BusyTask | null> {
  const page = await c.get(BUSY_PATHS.projectTasks, NEWEST_PAGE, {
    params: { projectId },
    query: { orderBy: 'updatedAt', orderByDirection: 'desc', isActive: 'all', limit: 1, offset: 0 },
  });
  return page[0] ?? null;
}
const NEWEST_PAGE = z.array(TasksSchema).max(1);

export async function getTask(c: BusyClient, id: string): Promise<BusyTask> {
  return c.get(BUSY_PATHS.task, TasksSchema, { params: { taskId: id } });
}

export async function createTask(c: BusyClient, projectId: string, body: TaskCreate): Promise<BusyTask> {
  const op = 'POST /projects/{projectId}/tasks';
  return c.post(BUSY_PATHS.projectTasks, writeBody(op, body, CREATE_FIELDS, 'create'), TasksSchema, { params: { projectId } });
}

export async function patchTask(c: BusyClient, id: string, patch: TaskPatch): Promise<BusyTask> {
  return c.patch(BUSY_PATHS.task, writeBody('PATCH /tasks/{taskId}', patch, PATCH_FIELDS, 'patch'), TasksSchema, {
    params: { taskId: id },
  });
}

/** Who is assigned to the task (documented read; no `isActive` filter on this endpoint). */
export async function listTaskAssignees(c: BusyClient, taskId: string): Promise<BusyUser[]> {
  const path = BUSY_PATHS.taskUsers;
  return readStable(`GET ${path}`, () => c.listAll(path, { ...SYNC_ORDER }, UserSchema, { params: { taskId } }));
}

// [A] ASSUMPTION: Busy's public API documents no way to SET task assignees. These two functions
// are the only place that relies on one, modelled on the project-member endpoints:
// `POST /tasks/{id}/users {userId}` → 201 User (the user must be a member of the task's project),
// `DELETE /tasks/{id}/users/{userId}` → 204. If the real API differs, change only these.

/** [A] Assigns a project member to the task. */
export async function addTaskAssignee(c: BusyClient, taskId: string, userId: string): Promise<BusyUser> {
  return c.post(BUSY_PATHS.taskUsers, { userId }, UserSchema, { params: { taskId } });
}

/** [A] Removes the user from the task's assignees. */
export async function removeTaskAssignee(c: BusyClient, taskId: string, userId: string): Promise<void> {
  return c.del(BUSY_PATHS.taskUser, { params: { taskId, userId } });
}
