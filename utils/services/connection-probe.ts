// Addresses and credentials are tried when the admin saves them (issue 17): each address gets its
// own result, shown by its field. Read-only requests, no session needed; nothing is stored here.
import { sendRequest, looksLikeHtml, mediaType, type HttpFetch } from '../core/http';
import { TFSO_SERVICES, type TfsoService } from '../tfso/hosts';
import type { BaseUrls } from '../domain/settings';
import type { UserError } from '../domain/connection-state';

export type AddressField = keyof BaseUrls;
/** Per field: null when the address answered as that part of the system does, else why not. */
export type AddressResults = Record<AddressField, UserError | null>;

export const PROBE_TIMEOUT_MS = 8_000;

const unreachable = (url: string): UserError => ({ code: 'unreachable', messageKey: 'errAddressUnreachable', substitutions: [url] });
const notIt = (url: string, what: string): UserError => ({
  code: 'wrong_address',
  messageKey: 'errAddressWrongService',
  substitutions: [url, what],
});

/** A service the host must serve: its WSDL (ASP.NET answers `?WSDL` without a session). */
async function tfsoHost(http: HttpFetch, base: string, service: TfsoService): Promise<UserError | null> {
  const url = `${base.replace(/\/+$/, '')}${TFSO_SERVICES[service].path}?WSDL`;
  try {
    const a = await sendRequest({
      http,
      url,
      system: 'tfso',
      operation: `${service} WSDL`,
      timeoutMs: PROBE_TIMEOUT_MS,
      init: { method: 'GET' },
    });
    return a.status === 200 && /<(?:\w+:)?definitions[\s>]/.test(a.text) ? null : notIt(base, service);
  } catch {
    return unreachable(base);
  }
}

/** Busy's API answers a list read with JSON: the data (logged in) or a 401 problem (not). */
async function busyApi(http: HttpFetch, base: string): Promise<UserError | null> {
  try {
    const a = await sendRequest({
      http,
      url: `${base.replace(/\/+$/, '')}/users/?limit=1`,
      system: 'busy',
      operation: 'users',
      timeoutMs: PROBE_TIMEOUT_MS,
      init: { method: 'GET', headers: { Accept: 'application/json' } },
    });
    const json = /json/.test(mediaType(a.headers)) && !looksLikeHtml(a.headers, a.text);
    return json && (a.status === 200 || a.status === 401 || a.status === 403) ? null : notIt(base, 'Busy API');
  } catch {
    return unreachable(base);
  }
}

/** The web app answers its login page with HTML. */
async function busyWeb(http: HttpFetch, base: string): Promise<UserError | null> {
  try {
    const a = await sendRequest({
      http,
      url: `${base.replace(/\/+$/, '')}/login`,
      system: 'busy',
      operation: 'login page',
      timeoutMs: PROBE_TIMEOUT_MS,
      init: { method: 'GET' },
    });
    return a.status < 400 && looksLikeHtml(a.headers, a.text) ? null : notIt(base, 'Busy');
  } catch {
    return unreachable(base);
  }
}

/** Tries the four addresses at once. */
export async function probeAddresses(http: HttpFetch, urls: BaseUrls): Promise<AddressResults> {
  const [tfsoApi, tfsoWebservices, busyApiResult, busyWebResult] = await Promise.all([
    tfsoHost(http, urls.tfsoApi, 'Authenticate'),
    tfsoHost(http, urls.tfsoWebservices, 'ProjectService'),
    busyApi(http, urls.busyApi),
    busyWeb(http, urls.busyWeb),
  ]);
  return { tfsoApi, tfsoWebservices, busyApi: busyApiResult, busyWeb: busyWebResult };
}
