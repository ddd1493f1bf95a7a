// What both engines are given (the master-data sync, RunCtx; the hour transfer, hours/context.ts
// PassCtx) and the clients a run or pass makes of it once: requests counted, paced by the
// installation's budget, creates under the company's write lock. One place, so the two engines
// cannot drift in how they reach either system.
import { type BusyClient, type BusyClientOptions, createBusyClient } from '../busy/client';
import type { Capabilities } from '../capabilities/handle';
import { type Coordination, NO_LOCK, type WriteLock } from '../coordination/coordination';
import type { HttpFetch } from '../core/http';
import { pacedBusy, pacedTfso } from '../pacer/gates';
import type { RunBudget } from '../pacer/pacer';
import type { SyncStore } from '../store/types';
import type { TfsoContext } from '../tfso/soap';

export interface EngineLogEvent {
  level: 'info' | 'warn' | 'error';
  msg: string;
  data?: Record<string, unknown>;
}

export interface EngineDeps {
  store: SyncStore;
  /** A 24SO context whose session is already established (ensureSession). */
  tfso: TfsoContext;
  /** Busy: the background's one client (each run takes a view of it, so a rate-limit pause is
   * shared), or the options to make one (the command line, the tests). */
  busy: BusyClient | BusyClientOptions;
  now?: () => Date;
  log?: (e: EngineLogEvent) => void;
  /** Re-read window before each cursor (default 2 minutes). */
  overlapMs?: number;
  /** What the servers are known to offer beyond their public specs (utils/capabilities); a run
   * skips what an absent one needs and records refusals. Absent: every assumed operation is tried. */
  capabilities?: Capabilities;
  /**
   * This installation's part in the company's coordination (utils/coordination): every create
   * on either side happens under its write lock, after a fresh look for the record. Absent: no
   * other installation exists (unit tests of one installation only).
   */
  coordination?: Coordination;
  /**
   * The installation's request budget at this run's priority (utils/pacer): every request of the
   * run waits for it; a wait too long for a worker stops the run as paused (the run record's
   * `pausedUntil`), to be run again then. Absent: unpaced (the harnesses that opt out).
   */
  pacer?: RunBudget;
}

export const DEFAULT_OVERLAP_MS = 2 * 60_000;

/** The client of `busy`, made once when options are given. */
export const busyClientOf = (busy: BusyClient | BusyClientOptions): BusyClient => ('view' in busy ? busy : createBusyClient(busy));

/** A server's clock now, estimated from its latest Date header and the monotonic time since. */
export class ServerClock {
  private last: { at: number; local: number } | null = null;
  note(date: string | null): void {
    const at = date ? Date.parse(date) : Number.NaN;
    if (!Number.isNaN(at)) this.last = { at, local: globalThis.performance.now() };
  }
  now(): number | null {
    return this.last ? this.last.at + (globalThis.performance.now() - this.last.local) : null;
  }
}

function counted(http: HttpFetch, tally: () => void, onDate: (d: string | null) => void): HttpFetch {
  return async (u, i) => {
    tally();
    const r = await http(u, i);
    onDate(r.headers.get('date'));
    return r;
  };
}

export class RunBase {
  readonly store: SyncStore;
  /** 24SO, counted and paced. */
  readonly tfso: TfsoContext;
  /** Busy: this run's view of the client, counted and paced. */
  readonly busy: BusyClient;
  readonly requests = { tfso: 0, busy: 0 };
  readonly overlapMs: number;
  /** 24SO's clock (Date headers), for change searches in 24SO's own time. */
  readonly tfsoClock = new ServerClock();
  /** Held around every create (see EngineDeps.coordination). */
  readonly lock: WriteLock;

  constructor(readonly deps: EngineDeps) {
    this.store = deps.store;
    this.overlapMs = deps.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.tfso = {
      ...deps.tfso,
      http: counted(
        deps.tfso.http,
        () => this.requests.tfso++,
        (d) => this.tfsoClock.note(d),
      ),
      ...pacedTfso(deps.pacer),
    };
    const busy = busyClientOf(deps.busy);
    this.busy = busy.view({ onRequest: () => this.requests.busy++, ...pacedBusy(deps.pacer, busy.maxWaitMs) });
    this.lock = deps.coordination ? deps.coordination.writeLock(this.busy) : NO_LOCK;
  }

  now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  log(level: EngineLogEvent['level'], msg: string, data?: Record<string, unknown>): void {
    this.deps.log?.({ level, msg, data });
  }
}
