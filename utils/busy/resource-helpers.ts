// Shared by the Busy resource wrappers: the listing query a sync wants, and write bodies held to
// exactly the fields the OpenAPI's create/patch schema allows (additionalProperties: false).
import { BadResponseError } from '../core/errors';
import type { Query } from './client';

/** Busy's `isActive` list filter: `true` (the server's default) hides archived rows. */
export type ActiveFilter = 'true' | 'false' | 'all';

/** Oldest change first, so a sync can move its cursor as it goes. */
export const SYNC_ORDER = { orderBy: 'updatedAt', orderByDirection: 'asc' } as const;

/** For endpoints that take `isActive`: archived rows included unless the caller narrows it. */
export function activeQuery(q: { isActive?: ActiveFilter }): Query {
  return { ...SYNC_ORDER, isActive: q.isActive ?? 'all' };
}

/**
 * `body` as sent, after checking it holds only `allowed` keys. TypeScript lets a wider object
 * through when passed as a variable; Busy would then refuse the whole write with a 400, so we
 * refuse it first, naming the stray field. A patch must change something (`minProperties: 1`).
 */
export function writeBody<T extends object>(operation: string, body: T, allowed: readonly string[], kind: 'create' | 'patch'): T {
  const keys = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
  const stray = keys.filter((k) => !allowed.includes(k));
  if (stray.length) throw new Error(`${operation}: not a field of the request body: ${stray.join(', ')}`);
  if (kind === 'patch' && keys.length === 0) throw new Error(`${operation}: empty patch`);
  return body;
}

/** Listings tried before giving up on one that keeps changing under us. */
export const STABLE_LIST_TRIES = 3;

/**
 * Offset paging is not a snapshot. With updatedAt asc, a row updated while we page moves to the
 * end: it is read twice, and the row that slid into its place is never read — a record silently
 * missing from a "full" list, which a sync could take for deleted. A repeated id is the sign:
 * then the whole list is read again. No repeat → no such shift happened during that read.
 */
export async function readStable<T extends { id: string }>(operation: string, read: () => Promise<T[]>): Promise<T[]> {
  for (let i = 0; i < STABLE_LIST_TRIES; i++) {
    const rows = await read();
    if (new Set(rows.map((r) => r.id)).size === rows.length) return rows;
  }
  throw new BadResponseError(operation, 'data', `records kept changing while the list was paged (${STABLE_LIST_TRIES} tries)`);
}
