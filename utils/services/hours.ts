// The extension's side of the hour transfer (R18–R23): builds the engine's inputs from the
// settings and the connection, answers the approval-page control, and runs the approval/order
// poll. Engine-free wiring; the background injects fetch, settings and the store.
import { listHourEntries, type BusyHourEntry } from '../busy/hours';
import { createRunContext, requireConnected, type RunContext } from './run-context';
import { AppError } from '../core/errors';
import type { ApprovalView } from '../domain/busy-pages';
import type { HoursPreview, HoursSendResult, PendingHours, PendingSendResult } from '../protocol/answers';
import { PassCtx, type HoursDeps, type HoursOptions, type TransferSummary } from '../hours/context';
import { runHoursTransfer, sendEntries, targetFields } from '../hours/transfer';
import { pendingByUnmappedUser, waitingEntries } from '../hours/waiting';
import { rateLimitHold, type SyncServiceDeps } from './sync';
import { pacedBusy } from '../pacer/gates';
import { busyClientOf } from '../sync/run-base';

/** The same inputs as the sync service (the background builds both from one set, and gives both
 * its one run context). */
export type HoursServiceDeps = Omit<SyncServiceDeps, 'statusMaxAgeMs'>;

/** A transfer pass that stopped (session, rate limit, bad answer): its reason, for the UI. */
export class TransferStoppedError extends AppError {
  readonly code: string;
  readonly messageKey: string;
  readonly substitutions: string[];
  constructor(e: NonNullable<TransferSummary['error']>) {
    super(e.message);
    this.code = e.code;
    this.messageKey = e.messageKey;
    this.substitutions = e.substitutions;
  }
}

const DAY_MS = 24 * 3600_000;

/** Entries of the view on screen, read from Busy (never from the page). Days are whole UTC days. */
export function inView(entries: BusyHourEntry[], view: ApprovalView): BusyHourEntry[] {
  const from = Date.parse(`${view.from}T00:00:00Z`);
  const to = Date.parse(`${view.to}T00:00:00Z`) + DAY_MS;
  return entries.filter((e) => {
    const t = Date.parse(e.startTime);
    return e.isActive && t >= from && t < to && (view.kind === 'user' ? e.userId === view.userId : e.projectId === view.projectId);
  });
}

const label = (e: BusyHourEntry) => `${e.startTime.slice(0, 10)} ${e.description ?? ''}`.trim();

