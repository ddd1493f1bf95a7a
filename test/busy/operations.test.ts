// Issue 14: the Busy client speaks the public spec's paths and knows the spec's token scopes. The
// table (utils/busy/operations.ts) is checked against the repo's copy of the spec, and the source
// of utils/busy/* against the table, so a later edit cannot drift from either.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUSY_OPERATIONS, BUSY_PATHS, operationName, scopesFor, TOKEN_SCOPES_NEEDED } from '../../utils/busy/operations';
import * as busy from '../../utils/busy/resources';
import * as hours from '../../utils/busy/hours';
import * as invoices from '../../utils/busy/invoices';

const spec = JSON.parse(readFileSync('test/sim/busy/spec/busy-openapi-2.1.0.json', 'utf8')) as {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
};
const specOp = (method: string, path: string) => spec.paths[`/v2${path}`]?.[method.toLowerCase()];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('Busy operations against the public spec (issue 14)', () => {
  it('every path the client uses is in the spec, spelled as the spec spells it; only the assumed task-assignee writes are not', () => {
    const missing = BUSY_OPERATIONS.filter((o) => !specOp(o.method, o.path)).map((o) => operationName(o.method, o.path));
    expect(missing).toEqual(['POST /tasks/{taskId}/users', 'DELETE /tasks/{taskId}/users/{userId}']);
    expect(BUSY_OPERATIONS.filter((o) => o.assumed).map((o) => operationName(o.method, o.path))).toEqual(missing);
    // the collections carry the spec's trailing slash; sub-resources and /invoices/drafts do not
    expect([
      BUSY_PATHS.clients,
      BUSY_PATHS.projects,
      BUSY_PATHS.users,
      BUSY_PATHS.tags,
      BUSY_PATHS.hourEntries,
      BUSY_PATHS.invoices,
    ]).toEqual(['/clients/', '/projects/', '/users/', '/tags/', '/hourEntries/', '/invoices/']);
    expect([BUSY_PATHS.projectTasks, BUSY_PATHS.draftInvoices]).toEqual(['/projects/{projectId}/tasks', '/invoices/drafts']);
    expect(spec.paths['/v2/projects']).toBeUndefined();
    expect(spec.paths['/v2/projects/{projectId}/tasks/']).toBeUndefined();
  });

  it('each operation\'s scopes are the spec\'s security requirement (besides "all")', () => {
    for (const o of BUSY_OPERATIONS.filter((x) => !x.assumed)) {
      const sec = specOp(o.method, o.path)!.security;
      expect(sec, operationName(o.method, o.path)).toBeDefined();
      const alternatives = sec!.map((s) => s.Bearer!);
      expect(alternatives, operationName(o.method, o.path)).toContainEqual(['all']);
      const own = alternatives.filter((a) => !(a.length === 1 && a[0] === 'all'));
      expect(
        own.map((a) => [...a].sort()),
        operationName(o.method, o.path),
      ).toEqual([[...o.scopes].sort()]);
    }
    // the one the issue names: writing an hour entry's externalId needs projects:write
    expect(scopesFor('PATCH', '/hourEntries/{hourEntryId}')).toEqual(['projects:write']);
  });

  it('no path literal in utils/busy outside the table; every table path is an operation and every operation a table path', () => {
    const stray: string[] = [];
    for (const f of files('utils/busy').filter((f) => !f.endsWith('operations.ts'))) {
      // code only: comments may name paths the way people write them
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const m of code.matchAll(/['`](\/[A-Za-z][^'`\s]*)['`]/g)) stray.push(`${f}: ${m[1]}`);
    }
    expect(stray).toEqual([]);
    const opPaths = new Set(BUSY_OPERATIONS.map((o) => o.path));
    expect(Object.values(BUSY_PATHS).filter((p) => !opPaths.has(p))).toEqual([]);
    expect([...opPaths].filter((p) => !Object.values(BUSY_PATHS).includes(p as never))).toEqual([]);
  });

  it('each wrapper named in the table exists; product = used outside utils/busy', () => {
    const exported = { ...busy, ...hours, ...invoices } as Record<string, unknown>;
    const outside = [...files('utils'), ...files('components'), ...files('entrypoints')]
      .filter((f) => !f.startsWith(join('utils', 'busy')))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const o of BUSY_OPERATIONS) {
      expect(typeof exported[o.fn], o.fn).toBe('function');
      expect(new RegExp(`\\b${o.fn}\\b`).test(outside), `${o.fn} used by the product`).toBe(o.product);
    }
  });

  it("the token needs exactly the union of the product's operations' scopes", () => {
    expect(TOKEN_SCOPES_NEEDED).toEqual([
      'clients:read',
      'clients:write',
      'hourEntries:read',
      'invoices:read',
      'projects:read',
      'projects:write',
      'tags:read',
      'tags:write',
      'tasks:read',
      'tasks:write',
      'users:read',
    ]);
  });

  it('operation names stay readable and the same for both spellings', () => {
    expect(operationName('GET', '/projects/')).toBe('GET /projects');
    expect(operationName('GET', '/projects')).toBe('GET /projects');
    expect(operationName('PATCH', '/projects/{projectId}')).toBe('PATCH /projects/{projectId}');
    expect(scopesFor('GET', '/projects')).toEqual(['projects:read']);
    expect(scopesFor('GET', '/nowhere/')).toEqual([]);
  });
});
