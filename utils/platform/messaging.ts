import { browser } from 'wxt/browser';
// zod/mini answer schemas only: importing the request table's values (protocol/requests.ts) here
// would bundle full zod, every request schema and the background's handlers into each page.
import { type RequestType, type Response, uiSchemas } from '../protocol/answers';
import type { Request } from '../protocol/requests';
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
