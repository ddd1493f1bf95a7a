import type * as z from 'zod/mini';
import { type Answer, answerSchema } from '../protocol/envelope';
import type { RequestType } from '../protocol/answers';
import type { Request } from '../protocol/requests';

// The one way a page or the content script asks the background: send, then validate the answer
// (zod/mini) before any UI reads it. Each caller brings its own answer schemas (the pages all of
// utils/protocol/answers.ts, the content script only what it reads), so no bundle carries the others'.

export type { Answer } from '../protocol/envelope';
type Schemas = { [K in RequestType]?: z.ZodMiniType };
type DataOf<S extends Schemas, T extends keyof S> = z.infer<NonNullable<S[T]>>;

/** `schemas` is called at the first request (so a page can render before building any schema). */
export function createRequest<S extends Schemas>(schemas: () => S, send: (message: Request) => Promise<unknown>) {
  // Built on first use of each request type, then kept.
  const built = new Map<RequestType, ReturnType<typeof answerSchema>>();
  return async function request<T extends keyof S & RequestType>(req: Extract<Request, { type: T }>): Promise<Answer<DataOf<S, T>>> {
    let raw: unknown;
    try {
      raw = await send(req);
    } catch (e) {
      return { ok: false, error: { code: 'noBackground', messageKey: 'errUnexpected', substitutions: [String(e)] } };
    }
    let schema = built.get(req.type);
    if (!schema) built.set(req.type, (schema = answerSchema(schemas()[req.type]!)));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'badMessage', messageKey: 'errBadMessage', substitutions: [describeIssue(parsed.error.issues[0])] },
      };
    }
    return parsed.data as Answer<DataOf<S, T>>;
  };
}

/** zod/mini carries no message locales, so say where the answer went wrong and how. */
function describeIssue(issue: { path: PropertyKey[]; code: string; message: string } | undefined): string {
  if (!issue) return '';
  const where = issue.path.map(String).join('.');
  return `${where ? `${where}: ` : ''}${issue.code} (${issue.message})`;
}
