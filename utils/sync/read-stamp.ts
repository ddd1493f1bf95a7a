// When a phase's reads were sent, on the write lock's clock and on both servers' clocks: what the
// fresh look (fresh.ts) compares a later lock with, and reads changes since.
import type { RunCtx } from './context';

/** Server times a phase's reads were sent at, and the lock clock's time. */
export interface ReadStamp {
  mono: number;
  busy: number | null;
  tfso: number | null;
}

export function stampBefore(ctx: RunCtx): ReadStamp {
  return { mono: ctx.lock.now(), busy: ctx.busy.serverTime(), tfso: ctx.tfsoClock.now() };
}
