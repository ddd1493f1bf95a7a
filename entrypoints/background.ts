import { browser } from 'wxt/browser';
import { createConnectionService } from '../utils/services/connection';
import { handleRequest } from '../utils/protocol/requests';
import { classifySender } from '../utils/protocol/senders';
import { browserCookies, browserFetch, browserSettingsStore } from '../utils/platform/browser';
import { STATUS_CHANGED } from '../utils/platform/messaging';
import { TFSO_SESSION_COOKIE } from '../utils/tfso/session';
import { createSyncService } from '../utils/services/sync';
import { alarmSpecs, triggerForAlarm } from '../utils/services/schedule';
import { createIdbStore, type SyncStore } from '../utils/store';
import { createUserMappingService } from '../utils/services/user-mapping';
import { createHoursService } from '../utils/services/hours';
import { createCapabilitiesService } from '../utils/services/capabilities';
import { buildDiagnosticsReport } from '../utils/services/diagnostics';
import { browserNameOf, createRunnerService } from '../utils/services/runner';
import { Pacer } from '../utils/pacer';
import { configOfSettings } from '../utils/services/pacer-config';
import { createRunContext } from '../utils/services/run-context';

// Wiring only: messages → handlers, alarms → sync runs, cookie changes → a fresh status.
export default defineBackground(() => {
  const now = () => new Date();
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const announce = () => {
    // Nobody listening (no popup open) is normal.
    browser.runtime.sendMessage({ type: STATUS_CHANGED }).catch(() => undefined);
  };

  let opened: Promise<SyncStore> | undefined;
  const store = () => (opened ??= createIdbStore('busy-24so-sync'));
  // The request budget (issue 15): one pacer for the installation, in front of every run's
  // requests (sync, hour transfer, clicks); what it spent is kept in the store. Checks and
  // heartbeats outside the runs are counted through `observed`.
  const pacer = new Pacer({ store, now, sleep });
  void browserSettingsStore.get().then(
    (s) => pacer.configure(configOfSettings(s)),
    () => undefined,
  );
  const observed = pacer.observe(browserFetch);
  // Issue 14: what the real services offer beyond their specs, checked at connection and daily.
  const capabilities = createCapabilitiesService({ store, settings: browserSettingsStore, http: browserFetch, now, onChanged: announce });

  const connection = createConnectionService({
    http: observed,
    cookies: browserCookies,
    settings: browserSettingsStore,
    now,
    sleep,
    onChecked: (status) => void capabilities.onStatus(status).catch(() => undefined),
  });

  // One run context: the one Busy client (a rate-limit pause seen by any run holds for all), the
  // engines' inputs and the admin's user choices, for the sync, the hour transfer and the pages.
  const run = createRunContext({
    store,
    settings: browserSettingsStore,
    http: browserFetch,
    now,
    sleep,
    capabilities,
    runner: { coordination: () => runner.coordination() },
    pacer,
    observe: (http) => pacer.observe(http),
  });
  // The company's installations agree through Busy on who runs the schedule (issue 13).
  const runner = createRunnerService({
    store,
    connection,
    settings: browserSettingsStore,
    busy: (s, status) => run.outsideRuns(s, status).busy,
    now,
    browserName: browserNameOf(navigator.userAgent),
  });
  const services = {
    store,
    connection,
    settings: browserSettingsStore,
    http: browserFetch,
    now,
    sleep,
    onChanged: announce,
    runner,
    capabilities,
    pacer,
    run,
  };
  const sync = createSyncService(services);
  const hours = createHoursService(services);
  const users = createUserMappingService({ connection, settings: browserSettingsStore, run });
  const diagnostics = async () =>
    buildDiagnosticsReport({
      about: { extensionVersion: browser.runtime.getManifest().version, browser: navigator.userAgent },
      settings: await browserSettingsStore.get(),
      status: await connection.last().catch(() => null),
      store: await store(),
      now,
    });

  browser.runtime.onMessage.addListener(async (message, sender) => {
    const settings = await browserSettingsStore.get();
    const kind = classifySender(
      { id: sender.id, url: sender.url, fromTab: sender.tab !== undefined },
      browser.runtime.id,
      browser.runtime.getURL('/'),
      settings.urls.busyWeb,
    );
    return handleRequest(message, kind, {
      connection,
      sync,
      users,
      hours,
      store,
      settings: browserSettingsStore,
      onStatusChanged: announce,
      // A section (a warning's action, the control's "transfer log") opens the page there.
      openOptions: async (section) => {
        if (!section) return browser.runtime.openOptionsPage();
        await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) });
      },
      http: browserFetch,
      now,
      capabilities,
      diagnostics,
      runner,
    });
  });

  // Who runs the schedule, as soon as the worker starts (a popup opened before the first minute
  // alarm names the runner too); the minute alarm keeps it current.
  void runner.isRunner().then(announce, () => undefined);

  // Alarms may be gone after a browser restart or an update: re-create the missing ones at each
  // start. Existing ones are kept, or every wake-up (each push alarm wakes the worker) would
  // push the hourly and daily ones into the future forever.
  void (async () => {
    for (const spec of alarmSpecs(now())) {
      const existing = await browser.alarms.get(spec.name);
      if (existing?.periodInMinutes === spec.periodInMinutes) continue;
      await browser.alarms.create(spec.name, { when: spec.when, periodInMinutes: spec.periodInMinutes });
    }
  })();
  browser.alarms.onAlarm.addListener((alarm) => {
    const trigger = triggerForAlarm(alarm.name);
    if (!trigger) return;
    // R9/R20: the minute alarm pushes Busy's master-data changes, then polls approvals/orders —
    // in the installation that runs the schedule; the minute alarm is also its heartbeat — and
    // runs again what paused for the request budget once its pause is over (issue 15).
    void sync
      .runScheduled(trigger)
      .then(() => (trigger === 'push' ? hours.poll() : null))
      .then(() => (trigger === 'push' ? sync.resumeDue() : null))
      .catch(() => undefined)
      .finally(announce);
  });

  // Logging in or out in a tab changes the session cookies: re-check so open pages follow.
  let pending: ReturnType<typeof setTimeout> | undefined;
  browser.cookies.onChanged.addListener(({ cookie }) => {
    if (cookie.name !== TFSO_SESSION_COOKIE && !/busy/i.test(cookie.name)) return;
    clearTimeout(pending);
    pending = setTimeout(() => void connection.check().then(announce, announce), 300);
  });
});
