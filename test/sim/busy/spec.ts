// Busy's public OpenAPI document (spec/busy-openapi-2.1.0.json) as the simulator uses it: served
// live at `GET /v2/openapi.json`, the source of each route's spelling (`strictPaths`) and of the
// token scopes an operation needs (`tokenScopes`). With `assumedOps` the served document also
// declares the task-assignee writes [A] (api/tasks.ts), written as the document writes the rest.
import { readFileSync } from 'node:fs';

type Json = Record<string, any>;
export type Security = Record<string, string[]>[];

const FILE = new URL('./spec/busy-openapi-2.1.0.json', import.meta.url);
const PUBLIC_TEXT = readFileSync(FILE, 'utf8');

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: '',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
      },
    ]),
  );
const pathParam = (name: string) => ({ in: 'path', name, required: true, schema: { pattern: '^\\d+$', type: 'string' } });

/** [A] The task-assignee writes, modelled on the project-member ones; scope `tasks:write` like PATCH /v2/tasks/{taskId}. */
export const ASSUMED_SPEC: Record<string, Json> = {
  '/v2/tasks/{taskId}/users': {
    post: {
      parameters: [pathParam('taskId')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              additionalProperties: false,
              type: 'object',
              properties: { userId: { pattern: '^\\d+$', type: 'string' } },
              required: ['userId'],
            },
          },
        },
      },
      responses: {
        201: {
          description: '',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { data: { $ref: '#/components/schemas/User' } },
                required: ['data'],
              },
            },
          },
        },
        ...errors(400, 401, 404, 409, 422),
      },
      security: [{ Bearer: ['all'] }, { Bearer: ['tasks:write'] }],
    },
  },
  '/v2/tasks/{taskId}/users/{userId}': {
    delete: {
      parameters: [pathParam('taskId'), pathParam('userId')],
      responses: { 204: { description: '' }, ...errors(401, 404) },
      security: [{ Bearer: ['all'] }, { Bearer: ['tasks:write'] }],
    },
  },
};

/** The public document with the assumed operations added (each path's methods merged, in place). */
function withAssumed(): Json {
  const doc: Json = JSON.parse(PUBLIC_TEXT);
  const paths: Json = {};
  for (const [p, ops] of Object.entries(doc.paths as Json)) {
    paths[p] = { ...ops, ...ASSUMED_SPEC[p] };
    // A new path goes right after its parent path.
    for (const [q, more] of Object.entries(ASSUMED_SPEC))
      if (!(q in doc.paths) && q.startsWith(`${p}/`) && !q.slice(p.length + 1).includes('/')) paths[q] = more;
  }
  for (const [q, more] of Object.entries(ASSUMED_SPEC)) paths[q] ??= more;
  doc.paths = paths;
  return doc;
}

const ASSUMED_TEXT = JSON.stringify(withAssumed(), null, 1);

/** The body of `GET /v2/openapi.json`: the public document unchanged, or with the assumed operations. */
export function liveSpec(assumedOps: boolean): string {
  return assumedOps ? ASSUMED_TEXT : PUBLIC_TEXT;
}

/** `/v2/projects/` → `/projects`: the simulator's route template for a spec path. */
export const templateOf = (specPath: string) => specPath.slice('/v2'.length).replace(/\/$/, '') || '/';

interface OpInfo {
  specPath: string;
  security: Security | undefined;
}
const ops = new Map<string, OpInfo>();
for (const [p, methods] of Object.entries(withAssumed().paths as Json)) {
  for (const [m, op] of Object.entries(methods as Json))
    ops.set(`${m.toUpperCase()} ${templateOf(p)}`, { specPath: p, security: (op as Json).security });
}

const templates = new Map([...ops.values()].map((o) => [templateOf(o.specPath), o.specPath]));
/** The spec's spelling of a route template (`/projects` → `/v2/projects/`), any method. */
export function specPathOfTemplate(template: string): string | undefined {
  return templates.get(template);
}

/** The security requirement of a route (`GET /projects`), as the spec (with the assumed operations) declares it. */
function securityOf(op: string): Security | undefined {
  return ops.get(op)?.security;
}

/**
 * Whether a token holding `scopes` may call `op`: some alternative of its security requirement has
 * all its scopes. An operation the spec declares no security for needs `all` (the safe reading).
 */
export function scopesAllow(op: string, scopes: readonly string[]): boolean {
  const alternatives = securityOf(op) ?? [{ Bearer: ['all'] }];
  return alternatives.some((alt) => Object.values(alt).every((needed) => needed.every((s) => scopes.includes(s))));
}
