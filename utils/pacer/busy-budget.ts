// Busy's rate limit, shared by every Busy client of the installation (the sync's, the hour
// transfer's, the coordination's): `RateLimit-Limit/Remaining/Reset` on its answers, 429 with
// `Retry-After` past it. One client's 429 pauses all of them. Busy's window is short (its limits
// are not published [A]; the simulator's is 1,000 requests a minute), so priorities reserve a
// part of each window as for 24SO, and a wait is rarely long.
import type { HeaderReader } from '../core/http';
import { retryWaitMs } from '../busy/client';
import { reserveOf, type Priority } from './priority';
import type { Decision } from './tfso-budget';

export interface BusyWindow {
  /** Requests left in the window, minus ours it may not have counted yet. */
  left: number;
  /** When the window ends (ours, ms). */
  resetAt: number;
  /** `RateLimit-Limit`, when sent. */
  limit: number | null;
}

export class BusyBudget {
  /** Nothing is sent before this (a 429's Retry-After). */
  pausedUntil = 0;
  /** When the pause was set: a request sent after it and accepted means Busy ended it early. */
  pausedAt = 0;
  window: BusyWindow | null = null;
  inFlight = 0;

  /** As TfsoBudget.decide: room now, or until when to wait for `need` (at most a window's worth). */
  decide(p: Priority, now: number, need = 1): Decision {
    if (now < this.pausedUntil) return { ok: false, room: 0, until: this.pausedUntil };
    const w = this.window;
    if (!w || now >= w.resetAt) return { ok: true, room: Number.POSITIVE_INFINITY };
    const room = w.left - (w.limit ? reserveOf(p, w.limit) : 0);
    return room >= need ? { ok: true, room } : { ok: false, room: Math.max(0, room), until: w.resetAt };
  }

  grant(now: number): void {
    this.inFlight++;
    if (this.window && now < this.window.resetAt) this.window.left--;
  }

  note(answer: { status: number; headers: HeaderReader } | null, now: number, sentAt?: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!answer) return;
    const h = answer.headers;
    if (answer.status === 429) {
      this.pausedUntil = Math.max(this.pausedUntil, now + retryWaitMs(h, now));
      this.pausedAt = now;
    } else if (answer.status >= 200 && answer.status < 300 && sentAt !== undefined && sentAt > this.pausedAt && now < this.pausedUntil) {
      // Sent after the 429 and accepted (a connection check, say): the pause is over sooner.
      this.pausedUntil = 0;
    }
    const remaining = num(h.get('ratelimit-remaining'));
    const reset = num(h.get('ratelimit-reset'));
    if (remaining === null || reset === null) return;
    const limit = num(h.get('ratelimit-limit'));
    const left = remaining - this.inFlight;
    const resetAt = now + reset * 1000;
    const w = this.window;
    // The same window unless the old one ended or the count went up (Busy's reset is in whole
    // seconds, so its instant moves a little from answer to answer).
    const same = w && now < w.resetAt && remaining <= w.left + this.inFlight + 1;
    this.window = same ? { left: Math.min(w.left, left), resetAt: Math.max(w.resetAt, resetAt), limit } : { left, resetAt, limit };
  }

  /** Requests this priority can expect per window, and the window's length, when known. */
  perWindow(p: Priority): number | null {
    const w = this.window;
    return w?.limit ? Math.max(0, w.limit - reserveOf(p, w.limit)) : null;
  }
}

function num(v: string | null): number | null {
  if (v === null || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return null;
  return Number(v);
}
