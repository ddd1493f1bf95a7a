// The extension's side of the capability check (issue 14): when to check (both systems connected,
// the options' "check again", and before a run when the last check is a day old or was made
// against other addresses), what the engine is given, and what the options page and the diagnostic
// report show. Engine-free wiring: the background injects the store, settings and HTTP.
import { Capabilities, CAPABILITIES, checkCapabilities, checkDue, readRecord, type CapabilitiesRecord } from '../capabilities';
import type { Status } from '../domain/connection-state';
import type { HttpFetch } from '../core/http';
import type { CapabilitiesView } from '../protocol/answers';
import type { Settings, SettingsStore } from '../domain/settings';
import type { SyncStore } from '../store/types';

export const CHECK_MAX_AGE_MS = 24 * 3600_000;

export interface CapabilitiesServiceDeps {
  store: () => Promise<SyncStore>;
  settings: SettingsStore;
  http: HttpFetch;
  now: () => Date;
  maxAgeMs?: number;
  /** Something the pages show changed. */
  onChanged?: () => void;
}

export interface CapabilitiesService {
  view(): Promise<CapabilitiesView>;
  /** Reads the live specs now. `force` (the admin's "check again"): the documents decide afresh,
   * also over what calls showed at run time. */
  check(force?: boolean): Promise<CapabilitiesView>;
  /** The engine's input; checks first when the last check is older than a day or was made against
   * other addresses. A check that fails leaves what was known (never stops a run). */
  forRun(): Promise<Capabilities>;
  /** After a connection check: both connected → check when due; the Busy web session accepted by
   * the API is a run-time finding (busy.webSessionApi). */
  onStatus(status: Status): Promise<void>;
}

const detectDeps = (s: Settings, http: HttpFetch, now: () => Date) => ({
  http,
  tfsoBases: { api: s.urls.tfsoApi, webservices: s.urls.tfsoWebservices },
  busyApiBase: s.urls.busyApi,
  now,
});

export function capabilitiesView(r: CapabilitiesRecord): CapabilitiesView {
  return {
    checkedAt: r.checkedAt,
    busySpecUrl: r.busySpecUrl,
    items: CAPABILITIES.map((c) => {
      const e = r.entries[c.id];
      return {
        id: c.id,
        system: c.system,
        state: e?.state ?? 'unknown',
        checkedAt: e?.checkedAt ?? null,
        evidence: e?.evidence ?? null,
        source: e?.source ?? null,
        detection: c.detection.kind,
        title: c.title,
        feature: c.feature,
        whenAbsent: c.whenAbsent,
        why: c.detection.kind === 'none' ? c.detection.why : null,
      };
    }),
  };
}

export function createCapabilitiesService(deps: CapabilitiesServiceDeps): CapabilitiesService {
  const maxAge = deps.maxAgeMs ?? CHECK_MAX_AGE_MS;
  let running: Promise<CapabilitiesRecord> | null = null;

  async function runCheck(force: boolean): Promise<CapabilitiesRecord> {
    const r = await checkCapabilities(await deps.store(), detectDeps(await deps.settings.get(), deps.http, deps.now), force);
    deps.onChanged?.();
    return r;
  }

  /** One check at a time; a second asker joins it. */
  function check(force: boolean): Promise<CapabilitiesRecord> {
    running ??= runCheck(force).finally(() => {
      running = null;
    });
    return running;
  }

  async function due(): Promise<boolean> {
    const d = detectDeps(await deps.settings.get(), deps.http, deps.now);
    return checkDue(
      await readRecord(await deps.store()),
      { tfsoApi: d.tfsoBases.api, tfsoWebservices: d.tfsoBases.webservices, busyApi: d.busyApiBase },
      deps.now(),
      maxAge,
    );
  }

  return {
    async view() {
      return capabilitiesView(await readRecord(await deps.store()));
    },
    async check(force = true) {
      return capabilitiesView(await check(force));
    },
    async forRun() {
      if (await due()) await check(false).catch(() => undefined);
      return Capabilities.load(await deps.store(), deps.now);
    },
    async onStatus(status) {
      if (status.tfso.state !== 'connected' || status.busy.state !== 'connected') return;
      if (status.busy.who.via === 'session') {
        const caps = await Capabilities.load(await deps.store(), deps.now);
        if (caps.state('busy.webSessionApi') !== 'confirmed') {
          await caps.observe('busy.webSessionApi', 'confirmed', "the Busy API accepted the browser's web session (connection check)");
          deps.onChanged?.();
        }
      }
      if (await due()) await check(false).catch(() => undefined);
    },
  };
}
