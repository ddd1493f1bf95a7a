// The extension's side of a sync: one at a time, only when both systems are connected, with the
// client auth that works (Busy session or token), and a view of runs and warnings for the popup.
// Engine-free wiring: the background injects fetch, cookies, settings and the store.
import type { ConnectionService } from './connection';
import { createRunContext, requireConnected, type RunContext } from './run-context';
import type { Status } from '../domain/connection-state';
import type { HttpFetch } from '../core/http';
import type { PlanView, RunView, SyncStateView, WarningView } from '../protocol/answers';
import { planSync } from '../sync/plan';
import type { SettingsStore } from '../domain/settings';
import type { RunRecord, SyncStore } from '../store/types';
import { runSync, type RunSummary } from '../sync/engine';
import { createSyncRunner } from './sync-runner';
import { isSyncTrigger, SCHEDULED_TRIGGERS, type SyncTrigger } from '../sync/triggers';
import type { CapabilitiesService } from './capabilities';
import { coordinationView, type RunnerService } from './runner';
import type { Pacer } from '../pacer/pacer';
import { priorityOfTrigger, rankOf } from '../pacer/priority';
import type { RunnerView } from '../coordination/coordination';

export interface SyncServiceDeps {
  store: () => Promise<SyncStore>;
  connection: ConnectionService;
  settings: SettingsStore;
  http: HttpFetch;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Something the popup shows changed. */
  onChanged: () => void;
  /** Reuse a connection check this recent instead of asking both systems again before a run. */
  statusMaxAgeMs?: number;
  /** Issue 14: the capabilities every run is given (checked first when a day old). */
  capabilities?: Pick<CapabilitiesService, 'forRun'>;
  /** The company's coordination (issue 13): who runs the schedule; the write lock for every run. */
  runner?: RunnerService;
  /** The installation's request budget (issue 15, utils/pacer), shared with the hour transfer.
   * Absent: unpaced. */
  pacer?: Pacer;
  /** The background's one run context (run-context.ts), shared with the hour transfer and the
   * pages' questions. Absent: one of this service's own. */
  run?: RunContext;
}

export interface SyncService {
  /** Starts (or joins) a run and returns at once; the popup follows it through state(). */
  start(trigger: SyncTrigger): void;
  run(trigger: SyncTrigger): Promise<RunSummary | null>;
  /** A run the schedule starts: only in the installation that runs the schedule (null elsewhere). */
  runScheduled(trigger: SyncTrigger): Promise<RunSummary | null>;
  state(): Promise<SyncStateView>;
  /** The first-sync plan with the admin's answers so far (reads both systems, writes nothing). */
  plan(): Promise<PlanView>;
  /**
   * Runs again every trigger whose last run paused for the budget and whose pause is over (on the
   * minute alarm; the state is the run records in the store, so a worker stop or a browser restart
   * loses nothing). Scheduled triggers only in the installation that runs the schedule. In order
   * of priority. Returns the summaries of the runs made.
   */
  resumeDue(): Promise<RunSummary[]>;
}

/** Runs the schedule starts; these wait for the admin's go-ahead on the plan. A button pressed
 * by the admin is a go-ahead for what it fetches: unambiguous matches only, the rest stay open. */
const SCHEDULED: ReadonlySet<SyncTrigger> = new Set(SCHEDULED_TRIGGERS);

const NOT_CONNECTED_KEYS = { tfso: 'errSessionMissingTfso', busy: 'errSessionMissingBusy' } as const;

export function toRunView(r: RunRecord): RunView {
  return {
    trigger: r.trigger as RunView['trigger'],
    startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? null,
    ok: r.ok ?? null,
    counts: r.counts ?? {},
    error: r.error ?? null,
    pausedUntil: r.pausedUntil ?? null,
    etaAt: r.etaAt ?? null,
  };
}

/** Until when the last run of `trigger` waits for the budget (null: it does not). */
export async function pausedUntil(store: SyncStore, trigger: SyncTrigger, now: Date): Promise<Date | null> {
  const last = (await store.runs.lastByTrigger())[trigger];
  const until = last?.pausedUntil ? new Date(last.pausedUntil) : null;
  return until && until > now ? until : null;
}

