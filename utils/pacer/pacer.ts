// The pacer (issue 15): one per installation, in front of every request to 24SO and to Busy that
// the installation's runs make (sync, hour transfer, clicks). Before each request it asks the
// system's budget (tfso-budget.ts, busy-budget.ts) whether the run's priority (priority.ts) may
// spend one more; if not, the request waits, in order (higher priority first, then first come),
// for as long as `maxWaitMs`; a longer wait stops the run with BudgetPausedError before the
// request is sent, and the run is resumed after the pause (utils/services/sync.ts resumeDue).
//
// Engine-free and browser-free: the store (for what was spent, across worker restarts), the clock
// and `sleep` are injected. The engine sees it through a RunBudget (SyncDeps.pacer,
// HoursDeps.pacer), which the clients use as their RequestGate (utils/core/http.ts).
import type { GateDone, HeaderReader, HttpFetch, HttpResponse, RequestGate } from '../core/http';
import type { SystemId } from '../core/errors';
import { BusyBudget } from './busy-budget';
import { BudgetPausedError } from './errors';
import { CLICK_ALLOWANCE, CLICK_DEMOTED_TO, rankOf, type Priority } from './priority';
import { readSavedBudget, writeSavedBudget, type MetaStore, type SavedBudget } from './saved';
import { HOUR_MS, minuteOf, TfsoBudget, type Decision } from './tfso-budget';

export interface PacerConfig {
  /** 24SO's requests per hour per applicationId (published: 7,200). */
  tfsoLimitPerHour: number;
  /** This installation's share of it per hour (default half: other integrations keep working). */
  tfsoSharePerHour: number;
  /** The longest wait a run sleeps through; a longer one pauses the run (an MV3 worker must not
   * sleep for minutes). */
  maxWaitMs: number;
}

export const DEFAULT_PACER_CONFIG: Readonly<PacerConfig> = { tfsoLimitPerHour: 7200, tfsoSharePerHour: 3600, maxWaitMs: 20_000 };

export interface PacerDeps {
  /** Where what was spent is kept (SyncStore.meta); a function, as the background opens its store lazily. */
  store: () => Promise<MetaStore>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  config?: PacerConfig;
  log?: (e: { level: 'info' | 'warn' | 'error'; msg: string; data?: Record<string, unknown> }) => void;
}

/** "May I spend about n more requests now?" (see RunBudget.canSpend). */
export interface SpendAnswer {
  /** n requests fit now at this priority, without waiting. */
  ok: boolean;
  /** Requests that fit now (Infinity: no limit known). */
  room: number;
  /** When not ok: the earliest time there is room for n (or for a whole window's worth, if n is more). */
  until: Date | null;
}

/**
 * What a run holds (SyncDeps.pacer, HoursDeps.pacer): the pacer at the run's priority. The engine
 * passes `gate(system)` to its clients, may plan with `canSpend`, and stores `etaAt` on its run
 * record. `spent` counts the requests this run was granted.
 */
export interface RunBudget {
  readonly maxWaitMs: number;
  /** The run's priority for a system now (a click demotes itself after CLICK_ALLOWANCE requests). */
  priority(system: SystemId): Priority;
  gate(system: SystemId): RequestGate;
  canSpend(system: SystemId, n: number): Promise<SpendAnswer>;
  /** When the run ends, if it still needs `left` requests of each system; null before it sent any. */
  etaAt(left: Record<SystemId, number>): Date | null;
  readonly spent: Readonly<Record<SystemId, number>>;
}

/** The budgets as the pacer sees them now (for the popup and the tests). */
export interface PacerView {
  tfso: { mode: 'server' | 'local'; limit: number; share: number; spentLastHour: number; left: number | null; resetAt: string | null };
  busy: { pausedUntil: string | null; left: number | null; resetAt: string | null };
}

interface Waiter {
  rank: number;
  seq: number;
}

/** 24SO requests reserved (written to the store) at once, ahead of sending them. */
export const RESERVATION_BLOCK = 20;

export class Pacer {
  private readonly tfso: TfsoBudget;
  private readonly busy = new BusyBudget();
  private config: PacerConfig;
  private loaded?: Promise<MetaStore>;
  /** 24SO requests written ahead but not sent yet, and the minute they are written under. */
  private reserved = 0;
  private reservedMinute = -1;
  private writing: Promise<void> = Promise.resolve();
  /** The write that saved the current reservation (its requests go only once it succeeded). */
  private reservation: Promise<void> = Promise.resolve();
  private readonly lanes: Record<SystemId, Waiter[]> = { tfso: [], busy: [] };
  private seq = 0;
  private wake: { promise: Promise<void>; resolve: () => void };

