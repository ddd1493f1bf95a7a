// How the background reaches each system, given the settings and the last connection check:
// 24SO through the browser's session cookie, Busy through its web session or the admin's token.
import type { BusyClientOptions } from '../busy/client';
import type { Status } from '../domain/connection-state';
import type { HttpFetch } from '../core/http';
import type { Settings } from '../domain/settings';
import type { TfsoContext } from '../tfso/soap';

export function tfsoContextFor(s: Settings, http: HttpFetch, now: () => Date): TfsoContext {
  return { http, bases: { api: s.urls.tfsoApi, webservices: s.urls.tfsoWebservices }, now };
}

export function busyOptionsFor(
  s: Settings,
  status: Status,
  deps: { http: HttpFetch; now: () => Date; sleep: (ms: number) => Promise<void> },
): BusyClientOptions {
  const viaToken = status.busy.state === 'connected' && status.busy.who.via === 'token' && s.busy.token;
  return {
    http: deps.http,
    apiBase: s.urls.busyApi,
    auth: viaToken ? { kind: 'token', token: s.busy.token! } : { kind: 'cookie' },
    sleep: deps.sleep,
    now: deps.now,
  };
}