/**
 * Until when a rate limit asks us to leave both systems alone: the last finished run stopped with
 * rate_limited (a 24SO quarantine, or a Busy Retry-After too long to wait out in a worker), and
 * its "try again in N minutes" has not passed. The minute alarm would otherwise knock every
 * minute, and 24SO keeps a client in quarantine while it does. Kept in the store, as the worker
 * does not live from one alarm to the next.
 */
export async function rateLimitHold(store: SyncStore, now: Date): Promise<Date | null> {
  const last = (await store.runs.recent(5)).find((r) => r.finishedAt && !r.id.startsWith('refused-'));
  if (last?.ok !== false || last.error?.code !== 'rate_limited') return null;
  const minutes = Number(last.error.substitutions[0] ?? 1);
  const until = Date.parse(last.finishedAt!) + (Number.isFinite(minutes) ? minutes : 1) * 60_000;
  return until > now.getTime() ? new Date(until) : null;
}

/** How old the last-seen runner may be before the popup's state asks Busy again (issue 13). */
const RECHECK_UNKNOWN_MS = 30_000;
const RECHECK_KNOWN_MS = 3 * 60_000;

/** Whether the pages would show the same coordination line for both views (none is shown while
 * nobody is known to run). */
export function sameRunnerView(a: (RunnerView & { checkedAt: string }) | null, b: (RunnerView & { checkedAt: string }) | null): boolean {
  if (!a || a.role === 'unknown' || !b || b.role === 'unknown') return (!a || a.role === 'unknown') === (!b || b.role === 'unknown');
  return (
    a.role === b.role &&
    (a.runner?.id ?? null) === (b.runner?.id ?? null) &&
    (a.runner?.heartbeatAt ?? null) === (b.runner?.heartbeatAt ?? null)
  );
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const maxAge = deps.statusMaxAgeMs ?? 5 * 60_000;
  const run: RunContext = deps.run ?? createRunContext(deps);
  let askingRunner = false;

  async function freshEnoughStatus(): Promise<Status> {
    const last = await deps.connection.last();
    const age = deps.now().getTime() - Date.parse(last.tfso.checkedAt);
    const usable = last.tfso.state === 'connected' && last.busy.state === 'connected';
    return usable && age < maxAge ? last : deps.connection.check();
  }

  /** A run that could not start is still a run: the popup shows why. */
  async function recordRefused(store: SyncStore, trigger: SyncTrigger, status: Status): Promise<void> {
    const at = deps.now().toISOString();
    const which = status.tfso.state !== 'connected' ? 'tfso' : 'busy';
    const conn = status[which];
    const error =
      conn.state === 'error'
        ? conn.error
        : conn.state === 'unreachable'
          ? { code: 'unreachable', messageKey: which === 'tfso' ? 'errUnreachableTfso' : 'errUnreachableBusy', substitutions: [] }
          : { code: 'session_missing', messageKey: NOT_CONNECTED_KEYS[which], substitutions: [] };
    await store.runs.put({ id: `refused-${at}-${trigger}`, trigger, startedAt: at, finishedAt: at, ok: false, error });
  }

  async function execute(trigger: SyncTrigger): Promise<RunSummary | null> {
    const store = await deps.store();
    // The popup keeps showing the rate-limited run and its "try again in N minutes".
    if (await rateLimitHold(store, deps.now())) return null;
    const status = await freshEnoughStatus();
    if (status.tfso.state !== 'connected' || status.busy.state !== 'connected') {
      await recordRefused(store, trigger, status);
      deps.onChanged();
      return null;
    }
    const s = await deps.settings.get();
    const summary = await runSync(
      {
        ...(await run.engine(s, status, priorityOfTrigger(trigger))),
        store,
        userOverrides: s.userOverrides,
        decisions: s.plan.decisions,
        requireConfirmation: SCHEDULED.has(trigger),
        // Only the schedule starts 'full' (the buttons start 'projects'): the daily run leaves
        // 24SO's tasks to the hourly rotation (issue 15: inside 24SO's request budget).
        tasksByRotation: trigger === 'full',
        confirmed: s.plan.confirmed,
      },
      trigger,
    );
    // A session that ended mid-run shows in the popup at once, not at the next check.
    if (!summary.ok && summary.error?.code === 'session_missing') await deps.connection.check();
    deps.onChanged();
    return summary;
  }

  const runner = createSyncRunner(execute);

  async function runScheduled(trigger: SyncTrigger): Promise<RunSummary | null> {
    // A run waiting for the budget asks nothing before its pause is over (resumeDue runs it then).
    if (await pausedUntil(await deps.store(), trigger, deps.now())) return null;
    if (deps.runner && !(await deps.runner.isRunner())) return null;
    return runner.run(trigger);
  }

  return {
    async plan() {
      const status = requireConnected(await freshEnoughStatus());
      const s = await deps.settings.get();
      // The plan reads as much as a full run (every project's tasks): paced as a click, it may
      // stop with BudgetPausedError, which the options page shows ("continues in N min").
      const engine = await run.engine(s, status, 'click', { writes: false });
      const plan = await planSync({ ...engine, userOverrides: s.userOverrides, decisions: s.plan.decisions });
      return { plan, confirmed: s.plan.confirmed, decisions: s.plan.decisions };
    },
    start(trigger) {
      runner.run(trigger).catch(() => undefined);
      deps.onChanged();
    },
    run: (trigger) => runner.run(trigger),
    runScheduled,
    async resumeDue() {
      const store = await deps.store();
      const now = deps.now().getTime();
      const due = Object.values(await store.runs.lastByTrigger())
        .filter((r) => r.pausedUntil && Date.parse(r.pausedUntil) <= now)
        .map((r) => r.trigger)
        .filter(isSyncTrigger)
        .sort((a, b) => rankOf(priorityOfTrigger(a)) - rankOf(priorityOfTrigger(b)));
      const out: RunSummary[] = [];
      for (const trigger of due) {
        const r = SCHEDULED.has(trigger) ? await runScheduled(trigger) : await runner.run(trigger);
        if (r) out.push(r);
      }
      return out;
    },
    async state() {
      const store = await deps.store();
      const [last, recent, warnings] = await Promise.all([store.runs.lastByTrigger(), store.runs.recent(1), store.warnings.open()]);
      const current = runner.current();
      const live = recent[0] && !recent[0].finishedAt ? recent[0] : undefined;
      // Who runs the schedule, as last seen (no request: the minute alarm keeps it current; when
      // nothing is known yet, or not for minutes, a heartbeat is asked for in the background).
      const seen = deps.runner ? await deps.runner.lastView() : null;
      const age = seen ? deps.now().getTime() - Date.parse(seen.checkedAt) : Infinity;
      // Nobody known to run is asked again at most every half minute, and the pages are told only when the
      // answer differs: telling them always made each state() ask again, a loop at full CPU.
      if (deps.runner && !askingRunner && age > (seen?.role === 'unknown' || !seen?.runner ? RECHECK_UNKNOWN_MS : RECHECK_KNOWN_MS)) {
        const r = deps.runner;
        askingRunner = true;
        void r
          .isRunner()
          .then(async () => {
            const now = await r.lastView();
            if (sameRunnerView(seen, now)) return;
            deps.onChanged();
          })
          .catch(() => undefined)
          .finally(() => (askingRunner = false));
      }
      return {
        running: current
          ? { trigger: current, done: live?.progress?.done ?? 0, total: live?.progress?.total ?? 0, etaAt: live?.etaAt ?? null }
          : null,
        last: Object.fromEntries(Object.entries(last).map(([k, r]) => [k, toRunView(r)])),
        warnings: warnings.map(
          (w): WarningView => ({ key: w.key, messageKey: w.messageKey, substitutions: w.substitutions, createdAt: w.createdAt }),
        ),
        ...(seen ? { coordination: coordinationView(seen, deps.now(), seen.checkedAt) } : {}),
      };
    },
  };
}
