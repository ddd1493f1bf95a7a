// /tags (work types): list, read, create, update.
import { noQuery, runList } from '../pagination.js';
import { parseOr400 } from '../problem.js';
import { TagCreateSchema, TagPatchSchema, type Tag } from '../schemas.js';
import { created, getOr404, ok, type Route } from './router.js';

const ORDER = { values: ['createdAt', 'updatedAt'], default: 'createdAt' };

export const tagRoutes: Route[] = [
  {
    method: 'GET',
    template: '/tags',
    handle: ({ state, query }) => ok(runList(state.tags, query, { orderBy: ORDER, isActive: true }).rows),
  },
  {
    method: 'POST',
    template: '/tags',
    handle: ({ state, query, body }) => {
      noQuery(query);
      const b = parseOr400(TagCreateSchema, body);
      const now = state.stamp();
      const tag: Tag = {
        id: state.nextId('tags'),
        name: b.name,
        type: b.type ?? 'work',
        externalId: b.externalId,
        isActive: true,
        defaultHourlyRate: b.defaultHourlyRate,
        createdAt: now,
        updatedAt: now,
      };
      state.tags.set(tag.id, tag);
      return created(tag);
    },
  },
  {
    method: 'GET',
    template: '/tags/{tagId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.tags, params.tagId, 'Tag'));
    },
  },
  {
    method: 'PATCH',
    template: '/tags/{tagId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const tag = getOr404(state.tags, params.tagId, 'Tag');
      const b = parseOr400(TagPatchSchema, body);
      Object.assign(tag, b, { updatedAt: state.stamp() });
      return ok(tag);
    },
  },
];
