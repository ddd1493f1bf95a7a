// Route table plumbing: templates like `/projects/{projectId}/users`, matched segment by segment;
// the op name (`GET /projects/{projectId}/users`) is what counts and faults key on.
import type { Caller } from '../auth.js';
import { badRequest, methodNotAllowed, notFound } from '../problem.js';
import type { BusyState } from '../state.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Ctx {
  state: BusyState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  caller: Caller;
}

/** `data` is wrapped in `{data}`; a 204 has none. */
export interface Result {
  status: number;
  data?: unknown;
}

export interface Route {
  method: Method;
  template: string;
  handle(ctx: Ctx): Result;
}

export const ok = (data: unknown): Result => ({ status: 200, data });
export const created = (data: unknown): Result => ({ status: 201, data });
export const noContent = (): Result => ({ status: 204 });

export function getOr404<T>(map: Map<string, T>, id: string, what: string): T {
  const v = map.get(id);
  if (v === undefined) throw notFound(what);
  return v;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
  op: string;
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** A template split once: each segment a literal, or a parameter's name. */
interface Compiled {
  template: string;
  segs: { literal?: string; param?: string }[];
}
/** Per route table (and its length when compiled): the templates by segment count, in table order. */
const compiled = new WeakMap<Route[], { n: number; byLength: Map<number, Compiled[]> }>();

function compile(routes: Route[]): Map<number, Compiled[]> {
  let c = compiled.get(routes);
  if (!c || c.n !== routes.length) {
    const byLength = new Map<number, Compiled[]>();
    for (const r of routes) {
      const segs = segments(r.template).map((t) => {
        const m = /^\{(\w+)\}$/.exec(t);
        return m ? { param: m[1] } : { literal: t };
      });
      const list = byLength.get(segs.length);
      if (list) list.push({ template: r.template, segs });
      else byLength.set(segs.length, [{ template: r.template, segs }]);
    }
    c = { n: routes.length, byLength };
    compiled.set(routes, c);
  }
  return c.byLength;
}

/**
 * The route for `method path`, or: undefined (no such path → 404), or a thrown 405 when the path
 * exists with other methods. Literal segments win over parameters (`/invoices/drafts` before
 * `/invoices/{invoiceId}`). Path parameters must be numeric ids, as the OpenAPI declares.
 */
export function matchRoute(routes: Route[], method: string, path: string): Match | { op: string; error: Error } | undefined {
  const segs = segments(path);
  let best: { template: string; params: Record<string, string>; literals: number } | undefined;
  for (const r of compile(routes).get(segs.length) ?? []) {
    const t = r.segs;
    const params: Record<string, string> = {};
    let literals = 0;
    let okay = true;
    for (let i = 0; i < t.length; i++) {
      const s = t[i]!;
      if (s.param !== undefined) params[s.param] = decodeURIComponent(segs[i]!);
      else if (s.literal === segs[i]) literals++;
      else {
        okay = false;
        break;
      }
    }
    if (okay && (!best || literals > best.literals)) best = { template: r.template, params, literals };
  }
  if (!best) return undefined;
  const op = `${method} ${best.template}`;
  const route = routes.find((r) => r.template === best!.template && r.method === method);
  if (!route) {
    const allow = routes.filter((r) => r.template === best!.template).map((r) => r.method);
    return { op, error: methodNotAllowed(method, allow) };
  }
  for (const [k, v] of Object.entries(best.params)) {
    if (!/^\d+$/.test(v)) return { op, error: badRequest(`params/${k} must match pattern "^\\d+$"`) };
  }
  return { route, params: best.params, op };
}

export { notFound };
