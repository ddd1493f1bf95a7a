// /users: list, read, create (an invited user), update. No delete: `isActive: false` archives.
import { runList } from '../pagination.js';
import { noQuery } from '../pagination.js';
import { parseOr400, unprocessable } from '../problem.js';
import { UserCreateSchema, UserPatchSchema, type User } from '../schemas.js';
import { created, getOr404, ok, type Route } from './router.js';

const ORDER = { values: ['createdAt', 'updatedAt'], default: 'createdAt' };

export const userRoutes: Route[] = [
  {
    method: 'GET',
    template: '/users',
    handle: ({ state, query }) => ok(runList(state.users, query, { orderBy: ORDER, isActive: true }).rows),
  },
  {
    method: 'POST',
    template: '/users',
    handle: ({ state, query, body }) => {
      noQuery(query);
      const b = parseOr400(UserCreateSchema, body);
      const email = b.email.toLowerCase();
      if ([...state.users.values()].some((u) => u.email.toLowerCase() === email)) {
        throw unprocessable(`A user with email ${b.email} already exists`, { field: 'email' });
      }
      const now = state.stamp();
      const user: User = {
        id: state.nextId('users'),
        externalId: b.externalId,
        employeeCode: b.employeeCode,
        email: b.email,
        displayName: b.displayName,
        status: 'invited',
        requireAuthenticationBy: b.requireAuthenticationBy ?? null,
        isAdmin: b.isAdmin,
        isActive: true,
        startDate: b.startDate,
        endDate: b.endDate,
        defaultHourlyRate: b.defaultHourlyRate ?? null,
        displayInTimebank: b.displayInTimebank ?? true,
        createdAt: now,
        updatedAt: now,
      };
      state.users.set(user.id, user);
      return created(user);
    },
  },
  {
    method: 'GET',
    template: '/users/{userId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.users, params.userId, 'User'));
    },
  },
  {
    method: 'PATCH',
    template: '/users/{userId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const user = getOr404(state.users, params.userId, 'User');
      const b = parseOr400(UserPatchSchema, body);
      Object.assign(user, b, { updatedAt: state.stamp() });
      return ok(user);
    },
  },
];
