// Canned HTTP answers for client unit tests (no server), and small assertion helpers.
// 24SO shapes are the real ones: document/literal wrapped, HTTP 500 + soap:Fault "Server was unable to process request. ---> …".
import type { HttpFetch } from '../../utils/core/http';

export const TNS = 'http://24sevenOffice.com/webservices';
export const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export function soapOk(op: string, resultInner: string | null): Response {
  const result = resultInner === null ? '' : `<${op}Result>${resultInner}</${op}Result>`;
  return new Response(
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><${op}Response xmlns="${TNS}">${result}</${op}Response></soap:Body></soap:Envelope>`,
    { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } },
  );
}

export function soapFault(message: string, prefix = 'Server was unable to process request. ---> '): Response {
  return new Response(
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>${prefix}${message}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`,
    { status: 500, headers: { 'content-type': 'text/xml; charset=utf-8' } },
  );
}

export function htmlPage(status = 200): Response {
  return new Response('<!DOCTYPE html><html><body><form action="/login"><input name="password"></form></body></html>', {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

/** A body that breaks off after `text` (socket closed mid-answer). */
export function truncatedBody(text: string, headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' }): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(text));
      c.error(new TypeError('terminated'));
    },
  });
  return new Response(stream, { status: 200, headers });
}

/** An http that answers from `route` and records each request. */
export function fakeHttp(route: (req: Recorded, n: number) => Response | Promise<Response>): { http: HttpFetch; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const http: HttpFetch = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const req = { url, method: init.method ?? 'GET', headers, body: typeof init.body === 'string' ? init.body : '' };
    calls.push(req);
    return route(req, calls.length - 1);
  };
  return { http, calls };
}

/** Never answers; rejects when the request is aborted (like fetch). */
export const hangingHttp: HttpFetch = (_url, init) =>
  new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
  });

/** The rejection of `p` (typed loosely for assertions); fails if `p` resolves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const caught = (p: Promise<unknown>): Promise<any> =>
  p.then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (e: unknown) => e,
  );
