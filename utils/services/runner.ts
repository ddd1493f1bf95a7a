// Which installation of the company runs the schedule (issue 13). Every installation heartbeats on
// the minute alarm through the runner register in Busy (utils/coordination): the runner renews its
// lease, the others stand by and take over when the runner has been silent for the lease's stale
// time (5 minutes of Busy's clock). Scheduled runs (push, hour poll, hourly, daily) happen only in
// the runner; a person's click runs where it is clicked, under the same write lock as everything.
// Engine-free wiring: the background injects fetch, settings and the store.
import type { BusyClient } from '../busy/client';
import type { ConnectionService } from './connection';
import { Coordination, type RunnerView } from '../coordination/coordination';
import { installationOf } from '../coordination/installation';
import type { Status } from '../domain/connection-state';
import type { Settings, SettingsStore } from '../domain/settings';
import { readMeta, type SyncStore } from '../store/types';
import { z } from 'zod';

export interface RunnerServiceDeps {
  store: () => Promise<SyncStore>;
  connection: ConnectionService;
  settings: SettingsStore;
  /** The background's Busy client, outside any run (run-context.ts outsideRuns). */
  busy: (s: Settings, status: Status) => BusyClient;
  now: () => Date;
  /** "Chrome", "Firefox", …: how this installation is named to the others, with the person. */
  browserName: string;
}

export interface RunnerService {
  /** This installation's coordination (for the engine's write lock). */
  coordination(): Promise<Coordination>;
  /** The heartbeat (at most every `minGapMs`); true when this installation runs the schedule. */
  isRunner(): Promise<boolean>;
  /** A heartbeat now; `takeOver` makes this installation the runner (a person's decision). */
  heartbeat(takeOver?: boolean): Promise<RunnerView>;
  /** The last view, from the store (no request): what the popup shows first. */
  lastView(): Promise<(RunnerView & { checkedAt: string }) | null>;
}

const ViewSchema = z.object({
  role: z.enum(['runner', 'standby', 'unknown']),
  thisLabel: z.string(),
  thisId: z.string(),
  runner: z
    .object({ id: z.string(), label: z.string(), since: z.string(), heartbeatAt: z.string(), silentForMs: z.number().nullable() })
    .nullable(),
  checkedAt: z.string(),
});
const VIEW_KEY = 'coordination.view';
/** The alarm fires every minute; a second heartbeat within this is the first one's answer. */
const MIN_GAP_MS = 30_000;

export function createRunnerService(deps: RunnerServiceDeps): RunnerService {
  let made: Promise<Coordination> | undefined;
  let last: { at: number; view: RunnerView } | undefined;
  const session = Math.random().toString(36).slice(2, 10);

  const coordination = () =>
    (made ??= (async () => {
      const store = await deps.store();
      const inst = await installationOf(store, deps.now());
      return new Coordination({ me: { installation: inst.id, session, label: deps.browserName }, store });
    })());

  async function heartbeat(takeOver = false): Promise<RunnerView> {
    const c = await coordination();
    const status = await deps.connection.last();
    c.me.label = status.tfso.state === 'connected' ? `${deps.browserName} · ${status.tfso.who.name}` : deps.browserName;
    let view: RunnerView;
    const settings = await deps.settings.get();
    if (status.busy.state !== 'connected') {
      view = c.view('unknown', null, null);
    } else if (!settings.plan.confirmed && !takeOver) {
      // Not set up yet: no scheduled run happens here, so this installation does not compete for
      // the schedule (and writes nothing to Busy before the admin has confirmed anything).
      view = c.view('unknown', null, null);
    } else {
      const busy = deps.busy(settings, status);
      try {
        view = await c.heartbeat(busy, takeOver);
      } catch {
        // Busy could not be asked (offline, session gone): nobody is known to run; nothing runs here.
        view = c.view('unknown', null, null);
      }
    }
    last = { at: Date.now(), view };
    await (await deps.store()).meta.put(VIEW_KEY, { ...view, checkedAt: deps.now().toISOString() });
    return view;
  }

  return {
    coordination,
    heartbeat,
    async isRunner() {
      const v = last && Date.now() - last.at < MIN_GAP_MS ? last.view : await heartbeat();
      return v.role === 'runner';
    },
    async lastView() {
      return (await readMeta(await deps.store(), VIEW_KEY, ViewSchema).catch(() => undefined)) ?? null;
    },
  };
}

/** What the popup shows of it (protocol/answers.ts coordinationSchema): the runner's last heartbeat as a
 * time on this machine's clock, from how long Busy has seen the register silent (no two machines'
 * clocks compared). */
export function coordinationView(
  v: RunnerView,
  now: Date,
  checkedAt: string | null = null,
): {
  role: RunnerView['role'];
  thisLabel: string;
  runner: { label: string; since: string; heartbeatAt: string } | null;
} {
  const seenAt = checkedAt ? Date.parse(checkedAt) : now.getTime();
  return {
    role: v.role,
    thisLabel: v.thisLabel,
    runner: v.runner
      ? {
          label: v.runner.label,
          since: v.runner.since,
          heartbeatAt: v.runner.silentForMs === null ? v.runner.heartbeatAt : new Date(seenAt - v.runner.silentForMs).toISOString(),
        }
      : null,
  };
}

/** The browser's name from its user agent (the extension runs in Chrome, Edge, Chromium or Firefox). */
export function browserNameOf(userAgent: string): string {
  if (/Firefox\//.test(userAgent)) return 'Firefox';
  if (/Edg\//.test(userAgent)) return 'Edge';
  if (/Chromium\//.test(userAgent)) return 'Chromium';
  if (/Chrome\//.test(userAgent)) return 'Chrome';
  return 'Browser';
}
