// Reads what a live OpenAPI document offers: its operations, as `METHOD /full/path` with every
// `{parameter}` written `{}` and no trailing slash, so a document that names a parameter `{id}`
// where we write `{taskId}`, or spells a collection with or without its slash, still matches.
// Anything that is not an OpenAPI 3 / Swagger 2 document is an OpenApiError ("unknown", not "absent").
import { z } from 'zod';

export class OpenApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiError';
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const DocSchema = z
  .object({
    openapi: z.string().regex(/^3\./, 'expected an OpenAPI 3 version').optional(),
    swagger: z.literal('2.0').optional(),
    info: z.object({ title: z.string().optional(), version: z.string().optional() }).optional(),
    servers: z.array(z.object({ url: z.string() })).optional(),
    basePath: z.string().optional(),
    paths: z.record(z.string().regex(/^\//, 'a path starts with /'), z.record(z.string(), z.unknown())),
  })
  .refine((d) => d.openapi !== undefined || d.swagger !== undefined, 'neither "openapi" nor "swagger" is set');

export interface OpenApiSummary {
  version: string;
  title: string | null;
  /** `POST /v2/tasks/{}/users` … */
  operations: Set<string>;
}

export function operationKey(method: string, fullPath: string): string {
  const p = fullPath.replace(/\{[^}/]*\}/g, '{}').replace(/\/+$/, '') || '/';
  return `${method.toUpperCase()} ${p}`;
}

/** The path part of the document's base (servers[0].url or Swagger's basePath), '' when none. */
function basePathOf(d: z.output<typeof DocSchema>): string {
  const raw = d.servers?.[0]?.url ?? d.basePath ?? '';
  let path = raw;
  try {
    path = new URL(raw, 'http://base.invalid').pathname;
  } catch {
    // a relative or templated server URL: use it as written
  }
  return path.replace(/\/+$/, '');
}

export function readOpenApi(text: string): OpenApiSummary {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OpenApiError('not JSON');
  }
  const r = DocSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new OpenApiError(`not an OpenAPI document: ${i.path.join('.') || '(document)'}: ${i.message}`);
  }
  const d = r.data;
  const base = basePathOf(d);
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(d.paths)) {
    for (const m of METHODS) if (item[m] && typeof item[m] === 'object') operations.add(operationKey(m, base + path));
  }
  return { version: d.openapi ?? d.swagger!, title: d.info?.title ?? null, operations };
}

/** Whether the document offers the operation at `apiBasePath + path` (e.g. '/v2' + '/tasks/{taskId}/users'). */
export function offers(doc: OpenApiSummary, method: string, apiBasePath: string, path: string): boolean {
  return doc.operations.has(operationKey(method, apiBasePath.replace(/\/+$/, '') + path));
}