export function createHoursService(deps: HoursServiceDeps) {
  const run: RunContext = deps.run ?? createRunContext(deps);

  async function inputs(): Promise<{ engine: HoursDeps; opts: HoursOptions; integrationUser: string }> {
    const status = requireConnected(await deps.connection.last());
    const s = await deps.settings.get();
    return {
      // The hour transfer, by the schedule or a person's click, goes first (issue 15).
      engine: await run.engine(s, status, 'click'),
      opts: { mode: s.transferMode, overrides: run.userOverrides(s), integrationContactId: status.tfso.who.contactId },
      integrationUser: status.tfso.who.name,
    };
  }

  async function viewEntries(engine: HoursDeps, view: ApprovalView): Promise<BusyHourEntry[]> {
    const client = busyClientOf(engine.busy);
    const busy = client.view(pacedBusy(engine.pacer, client.maxWaitMs));
    const all = await listHourEntries(busy, view.kind === 'user' ? { userIdIn: [view.userId] } : { projectIdIn: [view.projectId] });
    return inView(all, view);
  }

  async function preview(view: ApprovalView): Promise<HoursPreview> {
    const { engine, opts, integrationUser } = await inputs();
    const base: HoursPreview = {
      mode: opts.mode,
      waiting: { entries: 0, minutes: 0 },
      alreadySent: 0,
      unmapped: [],
      integrationUser,
      blocked: [],
    };
    if (opts.mode === null || opts.mode === 'never') return base;
    const entries = await viewEntries(engine, view);
    const ids = entries.map((e) => e.id);
    const waiting = await waitingEntries(engine, opts, ids);
    const waitingIds = new Set(waiting.map((w) => w.busyEntryId));
    const byId = new Map(entries.map((e) => [e.id, e]));
    const ctx = new PassCtx(engine, opts);
    const blocked: HoursPreview['blocked'] = [];
    for (const w of waiting) {
      const target = await targetFields(ctx, byId.get(w.busyEntryId)!);
      if ('messageKey' in target) blocked.push({ busyEntryId: w.busyEntryId, label: label(byId.get(w.busyEntryId)!), reason: target });
    }
    const unmapped = await pendingByUnmappedUser(engine, opts, ids);
    return {
      ...base,
      waiting: { entries: waiting.length, minutes: Math.round(waiting.reduce((m, w) => m + w.hours * 60, 0)) },
      alreadySent: entries.filter((e) => e.approvalStatus === 'approved' && !waitingIds.has(e.id)).length,
      unmapped: unmapped.map((u) => ({ name: u.name, minutes: Math.round(u.hours * 60) })),
      blocked,
    };
  }

  /**
   * Issue 14's corner control: everything the background itself knows is waiting (approved, not
   * yet in 24SO), whatever page is on screen, with the people named and what cannot go now.
   */
  async function pending(): Promise<PendingHours> {
    const { engine, opts, integrationUser } = await inputs();
    const none: PendingHours = { mode: opts.mode, integrationUser, entries: 0, minutes: 0, ids: [], people: [], blocked: [] };
    if (opts.mode === null || opts.mode === 'never') return none;
    const waiting = await waitingEntries(engine, opts);
    if (!waiting.length) return none;
    const ctx = new PassCtx(engine, opts);
    const byId = new Map((await listHourEntries(ctx.busy, { idIn: waiting.map((w) => w.busyEntryId) })).map((e) => [e.id, e]));
    const blocked: PendingHours['blocked'] = [];
    const sendable: typeof waiting = [];
    for (const w of waiting) {
      const e = byId.get(w.busyEntryId);
      if (!e) continue;
      const target = await targetFields(ctx, e);
      if ('messageKey' in target)
        blocked.push({
          busyEntryId: e.id,
          label: label(e),
          reason: { messageKey: target.messageKey, substitutions: target.substitutions },
        });
      else sendable.push(w);
    }
    const names = new Map((await ctx.users()).map((u) => [u.id, u.displayName]));
    const people = new Map<string, PendingHours['people'][number]>();
    for (const w of sendable) {
      const p = people.get(w.busyUserId) ?? { name: names.get(w.busyUserId) ?? w.busyUserId, entries: 0, minutes: 0, mapped: !w.unmapped };
      p.entries++;
      p.minutes += Math.round(w.hours * 60);
      people.set(w.busyUserId, p);
    }
    return {
      ...none,
      entries: sendable.length,
      minutes: [...people.values()].reduce((m, p) => m + p.minutes, 0),
      ids: sendable.map((w) => w.busyEntryId),
      people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'nb')),
      blocked,
    };
  }

  return {
    preview,
    pending,
    /**
     * Sends the entries the corner control offered (`ids`) that are still waiting now: never one it
     * did not show, never one already sent (the ledger decides, as for every send).
     */
    async sendPending(ids: string[]): Promise<PendingSendResult> {
      const { engine, opts } = await inputs();
      const waiting = await waitingEntries(engine, opts, ids);
      const summary = waiting.length
        ? await sendEntries(
            engine,
            opts,
            waiting.map((w) => w.busyEntryId),
          )
        : null;
      deps.onChanged();
      if (summary?.error) throw new TransferStoppedError(summary.error);
      const skipped = summary?.skipped ?? [];
      // What did not go is named as the control names entries (day and description).
      const labels = skipped.length
        ? new Map(
            (await listHourEntries(busyClientOf(engine.busy), { idIn: skipped.map((x) => x.busyEntryId) })).map((e) => [e.id, label(e)]),
          )
        : new Map<string, string>();
      return {
        sent: (summary?.sent.length ?? 0) + (summary?.recovered.length ?? 0),
        updated: summary?.updated.length ?? 0,
        failed: skipped.map((s) => ({
          busyEntryId: s.busyEntryId,
          label: labels.get(s.busyEntryId) ?? s.busyEntryId,
          reason: { messageKey: s.reason.messageKey, substitutions: s.reason.substitutions },
        })),
        pending: await pending(),
      };
    },
    async send(view: ApprovalView): Promise<HoursSendResult> {
      const { engine, opts } = await inputs();
      const entries = await viewEntries(engine, view);
      const waiting = await waitingEntries(
        engine,
        opts,
        entries.map((e) => e.id),
      );
      const byId = new Map(entries.map((e) => [e.id, e]));
      const summary = waiting.length
        ? await sendEntries(
            engine,
            opts,
            waiting.map((w) => w.busyEntryId),
          )
        : null;
      deps.onChanged();
      if (summary?.error) throw new TransferStoppedError(summary.error);
      return {
        sent: (summary?.sent.length ?? 0) + (summary?.recovered.length ?? 0),
        updated: summary?.updated.length ?? 0,
        failed: (summary?.skipped ?? []).map((s) => ({
          busyEntryId: s.busyEntryId,
          label: byId.get(s.busyEntryId) ? label(byId.get(s.busyEntryId)!) : s.busyEntryId,
          reason: { messageKey: s.reason.messageKey, substitutions: s.reason.substitutions },
        })),
        preview: await preview(view),
      };
    },
    /** The approval/order poll (alarm): one transfer pass in the chosen mode. */
    async poll(): Promise<TransferSummary | null> {
      if (await rateLimitHold(await deps.store(), deps.now())) return null;
      // The schedule's pass runs in one installation only (issue 13); a click runs anywhere.
      if (deps.runner && !(await deps.runner.isRunner())) return null;
      const { engine, opts } = await inputs();
      if (opts.mode === null || opts.mode === 'never') return null;
      const summary = await runHoursTransfer(engine, opts);
      deps.onChanged();
      return summary;
    },
    /** R18 for the popup: who among the waiting has no 24SO user. */
    async unmappedWaiting(): Promise<{ integrationUser: string; users: { name: string; minutes: number }[] }> {
      const { engine, opts, integrationUser } = await inputs();
      const users = await pendingByUnmappedUser(engine, opts);
      return { integrationUser, users: users.map((u) => ({ name: u.name, minutes: Math.round(u.hours * 60) })) };
    },
  };
}

export type HoursService = ReturnType<typeof createHoursService>;
