import { browser } from 'wxt/browser';
import type { Request, RequestType, Response } from '../messages';
// zod/mini answer schemas only: importing utils/messages.ts (its values) here would bundle full zod
// and every request schema into each page and the content script.
import { responseSchema } from '../ui-schemas';

/** Sends a request to the background and validates the answer before the UI uses it. */
export async function request<T extends RequestType>(
  req: Extract<Request, { type: T }>,
): Promise<Response<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(req);
  } catch (e) {
    return { ok: false, error: { code: 'noBackground', messageKey: 'errUnexpected', substitutions: [String(e)] } };
  }
  const parsed = responseSchema(req.type).safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'badMessage', messageKey: 'errBadMessage', substitutions: [describeIssue(parsed.error.issues[0])] },
    };
  }
  return parsed.data as Response<T>;
}

/** zod/mini carries no message locales, so say where the answer went wrong and how. */
function describeIssue(issue: { path: PropertyKey[]; code: string; message: string } | undefined): string {
  if (!issue) return '';
  const where = issue.path.map(String).join('.');
  return `${where ? `${where}: ` : ''}${issue.code} (${issue.message})`;
}

/** The background announces a changed status; the popup and options re-read it. */
export const STATUS_CHANGED = 'status/changed';
export function onStatusChanged(listener: () => void): () => void {
  const handler = (msg: unknown) => {
    if ((msg as { type?: unknown })?.type === STATUS_CHANGED) listener();
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
