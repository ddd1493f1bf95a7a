// List query parameters, checked as strictly as the OpenAPI declares them: `limit` 1–100 (default
// 10), `offset`, `orderBy`, `orderByDirection`, `isActive` (default true: archived rows hidden),
// date bounds and repeated-key arrays (`?idIn=1&idIn=2`; `?idIn=1,2` is ONE value, refused by the
// item pattern). Unknown parameters are refused with 400: the real server may silently ignore them,
// which hides a misspelt filter — here it fails loudly.
import { badRequest } from './problem.js';

type Row = { id: string; isActive?: boolean } & Record<string, unknown>;

export interface ListSpec<T extends Row> {
  orderBy?: { values: string[]; default: string };
  /** Whether the endpoint takes `isActive` (true | false | all, default true). */
  isActive?: boolean;
  /** `updatedFrom` etc.: which field, and whether the bound is a lower (`from`) or upper (`to`) one. Both inclusive. */
  dates?: Record<string, { field: keyof T & string; bound: 'from' | 'to' }>;
  /** Repeated-key arrays: each item's pattern, and the filter. */
  arrays?: Record<string, { item: RegExp; maxLength?: number; keep: (row: T, values: Set<string>) => boolean }>;
  /** Other scalar options by their allowed values; with `keep` they filter, and they are returned to the caller. */
  options?: Record<string, { values: string[]; keep?: (row: T, value: string) => boolean }>;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

function scalar(q: URLSearchParams, name: string): string | undefined {
  const all = q.getAll(name);
  if (all.length > 1) throw badRequest(`querystring/${name} must be a single value, got ${all.length}`);
  return all[0];
}

/** A date or date-time bound in ms; a plain date covers its whole (UTC) day [A]. */
function parseBound(name: string, v: string, bound: 'from' | 'to'): number {
  if (DATE.test(v)) {
    const ms = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) throw badRequest(`querystring/${name} must match format "date"`);
    return bound === 'from' ? ms : ms + DAY - 1;
  }
  const ms = DATE_TIME.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`querystring/${name} must match format "date-time" or "date"`);
  return ms;
}

export interface ListResult<T> {
  rows: T[];
  options: Record<string, string>;
}

/**
 * One page of `all`. Given the table's Map itself (rather than a copy of its rows), an ordered list
 * starts from that table's rows already sorted for the asked-for order (see `sortedRows`), so
 * paging through a large table does not sort all of it again for every page.
 */
