// Mutual exclusion between installations that share nothing but Busy: Fischer's algorithm over a
// register (register.ts), with the timing it needs measured instead of assumed.
//
// Acquire: read the register (sent at t0); when free, stale or already ours, write our claim
// (answered at t1); wait `settleMs`; read it back. Ours still → held. Fischer's proof needs every
// claim to land within a bound D of the read that allowed it, and the wait to exceed D: we only
// count a claim whose read-sent → write-answered time was under `gapMaxMs` (< settleMs), so the
// bound holds for every claim we rely on. Two installations that claim at once: the later write
// wins the register, the earlier one reads the later claim back and stands back.
//
// Holding: Busy's own clock decides staleness. A holder whose register has not changed for
// `staleMs` by Busy's clock (its Date header against the tag's updatedAt; with no Date header,
// `staleMs` of local time watching the same value) may be taken over. So the holder only writes
// while its last confirmed claim is younger than `writeWithinMs` (< staleMs minus a request's
// timeout), renews it every `renewMs`, and re-acquires (the full protocol) when it got older:
// a browser that slept, a worker that stalled, a clock changed by hand — none of them can write
// under a lock someone else has taken since. No comparison is ever made between two machines'
// clocks; local durations use a monotonic clock.
//
// What remains possible (README, "Many installations"): a request delayed inside the network
// for longer than staleMs − writeWithinMs − its timeout after we sent it. The records written
// under the lock are therefore also checked after the write (look-again), see the callers.
import { AppError } from '../core/errors';
import type { BusyClient } from '../busy/client';
import type { SyncStore } from '../store/types';
import { BusyRegister, type Holder, type RegisterName, type RegisterRead } from './register';

export interface LockTiming {
  gapMaxMs: number;
  settleMs: number;
  staleMs: number;
  renewMs: number;
  writeWithinMs: number;
  /** How long `ensure` waits for a lock another installation holds before giving up. */
  waitMaxMs: number;
}

/** The write lock: held for seconds, around creates. */
export const WRITE_LOCK_TIMING: LockTiming = {
  gapMaxMs: 2_000,
  settleMs: 3_000,
  staleMs: 120_000,
  renewMs: 20_000,
  writeWithinMs: 60_000,
  waitMaxMs: 20_000,
};
/** The runner lease: held for days, renewed by the minute alarm's heartbeat. */
export const RUNNER_TIMING: LockTiming = {
  gapMaxMs: 2_000,
  settleMs: 3_000,
  staleMs: 300_000,
  renewMs: 50_000,
  writeWithinMs: 240_000,
  waitMaxMs: 0,
};

export interface Me {
  /** The installation's id (stable, installation.ts). */
  installation: string;
  /** This process (a restarted worker is a new session): informational. */
  session: string;
  /** Browser and person, shown to the others. */
  label: string;
}

export interface LockClock {
  /** Monotonic milliseconds (performance.now()). */
  monotonic(): number;
  /** This machine's wall clock, for display fields only. */
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** Another installation holds the lock and did not let go within `waitMaxMs`. */
export class LockBusyError extends AppError {
  readonly code = 'lock_busy';
  readonly messageKey = 'errLockBusy';
  readonly substitutions: string[];
  constructor(readonly holder: Holder | null) {
    super(`another installation (${holder?.label ?? 'unknown'}) is writing; try again shortly`);
    this.name = 'LockBusyError';
    this.substitutions = [holder?.label ?? '?'];
  }
}

export type AttemptResult = { kind: 'acquired'; read: RegisterRead } | { kind: 'held'; read: RegisterRead } | { kind: 'slow' };

interface Held {
  nonce: string;
  token: number;
  since: string;
  basis: number;
  acquiredAt: number;
}

export class SharedLock {
  private held?: Held;
  private users = 0;
  private observed?: { raw: string; since: number };
  /** Serialises this installation's own protocol steps (a sync and an hour pass share the lock). */
  private chain: Promise<unknown> = Promise.resolve();
  lastRead?: RegisterRead;

  constructor(
    readonly name: RegisterName,
    readonly me: Me,
    readonly timing: LockTiming,
    private readonly store: Pick<SyncStore, 'meta'>,
    readonly clock: LockClock,
  ) {}