  constructor(private readonly deps: PacerDeps) {
    this.config = { ...(deps.config ?? DEFAULT_PACER_CONFIG) };
    this.tfso = new TfsoBudget({ limit: this.config.tfsoLimitPerHour, share: this.config.tfsoSharePerHour });
    this.wake = signal();
  }

  /** New settings (the share, the wait bound); the next request uses them. */
  configure(c: PacerConfig): void {
    this.config = { ...c };
    this.tfso.limits = { limit: c.tfsoLimitPerHour, share: c.tfsoSharePerHour };
    this.poke();
  }

  get maxWaitMs(): number {
    return this.config.maxWaitMs;
  }

  /** A run at `priority` (see RunBudget). */
  run(priority: Priority, opts: { maxWaitMs?: number } = {}): RunBudget {
    return new PacedRun(this, priority, opts.maxWaitMs ?? this.config.maxWaitMs);
  }

  /**
   * A gate for requests outside any run (connection checks, the runner's heartbeat): counted and
   * noted like the others, never held back by priorities (they may use what the share leaves for
   * other integrations), never the request 24SO would quarantine.
   */
  essentialGate(system: SystemId): RequestGate {
    return async () => {
      await this.acquire(system, 'click', true, this.config.maxWaitMs);
      const sentAt = this.nowMs();
      return (a) => this.note(system, a, sentAt);
    };
  }

  /**
   * The same for code that takes a plain HttpFetch (the connection, user-mapping and runner
   * services): it never waits (a wait would run inside the request's timeout). A SOAP request
   * (it has a SOAPAction) is 24SO's: counted, and refused with BudgetPausedError when 24SO would
   * quarantine it; anything else is Busy's API: its answers noted (a 429 pauses the runs too).
   */
  observe(http: HttpFetch): HttpFetch {
    return async (url, init) => {
      const system: SystemId = hasHeader(init.headers, 'soapaction') ? 'tfso' : 'busy';
      if (system === 'tfso') await this.acquire('tfso', 'click', true, 0);
      else {
        await this.load();
        this.busy.grant(this.nowMs());
      }
      const sentAt = this.nowMs();
      let res: HttpResponse;
      try {
        res = await http(url, init);
      } catch (e) {
        this.note(system, null, sentAt);
        throw e;
      }
      this.note(system, res, sentAt);
      return res;
    };
  }

  /** How much of a system's budget a priority has now (planning; no request is made). */
  async room(system: SystemId, priority: Priority, n = 1): Promise<SpendAnswer> {
    await this.load();
    const d = this.decide(system, priority, this.nowMs(), false, Math.max(1, n));
    return { ok: d.ok, room: d.room, until: d.ok ? null : new Date(d.until) };
  }

  async view(): Promise<PacerView> {
    await this.load();
    const now = this.nowMs();
    const s = this.tfso.view(now);
    const w = this.busy.window && now < this.busy.window.resetAt ? this.busy.window : null;
    return {
      tfso: {
        mode: s ? 'server' : 'local',
        limit: this.tfso.limits.limit,
        share: this.tfso.limits.share,
        spentLastHour: this.tfso.spentLocally(now),
        left: s ? s.left : null,
        resetAt: s ? new Date(s.resetAt).toISOString() : null,
      },
      busy: {
        pausedUntil: this.busy.pausedUntil > now ? new Date(this.busy.pausedUntil).toISOString() : null,
        left: w ? w.left : null,
        resetAt: w ? new Date(w.resetAt).toISOString() : null,
      },
    };
  }

  /** Requests per hour a priority can count on from 24SO once the current window is spent. */
  tfsoPerHour(priority: Priority): number {
    return this.tfso.perHour(priority);
  }

  /** When 24SO's current window ends for planning (server: its reset; local: an hour on). */
  tfsoWindowEnd(now: number): number {
    return this.tfso.view(now)?.resetAt ?? now + HOUR_MS;
  }

  decide(system: SystemId, p: Priority, now: number, essential = false, need = 1): Decision {
    return system === 'tfso' ? this.tfso.decide(p, now, essential, need) : this.busy.decide(p, now, need);
  }

