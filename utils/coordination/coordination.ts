// One installation's part in the company's coordination: its write lock (creates anywhere, one
// installation at a time) and its runner lease (which installation runs the schedule). Built
// once per background / command-line process and handed to the engine and the services; the
// engine sees only `WriteLock`.
import type { BusyClient } from '../busy/client';
import type { SyncStore } from '../store/types';
import { RUNNER_TIMING, SharedLock, WRITE_LOCK_TIMING, type LockClock, type LockTiming, type Me } from './shared-lock';
import type { Holder } from './register';

/** What the engine holds before every create on either side. */
export interface WriteLock {
  /** Holds the company-wide write lock; returns the monotonic time since which it has been held
   * without a break (reads older than that are read again before creating). */
  ensure(): Promise<number>;
  /** Monotonic now, on the lock's clock (for comparing with `ensure`'s answer). */
  now(): number;
}

/** No coordination (a single installation by construction, e.g. unit tests of one phase). */
export const NO_LOCK: WriteLock = { ensure: async () => Number.NEGATIVE_INFINITY, now: () => globalThis.performance.now() };

export interface CoordinationOptions {
  me: Me;
  store: Pick<SyncStore, 'meta'>;
  clock?: Partial<LockClock>;
  lockTiming?: Partial<LockTiming>;
  runnerTiming?: Partial<LockTiming>;
}

export interface RunnerView {
  /** runner: this installation runs the schedule; standby: another one does; unknown: Busy could not be asked. */
  role: 'runner' | 'standby' | 'unknown';
  thisLabel: string;
  thisId: string;
  runner: { id: string; label: string; since: string; heartbeatAt: string; silentForMs: number | null } | null;
}

export class Coordination {
  readonly lock: SharedLock;
  readonly runner: SharedLock;
  readonly clock: LockClock;

  constructor(readonly opts: CoordinationOptions) {
    this.clock = {
      monotonic: () => globalThis.performance.now(),
      now: () => new Date(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
      ...opts.clock,
    };
    this.lock = new SharedLock('lock', opts.me, { ...WRITE_LOCK_TIMING, ...opts.lockTiming }, opts.store, this.clock);
    this.runner = new SharedLock('runner', opts.me, { ...RUNNER_TIMING, ...opts.runnerTiming }, opts.store, this.clock);
  }

  get me(): Me {
    return this.opts.me;
  }

  /** The write lock bound to a run's Busy client. */
  writeLock(busy: BusyClient): WriteLock {
    return { ensure: () => this.lock.ensure(busy), now: () => this.clock.monotonic() };
  }

  /** Runs `fn` as a user of the write lock: the lock is freed when the last user is done. */
  withLock<T>(busy: BusyClient, fn: (lock: WriteLock) => Promise<T>): Promise<T> {
    return this.lock.use(busy, () => fn(this.writeLock(busy)));
  }

  /**
   * The minute alarm's heartbeat: the runner renews its lease; a standby takes over a runner
   * silent for the lease's stale time. `takeOver`: this installation becomes the runner now (a
   * person's decision, with a warning in the popup).
   */
  async heartbeat(busy: BusyClient, takeOver = false): Promise<RunnerView> {
    const { holding, read } = await this.runner.beat(busy, takeOver);
    // Standing by means another installation runs the schedule: a beat that found the lease free,
    // or only our own claim (too slow to count), decides nothing yet (the popup then says nothing,
    // rather than "standing by" with nobody named).
    const other = !!read.value && read.value.holder !== this.me.installation;
    return this.view(holding ? 'runner' : other ? 'standby' : 'unknown', read.value, this.runner.silentForMs(read));
  }

  view(role: RunnerView['role'], h: Holder | null, silentForMs: number | null): RunnerView {
    return {
      role,
      thisLabel: this.me.label,
      thisId: this.me.installation,
      runner: h ? { id: h.holder, label: h.label, since: h.since, heartbeatAt: h.at, silentForMs } : null,
    };
  }
}