  private register(busy: BusyClient): BusyRegister {
    return new BusyRegister(this.name, busy, this.store, (ms) => this.clock.sleep(ms), { settleMs: this.timing.settleMs });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  holding(): boolean {
    return !!this.held && this.clock.monotonic() - this.held.basis < this.timing.writeWithinMs;
  }

  /** Whether the holder in `r` may be taken over: free, ours, or silent for `staleMs`. */
  stale(r: RegisterRead): boolean {
    if (!r.value || r.value.holder === this.me.installation) return true;
    if (r.serverNow !== null) return r.serverNow - Date.parse(r.updatedAt) > this.timing.staleMs;
    // No server clock: watch the value itself with ours.
    const now = this.clock.monotonic();
    if (this.observed?.raw !== r.raw) this.observed = { raw: r.raw, since: now };
    return now - this.observed.since > this.timing.staleMs;
  }

  /** Busy's clock minus the holder's last write, when Busy sent its clock. */
  silentForMs(r: RegisterRead): number | null {
    return r.serverNow === null ? null : Math.max(0, r.serverNow - Date.parse(r.updatedAt));
  }

  private claim(token: number, since?: string): Holder {
    const now = this.clock.now().toISOString();
    return {
      holder: this.me.installation,
      session: this.me.session,
      nonce: nonce(this.clock.random),
      token,
      label: this.me.label.slice(0, 80),
      since: since ?? now,
      at: now,
    };
  }

  /** One round of the protocol. `force` takes over a fresh holder (the person's "take over"). */
  attempt(busy: BusyClient, force = false): Promise<AttemptResult> {
    return this.serial(() => this.attemptNow(busy, force));
  }

  private async attemptNow(busy: BusyClient, force: boolean): Promise<AttemptResult> {
    const reg = this.register(busy);
    const t0 = this.clock.monotonic();
    const r = await reg.read();
    this.lastRead = r;
    if (!force && !this.stale(r)) {
      this.held = undefined;
      return { kind: 'held', read: r };
    }
    const mine = this.claim((r.value?.token ?? 0) + 1, r.value?.holder === this.me.installation ? r.value.since : undefined);
    await reg.write(mine);
    if (this.clock.monotonic() - t0 > this.timing.gapMaxMs) return { kind: 'slow' };
    await this.clock.sleep(this.timing.settleMs);
    const back = await reg.read();
    this.lastRead = back;
    if (back.value?.nonce !== mine.nonce) {
      this.held = undefined;
      return { kind: 'held', read: back };
    }
    this.held = { nonce: mine.nonce, token: mine.token, since: mine.since, basis: t0, acquiredAt: t0 };
    return { kind: 'acquired', read: back };
  }

  /**
   * Holds the lock (acquiring, renewing or waiting for it as needed) and returns the monotonic
   * time since which this installation has held it without a break: a caller whose reads are
   * older than that reads again before it creates anything.
   */
  ensure(busy: BusyClient): Promise<number> {
    return this.serial(async () => {
      const h = this.held;
      const age = h ? this.clock.monotonic() - h.basis : Infinity;
      if (h && age < this.timing.renewMs) return h.acquiredAt;
      if (h && age < this.timing.writeWithinMs && (await this.renewNow(busy, h))) return h.acquiredAt;
      const deadline = this.clock.monotonic() + this.timing.waitMaxMs;
      let holder: Holder | null = null;
      for (;;) {
        const r = await this.attemptNow(busy, false);
        if (r.kind === 'acquired') return this.held!.acquiredAt;
        if (r.kind === 'held') holder = r.read.value;
        const pause = this.timing.settleMs * (0.5 + this.clock.random());
        if (this.clock.monotonic() + pause > deadline) throw new LockBusyError(holder);
        await this.clock.sleep(pause);
      }
    });
  }

  /** A renewal while no one can have judged us stale: one read, one write, no wait. */
  private async renewNow(busy: BusyClient, h: Held): Promise<boolean> {
    const reg = this.register(busy);
    const t0 = this.clock.monotonic();
    const r = await reg.read();
    this.lastRead = r;
    if (r.value?.nonce !== h.nonce) {
      this.held = undefined;
      return false;
    }
    const mine = { ...this.claim(h.token, h.since) };
    this.lastRead = await reg.write(mine);
    this.held = { ...h, nonce: mine.nonce, basis: t0 };
    return true;
  }

  /** The runner's heartbeat: renews (or re-acquires) when held; otherwise one attempt if stale. */
  beat(busy: BusyClient, force = false): Promise<{ holding: boolean; read: RegisterRead }> {
    return this.serial(async () => {
      const h = this.held;
      const age = h ? this.clock.monotonic() - h.basis : Infinity;
      if (!force && h && age < this.timing.writeWithinMs) {
        if (age < this.timing.renewMs && this.lastRead) return { holding: true, read: this.lastRead };
        if (await this.renewNow(busy, h)) return { holding: true, read: this.lastRead! };
      }
      let r = await this.attemptNow(busy, force);
      // A claim too slow to count (typically the first write, which made the register) is tried
      // once more at once: each attempt is a whole round of the protocol, so this is as safe as the
      // next minute's, and a lone installation runs the schedule from its first heartbeat.
      if (r.kind === 'slow') r = await this.attemptNow(busy, force);
      if (r.kind === 'slow') return { holding: false, read: this.lastRead! };
      return { holding: r.kind === 'acquired', read: r.read };
    });
  }

  /** Counted use: the register is freed when the last user of this installation lets go. */
  async use<T>(busy: BusyClient, fn: () => Promise<T>): Promise<T> {
    this.users++;
    try {
      return await fn();
    } finally {
      if (--this.users === 0 && this.held) await this.release(busy).catch(() => undefined);
    }
  }

  /** Frees the register if it is still ours. */
  release(busy: BusyClient): Promise<void> {
    return this.serial(async () => {
      const h = this.held;
      this.held = undefined;
      if (!h) return;
      const reg = this.register(busy);
      const r = await reg.read();
      if (r.value?.nonce === h.nonce) this.lastRead = await reg.write(null);
    });
  }

  /** The fencing token of the current holding (diagnostics). */
  token(): number | null {
    return this.held?.token ?? null;
  }
}

function nonce(random: () => number): string {
  return Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
}
