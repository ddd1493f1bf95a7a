import { browser } from 'wxt/browser';
import { responseSchema, type Request, type RequestType, type Response } from '../messages';

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
      error: { code: 'badMessage', messageKey: 'errBadMessage', substitutions: [parsed.error.issues[0]?.message ?? ''] },
    };
  }
  return parsed.data as Response<T>;
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
