// How the background reaches each system, for every run, pass and page question alike: 24SO
// through the browser's session cookie, Busy through its web session or the admin's token, with
// ONE Busy client per background (every run and question takes a view of it, so a rate-limit pause
// or Busy's clock seen by one holds for all), the admin's user choices merged once, and the
// engines' inputs (sync/run-base.ts EngineDeps) built in one place.
import { type BusyClient, type BusyClientOptions, createBusyClient } from '../busy/client';
import { SessionMissingError } from '../core/errors';
import type { HttpFetch } from '../core/http';
import type { ConnectedStatus, Status } from '../domain/connection-state';
import type { Settings, SettingsStore } from '../domain/settings';
import type { Pacer } from '../pacer/pacer';
import type { Priority } from '../pacer/priority';
import type { Coordination } from '../coordination/coordination';
import type { SyncStore } from '../store/types';
import type { EngineDeps } from '../sync/run-base';
import { userOverridesOf } from '../sync/users';
import type { TfsoContext } from '../tfso/soap';
import type { CapabilitiesService } from './capabilities';
import { configOfSettings } from './pacer-config';

export interface RunContextDeps {
  store: () => Promise<SyncStore>;
  settings: SettingsStore;
  /** The browser's fetch (a run's requests wait for the pacer's gate). */
  http: HttpFetch;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Issue 14: the capabilities every run is given (checked first when a day old). */
  capabilities?: Pick<CapabilitiesService, 'forRun'>;
  /** Issue 13: the company's coordination, for every run's write lock. */
  runner?: { coordination(): Promise<Coordination> };
  /** Issue 15: the installation's request budget. Absent: unpaced. */
  pacer?: Pacer;
  /** Requests outside a run (a page's question, the heartbeat): counted by the pacer, never held
   * (Pacer.observe). Absent: sent as they are. */
  observe?: (http: HttpFetch) => HttpFetch;
}

export interface RunContext {
  tfso(s: Settings): TfsoContext;
  /** The background's Busy client for these settings and this way in (made again only when either changes). */
  busy(s: Settings, status: Status): BusyClient;
  /** For a page's question or the heartbeat: through the pacer's count. */
  outsideRuns(s: Settings, status: Status): { tfso: TfsoContext; busy: BusyClient };
  /** What an engine run or pass is given, at `priority` of the request budget; `writes: false`
   * (the plan, which reads only): without the company's write lock. */
  engine(s: Settings, status: Status, priority: Priority, o?: { writes?: boolean }): Promise<EngineDeps>;
  /** The admin's user choices: the plan's answers and the user list's (sync/users.ts). */
  userOverrides(s: Settings): Record<string, number | null>;
}

/** Both systems connected, or the error naming the one that is not. */
export function requireConnected({ tfso, busy }: Status): ConnectedStatus {
  if (tfso.state !== 'connected') throw new SessionMissingError('tfso');
  if (busy.state !== 'connected') throw new SessionMissingError('busy');
  return { tfso, busy };
}

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

export function createRunContext(deps: RunContextDeps): RunContext {
  let made: { key: string; client: BusyClient } | undefined;
  const observed = deps.observe ?? ((h: HttpFetch) => h);

  const busy = (s: Settings, status: Status): BusyClient => {
    const o = busyOptionsFor(s, status, deps);
    const key = JSON.stringify([o.apiBase, o.auth]);
    if (made?.key !== key) made = { key, client: createBusyClient(o) };
    return made.client;
  };

  return {
    tfso: (s) => tfsoContextFor(s, deps.http, deps.now),
    busy,
    outsideRuns: (s, status) => ({
      tfso: tfsoContextFor(s, observed(deps.http), deps.now),
      busy: busy(s, status).view({ through: observed }),
    }),
    async engine(s, status, priority, o = {}) {
      deps.pacer?.configure(configOfSettings(s));
      return {
        store: await deps.store(),
        tfso: tfsoContextFor(s, deps.http, deps.now),
        busy: busy(s, status),
        now: deps.now,
        capabilities: await deps.capabilities?.forRun(),
        ...(deps.runner && o.writes !== false ? { coordination: await deps.runner.coordination() } : {}),
        ...(deps.pacer ? { pacer: deps.pacer.run(priority) } : {}),
      };
    },
    userOverrides: (s) => userOverridesOf({ decisions: s.plan.decisions, userOverrides: s.userOverrides }),
  };
}