  /**
   * Waits until a request of `system` at `priority` may go, in order, and counts it. Returns the
   * time waited (ms). A wait longer than `maxWaitMs` throws BudgetPausedError, nothing sent.
   */
  async acquire(system: SystemId, priority: Priority, essential: boolean, maxWaitMs: number): Promise<number> {
    await this.load();
    const lane = this.lanes[system];
    const me: Waiter = { rank: essential ? -1 : rankOf(priority), seq: this.seq++ };
    let at = lane.findIndex((w) => w.rank > me.rank);
    if (at < 0) at = lane.length;
    lane.splice(at, 0, me);
    const started = this.nowMs();
    try {
      for (;;) {
        const now = this.nowMs();
        const d = this.decide(system, priority, now, essential);
        if (d.ok && lane[0] === me) {
          await this.grant(system, now);
          return now - started;
        }
        // No room, or others before us (who go first: they rank the same or higher).
        const wake = this.wake.promise;
        if (!d.ok) {
          const wait = d.until - now;
          // Answers still to come may tell better (the server's window, where we only counted).
          if (wait > maxWaitMs && this.inFlight(system) > 0) {
            await wake;
            continue;
          }
          if (wait > maxWaitMs) {
            this.deps.log?.({
              level: 'info',
              msg: 'budget: run paused',
              data: { system, priority, until: new Date(d.until).toISOString() },
            });
            throw new BudgetPausedError(system, new Date(d.until), new Date(now), priority);
          }
          // Only the first in line sleeps; the others follow when it goes (or gives up).
          if (lane[0] === me) await Promise.race([this.deps.sleep(Math.max(1, wait)), wake]);
          else await wake;
        } else await wake;
      }
    } finally {
      lane.splice(lane.indexOf(me), 1);
      this.poke();
    }
  }

  /** An answer (or none) for a request `acquire` let through. */
  note(system: SystemId, answer: { status: number; headers: HeaderReader } | null, sentAt?: number): void {
    const now = this.nowMs();
    if (system === 'tfso') {
      const before = this.tfso.server?.resetAt ?? null;
      this.tfso.note(answer, now);
      // The server started (or stopped) reporting, or a new window: keep that across a restart.
      if ((this.tfso.server?.resetAt ?? null) !== before) void this.save().catch(() => undefined);
    } else {
      const before = this.busy.pausedUntil;
      this.busy.note(answer, now, sentAt);
      // A long pause outlives the worker: keep it (and so does its end, when Busy ended it early).
      if ((this.busy.pausedUntil > before && this.busy.pausedUntil - now > 5_000) || this.busy.pausedUntil < before)
        void this.save().catch(() => undefined);
    }
    this.poke();
  }

  private inFlight(system: SystemId): number {
    return system === 'tfso' ? this.tfso.inFlight : this.busy.inFlight;
  }

  /** The pacer's clock (ms). */
  nowMs(): number {
    return this.deps.now().getTime();
  }

  // ---- internals ------------------------------------------------------------------------------

  private poke(): void {
    const w = this.wake;
    this.wake = signal();
    w.resolve();
  }

  private load(): Promise<MetaStore> {
    this.loaded ??= (async () => {
      const store = await this.deps.store();
      let saved: SavedBudget | undefined;
      try {
        saved = await readSavedBudget(store);
      } catch (e) {
        // Unreadable: start afresh (the server's headers, where sent, tell the truth again at once).
        this.deps.log?.({ level: 'warn', msg: 'budget: stored state unreadable, starting afresh', data: { error: (e as Error).message } });
      }
      if (saved) {
        for (const [m, c] of saved.tfsoMinutes) this.tfso.minutes.set(m, (this.tfso.minutes.get(m) ?? 0) + c);
        this.tfso.server = saved.tfsoServer ? { ...saved.tfsoServer } : null;
        this.busy.pausedUntil = saved.busyPausedUntil;
      }
      return store;
    })();
    return this.loaded;
  }

  /**
   * Counts one granted request. 24SO's are written ahead: a block of RESERVATION_BLOCK is saved
   * (counted under the next minute, so it leaves the sliding hour no earlier than the requests it
   * covers), and requests go out of it until it is used up or its minute is over.
   */
  private async grant(system: SystemId, now: number): Promise<void> {
    if (system === 'busy') {
      this.busy.grant(now);
      return;
    }
    const covered = this.reserved > 0 && minuteOf(now) <= this.reservedMinute;
    this.tfso.grant(now);
    if (covered) {
      this.reserved--;
      await this.reservation; // the write that reserved it may still be under way
      return;
    }
    const room = this.tfso.decide('click', now).room;
    this.reserved = Math.max(0, Math.min(RESERVATION_BLOCK - 1, room));
    this.reservedMinute = minuteOf(now) + 1;
    this.reservation = this.save();
    await this.reservation;
  }