export function runList<T extends Row>(all: readonly T[] | ReadonlyMap<string, T>, q: URLSearchParams, spec: ListSpec<T>): ListResult<T> {
  const unknown: string[] = [];
  for (const k of q.keys()) if (!isKnown(spec, k) && !unknown.includes(k)) unknown.push(k);
  if (unknown.length) {
    throw badRequest(`querystring must NOT have additional properties: ${unknown.join(', ')}`, { additionalProperties: unknown });
  }

  const limitS = scalar(q, 'limit');
  let limit = 10;
  if (limitS !== undefined) {
    if (!/^\d+$/.test(limitS)) throw badRequest('querystring/limit must be integer');
    limit = Number(limitS);
    if (limit < 1) throw badRequest('querystring/limit must be >= 1');
    if (limit > 100) throw badRequest('querystring/limit must be <= 100');
  }
  const offsetS = scalar(q, 'offset');
  let offset = 0;
  if (offsetS !== undefined) {
    if (!/^\d+$/.test(offsetS)) throw badRequest('querystring/offset must be integer');
    offset = Number(offsetS);
    if (offset > 2147483647) throw badRequest('querystring/offset must be <= 2147483647');
  }

  // Filtering keeps order, and stable sorting then filtering equals filtering then sorting: a
  // presorted table gives the same rows as sorting the filtered ones below.
  const order = spec.orderBy && isMap(all) ? presortOf(q, spec.orderBy) : undefined;
  let rows = order ? sortedRows(all as ReadonlyMap<string, T>, order.by, order.sign) : [...(isMap(all) ? all.values() : all)];

  if (spec.isActive) {
    const v = scalar(q, 'isActive') ?? 'true';
    if (v === 'true') rows = rows.filter((r) => r.isActive === true);
    else if (v === 'false') rows = rows.filter((r) => r.isActive === false);
    else if (v !== 'all') throw badRequest('querystring/isActive must be boolean or equal to "all"');
  }

  for (const [name, d] of Object.entries(spec.dates ?? {})) {
    const v = scalar(q, name);
    if (v === undefined) continue;
    const at = parseBound(name, v, d.bound);
    // Rows sorted on this very field: the ones that can pass are one run of them, found by halving.
    if (order && order.by === d.field) rows = boundRun(rows, d.field, at, d.bound, order.sign);
    rows = rows.filter((r) => {
      const t = Date.parse(String(r[d.field]));
      return d.bound === 'from' ? t >= at : t <= at;
    });
  }

  for (const [name, a] of Object.entries(spec.arrays ?? {})) {
    const values = q.getAll(name);
    if (!values.length) continue;
    if (values.length > 100) throw badRequest(`querystring/${name} must NOT have more than 100 items`);
    values.forEach((v, i) => {
      if (!a.item.test(v)) throw badRequest(`querystring/${name}/${i} must match pattern "${a.item.source}"`);
      if (a.maxLength !== undefined && v.length > a.maxLength)
        throw badRequest(`querystring/${name}/${i} must NOT have more than ${a.maxLength} characters`);
    });
    const set = new Set(values);
    rows = rows.filter((r) => a.keep(r, set));
  }

  const options: Record<string, string> = {};
  for (const [name, o] of Object.entries(spec.options ?? {})) {
    const v = scalar(q, name);
    if (v === undefined) continue;
    if (!o.values.includes(v)) throw badRequest(`querystring/${name} must be equal to one of the allowed values: ${o.values.join(', ')}`);
    options[name] = v;
    if (o.keep) rows = rows.filter((r) => o.keep!(r, v));
  }

  if (spec.orderBy) {
    const by = scalar(q, 'orderBy') ?? spec.orderBy.default;
    if (!spec.orderBy.values.includes(by))
      throw badRequest(`querystring/orderBy must be equal to one of the allowed values: ${spec.orderBy.values.join(', ')}`);
    const dir = scalar(q, 'orderByDirection') ?? 'asc';
    if (dir !== 'asc' && dir !== 'desc')
      throw badRequest('querystring/orderByDirection must be equal to one of the allowed values: asc, desc');
    const sign = dir === 'asc' ? 1 : -1;
    if (!order) rows = sortBy(rows, by, sign);
  } else {
    rows.sort((x, y) => Number(x.id) - Number(y.id));
  }

  return { rows: rows.slice(offset, offset + limit), options };
}

const own = (o: object | undefined, k: string) => o !== undefined && Object.hasOwn(o, k);

/** Whether the list takes query parameter `k`. */
function isKnown<T extends Row>(spec: ListSpec<T>, k: string): boolean {
  if (k === 'limit' || k === 'offset') return true;
  if ((k === 'orderBy' || k === 'orderByDirection') && spec.orderBy) return true;
  if (k === 'isActive' && spec.isActive) return true;
  return own(spec.dates, k) || own(spec.arrays, k) || own(spec.options, k);
}

const isMap = <T>(x: readonly T[] | ReadonlyMap<string, T>): x is ReadonlyMap<string, T> => x instanceof Map;

/** The order a valid query asks for; undefined when `orderBy`/`orderByDirection` are invalid (runList then refuses them). */
function presortOf(q: URLSearchParams, o: { values: string[]; default: string }): { by: string; sign: 1 | -1 } | undefined {
  const bys = q.getAll('orderBy'),
    dirs = q.getAll('orderByDirection');
  if (bys.length > 1 || dirs.length > 1) return undefined;
  const by = bys[0] ?? o.default,
    dir = dirs[0] ?? 'asc';
  if (!o.values.includes(by) || (dir !== 'asc' && dir !== 'desc')) return undefined;
  return { by, sign: dir === 'asc' ? 1 : -1 };
}

/**
 * Stable sort by the timestamp field `by`, ties broken by numeric id, all in the direction `sign`.
 * Records without the field (invoice lines have no timestamps) fall back to id order. Each key is
 * parsed once (decorate, sort, undecorate); the comparisons are those of the plain comparator.
 */
