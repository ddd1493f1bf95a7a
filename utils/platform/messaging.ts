import { browser } from 'wxt/browser';
import type { Request, RequestType, Response } from '../protocol/messages';
// zod/mini answer schemas only: importing utils/protocol/messages.ts (its values) here would bundle full zod
// and every request schema into each page.
import { uiSchemas } from '../protocol/answers';
import { createRequest } from './ask';

const ask = createRequest(
  () => uiSchemas().responseDataSchemas,
  (req) => browser.runtime.sendMessage(req),
);

/** Sends a request to the background and validates the answer before the UI uses it (the popup and options pages). */
export function request<T extends RequestType>(req: Extract<Request, { type: T }>): Promise<Response<T>> {
  return ask(req) as Promise<Response<T>>;
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