  private save(): Promise<void> {
    const next = this.writing.then(async () => {
      const store = await this.load();
      const minutes = new Map(this.tfso.minutes);
      if (this.reserved > 0) minutes.set(this.reservedMinute, (minutes.get(this.reservedMinute) ?? 0) + this.reserved);
      const from = minuteOf(this.nowMs()) - 61;
      const s = this.tfso.server;
      await writeSavedBudget(store, {
        v: 1,
        tfsoMinutes: [...minutes].filter(([m]) => m >= from).sort((a, b) => a[0] - b[0]),
        tfsoServer: s ? { left: Math.round(s.left - this.reserved), resetAt: Math.max(0, Math.round(s.resetAt)) } : null,
        busyPausedUntil: Math.max(0, Math.round(this.busy.pausedUntil)),
      });
    });
    // A failed write fails the requests that wait on it (nothing is sent unsaved); the next write
    // tries again.
    this.writing = next.catch(() => undefined);
    return next;
  }
}

class PacedRun implements RunBudget {
  readonly spent: Record<SystemId, number> = { tfso: 0, busy: 0 };
  private waitedMs = 0;
  private readonly startedAt: number;

  constructor(
    private readonly pacer: Pacer,
    private readonly base: Priority,
    readonly maxWaitMs: number,
  ) {
    this.startedAt = pacer.nowMs();
  }

  priority(system: SystemId): Priority {
    return this.base === 'click' && this.spent[system] >= CLICK_ALLOWANCE ? CLICK_DEMOTED_TO : this.base;
  }

  gate(system: SystemId): RequestGate {
    return async (): Promise<GateDone> => {
      this.waitedMs += await this.pacer.acquire(system, this.priority(system), false, this.maxWaitMs);
      this.spent[system]++;
      const sentAt = this.pacer.nowMs();
      return (a) => this.pacer.note(system, a, sentAt);
    };
  }

  canSpend(system: SystemId, n: number): Promise<SpendAnswer> {
    return this.pacer.room(system, this.priority(system), n);
  }

  etaAt(left: Record<SystemId, number>): Date | null {
    const sent = this.spent.tfso + this.spent.busy;
    if (!sent) return null;
    const now = this.pacer.nowMs();
    // The run's own pace (its waits left out), and 24SO's windows for what does not fit now.
    const msPer = Math.max(0, now - this.startedAt - this.waitedMs) / sent;
    const p = this.priority('tfso');
    return new Date(
      estimateEnd({
        now,
        msPerRequest: msPer,
        left,
        tfso: {
          room: this.pacer.decide('tfso', p, now).room,
          perHour: this.pacer.tfsoPerHour(p),
          windowEnd: this.pacer.tfsoWindowEnd(now),
        },
      }),
    );
  }
}

/**
 * When a run that still needs `left` requests ends: its own pace for all of them, or, when 24SO's
 * room now is less than it needs, the windows it takes (the rest of this one, then `perHour` an
 * hour), whichever is later.
 */
export function estimateEnd(o: {
  now: number;
  msPerRequest: number;
  left: Record<SystemId, number>;
  tfso: { room: number; perHour: number; windowEnd: number };
}): number {
  const work = o.now + (Math.max(0, o.left.tfso) + Math.max(0, o.left.busy)) * o.msPerRequest;
  const beyond = Math.max(0, o.left.tfso) - Math.max(0, o.tfso.room);
  if (beyond <= 0 || o.tfso.perHour <= 0) return Math.round(work);
  const windows = Math.ceil(beyond / o.tfso.perHour);
  const inLast = beyond - (windows - 1) * o.tfso.perHour;
  const budget = o.tfso.windowEnd + (windows - 1) * HOUR_MS + inLast * o.msPerRequest;
  return Math.round(Math.max(work, budget));
}

function hasHeader(h: RequestInit['headers'], name: string): boolean {
  if (!h) return false;
  if (typeof (h as Headers).has === 'function') return (h as Headers).has(name);
  const entries = Array.isArray(h) ? h : Object.entries(h);
  return entries.some(([k]) => k.toLowerCase() === name);
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
