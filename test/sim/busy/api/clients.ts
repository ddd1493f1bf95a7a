// /clients (Busy's customers): list, read, create, update. `organizationNumber` cannot be written
// through the API (ClientCreate/ClientPatch do not have it).
import { noQuery, runList } from '../pagination.js';
import { parseOr400 } from '../problem.js';
import { ClientCreateSchema, ClientPatchSchema, type Client } from '../schemas.js';
import { created, getOr404, ok, type Route } from './router.js';

const ORDER = { values: ['createdAt', 'updatedAt'], default: 'createdAt' };

export const clientRoutes: Route[] = [
  {
    method: 'GET',
    template: '/clients',
    handle: ({ state, query }) =>
      ok(
        runList(state.clients, query, {
          orderBy: ORDER,
          isActive: true,
          dates: { updatedFrom: { field: 'updatedAt', bound: 'from' }, updatedTo: { field: 'updatedAt', bound: 'to' } },
          arrays: { externalIdIn: { item: /^[\s\S]*$/, maxLength: 200, keep: (c, v) => c.externalId !== null && v.has(c.externalId) } },
        }).rows,
      ),
  },
  {
    method: 'POST',
    template: '/clients',
    handle: ({ state, query, body }) => {
      noQuery(query);
      const b = parseOr400(ClientCreateSchema, body);
      const now = state.stamp();
      const client: Client = {
        id: state.nextId('clients'),
        name: b.name,
        isActive: true,
        externalId: b.externalId,
        organizationNumber: null,
        createdAt: now,
        updatedAt: now,
      };
      state.clients.set(client.id, client);
      return created(client);
    },
  },
  {
    method: 'GET',
    template: '/clients/{clientId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.clients, params.clientId, 'Client'));
    },
  },
  {
    method: 'PATCH',
    template: '/clients/{clientId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const client = getOr404(state.clients, params.clientId, 'Client');
      const b = parseOr400(ClientPatchSchema, body);
      Object.assign(client, b, { updatedAt: state.stamp() });
      return ok(client);
    },
  },
];
