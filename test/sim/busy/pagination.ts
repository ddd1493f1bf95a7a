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

export interface ListResult<T> { rows: T[]; options: Record<string, string> }

export function runList<T extends Row>(all: Iterable<T>, q: URLSearchParams, spec: ListSpec<T>): ListResult<T> {
  const known = new Set(['limit', 'offset']);
  if (spec.orderBy) { known.add('orderBy'); known.add('orderByDirection'); }
  if (spec.isActive) known.add('isActive');
  for (const k of Object.keys(spec.dates ?? {})) known.add(k);
  for (const k of Object.keys(spec.arrays ?? {})) known.add(k);
  for (const k of Object.keys(spec.options ?? {})) known.add(k);
  const unknown = [...new Set(q.keys())].filter((k) => !known.has(k));
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

  let rows = [...all];

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
      if (a.maxLength !== undefined && v.length > a.maxLength) throw badRequest(`querystring/${name}/${i} must NOT have more than ${a.maxLength} characters`);
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
    if (!spec.orderBy.values.includes(by)) throw badRequest(`querystring/orderBy must be equal to one of the allowed values: ${spec.orderBy.values.join(', ')}`);
    const dir = scalar(q, 'orderByDirection') ?? 'asc';
    if (dir !== 'asc' && dir !== 'desc') throw badRequest('querystring/orderByDirection must be equal to one of the allowed values: asc, desc');
    const sign = dir === 'asc' ? 1 : -1;
    // Stable: ties broken by numeric id, in the same direction.
    rows.sort((x, y) => {
      // Records without the field (invoice lines have no timestamps) fall back to id order.
      const a = Date.parse(String(x[by])) || 0, b = Date.parse(String(y[by])) || 0;
      return (a - b || Number(x.id) - Number(y.id)) * sign;
    });
  } else {
    rows.sort((x, y) => Number(x.id) - Number(y.id));
  }

  return { rows: rows.slice(offset, offset + limit), options };
}

/** For endpoints that take no query parameters at all. */
export function noQuery(q: URLSearchParams): void {
  const keys = [...new Set(q.keys())];
  if (keys.length) throw badRequest(`querystring must NOT have additional properties: ${keys.join(', ')}`, { additionalProperties: keys });
}

export const ID_ITEM = /^\d+$/;
