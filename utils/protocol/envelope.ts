// The envelope every answer of the background travels in, as the pages and the content script
// validate it (zod/mini: no locales, tree-shakable). Imports nothing of the protocol, so the answer
// schemas (answers.ts) and the senders (platform/ask.ts) can both use it without a circle.
import * as z from 'zod/mini';
import type { UserError } from '../domain/connection-state';

export type Answer<D> = { ok: true; data: D } | { ok: false; error: UserError };

const userError = () => z.object({ code: z.string(), messageKey: z.string(), substitutions: z.array(z.string()) });

/** `{ ok: true, data }` or `{ ok: false, error }`. */
export function answerSchema<D extends z.ZodMiniType>(data: D) {
  return z.union([z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: userError() })]);
}