function sortBy<T extends Row>(rows: T[], by: string, sign: 1 | -1): T[] {
  const n = rows.length;
  const keys = new Float64Array(n),
    ids = new Float64Array(n);
  const idx: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = Date.parse(String(rows[i]![by])) || 0;
    ids[i] = Number(rows[i]!.id);
    idx[i] = i;
  }
  idx.sort((i, j) => (keys[i]! - keys[j]! || ids[i]! - ids[j]!) * sign);
  return idx.map((i) => rows[i]!);
}

/**
 * The run of `rows` (sorted on `field` in direction `sign`, as `sortBy` sorts) outside which no row
 * passes the bound `at`: a row passes only if its parsed time t satisfies t >= at (from) or t <= at
 * (to), and then its sort key is t itself, so it lies in the run. The caller still filters the run.
 */
function boundRun<T extends Row>(rows: T[], field: string, at: number, bound: 'from' | 'to', sign: 1 | -1): T[] {
  const key = (r: T) => Date.parse(String(r[field])) || 0;
  // Rows before the cut fail `before` (a monotone test along the order), rows from it on pass it.
  const before =
    sign === 1
      ? bound === 'from'
        ? (k: number) => k < at
        : (k: number) => k <= at
      : bound === 'from'
        ? (k: number) => k >= at
        : (k: number) => k > at;
  let lo = 0,
    hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(key(rows[mid]!))) lo = mid + 1;
    else hi = mid;
  }
  // asc: from → [cut, end), to → [0, cut); desc: from → [0, cut), to → [cut, end).
  const head = (sign === 1) === (bound === 'to');
  return head ? rows.slice(0, lo) : rows.slice(lo);
}

interface Sorted {
  rows: Row[];
  keys: unknown[];
  sorted: Row[];
}
const sortedCache = new WeakMap<ReadonlyMap<string, Row>, Map<string, Sorted>>();

/**
 * All of `table`'s rows in the order (`by`, `sign`), in insertion order before sorting, as
 * `[...table.values()]` sorted. Kept per table and order, and used again only while the table
 * holds the very same records in the same order with the same `by` values (checked on every call:
 * one pass over the table, no parsing), so any write, through the API or straight into the state,
 * is seen. The returned array is shared: callers must not change it.
 */
export function sortedRows<T extends Row>(table: ReadonlyMap<string, T>, by: string, sign: 1 | -1): T[] {
  let per = sortedCache.get(table);
  if (!per) {
    per = new Map();
    sortedCache.set(table, per);
  }
  const key = `${by} ${sign}`;
  const hit = per.get(key);
  if (hit && hit.rows.length === table.size) {
    let i = 0;
    let sameRows = true;
    const changed: number[] = [];
    for (const r of table.values()) {
      if (r !== hit.rows[i]) {
        sameRows = false;
        break;
      }
      if (r[by] !== hit.keys[i]) changed.push(i);
      i++;
    }
    if (sameRows && !changed.length) return hit.sorted as T[];
    // A few records got a new `by` value (a PATCH stamps updatedAt): move just those, to where
    // the full sort would put them (the order is total: time, then numeric id), not sort again.
    if (sameRows && changed.length <= 256) {
      const moved = changed.map((j) => hit.rows[j]!);
      const movedSet = new Set(moved);
      const sorted = hit.sorted.filter((r) => !movedSet.has(r));
      const k = (r: Row) => Date.parse(String(r[by])) || 0;
      const before = (a: Row, b: Row) => (k(a) - k(b) || Number(a.id) - Number(b.id)) * sign < 0;
      for (const r of moved) {
        let lo = 0,
          hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (before(sorted[mid]!, r)) lo = mid + 1;
          else hi = mid;
        }
        sorted.splice(lo, 0, r);
      }
      const keys = hit.keys.slice();
      for (const j of changed) keys[j] = hit.rows[j]![by];
      per.set(key, { rows: hit.rows, keys, sorted });
      return sorted as T[];
    }
  }
  const rows = [...table.values()];
  const sorted = sortBy(rows, by, sign);
  per.set(key, { rows, keys: rows.map((r) => r[by]), sorted });
  return sorted;
}

/** For endpoints that take no query parameters at all. */
export function noQuery(q: URLSearchParams): void {
  const keys = [...new Set(q.keys())];
  if (keys.length) throw badRequest(`querystring must NOT have additional properties: ${keys.join(', ')}`, { additionalProperties: keys });
}

export const ID_ITEM = /^\d+$/;
