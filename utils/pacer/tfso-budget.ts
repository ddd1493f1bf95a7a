// 24SO's request budget for this installation: `limit` requests an hour per applicationId, of
// which this installation may use `share` (the rest is left for the company's other integrations
// and tools on the same applicationId). Two views of what is left, server truth first:
//
// - server: the answers carry `APILimitRemaining` / `APILimitReset` [A]. What is left is the
//   server's count minus our requests it may not have counted yet (sent after that answer, or in
//   flight when it came). We stop when what is left is no more than what the share leaves for
//   the others (limit − share) plus the priority's reserve, and wait until the reset. Each new
//   window is the server's: when its reset passes we count from the limit again until an answer
//   says better. Times are the server's turned into ours by its `Date` header (no two clocks
//   compared: a skewed browser clock waits as long as the server means).
// - local: answers without the headers. Our own requests per minute over the last 61 minutes
//   (a sliding hour, so it holds whether 24SO's window is the clock hour or a sliding one) may not
//   pass the share minus the reserve.
//
// Never the request that would be quarantined: the server's own count never reaches 0 through us
// (limit − share ≥ 0 is always kept, and the priority 'click' spends at most down to it).
import type { HeaderReader } from '../core/http';
import { reserveOf, type Priority } from './priority';

export const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Minutes of the local window: a sliding hour, plus one for the minute in progress. */
export const LOCAL_WINDOW_MINUTES = 61;

export interface TfsoLimits {
  /** 24SO's requests per hour per applicationId (published: 7,200). */
  limit: number;
  /** This installation's part of it (default 3,600). */
  share: number;
}

export interface ServerView {
  /** Requests the server has left in its window, minus ours it may not have counted yet. */
  left: number;
  /** When the server's window ends, in our clock (ms). */
  resetAt: number;
}

export type Decision = { ok: true; room: number } | { ok: false; room: number; until: number };

export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);

export class TfsoBudget {
  /** Our requests per minute (epoch minute → count), the last LOCAL_WINDOW_MINUTES or so. */
  readonly minutes = new Map<number, number>();
  /** The server's view; null = its answers carry no budget headers (or none came yet). */
  server: ServerView | null = null;
  /** Requests granted whose answer has not come. */
  inFlight = 0;

  constructor(public limits: TfsoLimits) {}

  /** Requests of our own in the local window ending now. */
  spentLocally(now: number): number {
    const from = minuteOf(now) - (LOCAL_WINDOW_MINUTES - 1);
    let n = 0;
    for (const [m, c] of this.minutes) if (m >= from) n += c;
    return n;
  }

  /** The server's view now: after its reset, a fresh window less what we sent since. */
  view(now: number): ServerView | null {
    const s = this.server;
    if (!s || now < s.resetAt) return s;
    // A new window began [A: hourly]. What we sent in the minute of the reset and after counts
    // against it (the minute of the reset is counted whole: never fewer than really sent).
    const from = minuteOf(s.resetAt);
    let sent = 0;
    for (const [m, c] of this.minutes) if (m >= from) sent += c;
    let resetAt = s.resetAt;
    while (resetAt <= now) resetAt += HOUR_MS;
    this.server = { left: this.limits.limit - sent, resetAt };
    return this.server;
  }

  /**
   * How many requests a priority may send now; when fewer than `need`, until when it must wait
   * for room (ours, ms). `essential`: requests outside any run (a connection check), which may use
   * what the share leaves for the others, never the last request before the quarantine.
   */
  decide(p: Priority, now: number, essential = false, need = 1): Decision {
    const { limit, share } = this.limits;
    const s = this.view(now);
    const reserve = essential ? -(limit - share) : reserveOf(p, share);
    if (s) {
      const room = s.left - (limit - share) - reserve;
      return room >= need ? { ok: true, room } : { ok: false, room: Math.max(0, room), until: s.resetAt };
    }
    const spent = this.spentLocally(now);
    const room = share - spent - reserve;
    if (room >= need) return { ok: true, room };
    // Wait until enough of the oldest minutes have left the window (a need beyond what a whole
    // window gives is served by as much as it gives).
    const want = Math.max(1, Math.min(need, share - reserve));
    const from = minuteOf(now) - (LOCAL_WINDOW_MINUTES - 1);
    let left = spent;
    for (const m of [...this.minutes.keys()].filter((k) => k >= from).sort((a, b) => a - b)) {
      left -= this.minutes.get(m)!;
      if (share - left - reserve >= want) return { ok: false, room: Math.max(0, room), until: (m + LOCAL_WINDOW_MINUTES) * MINUTE_MS };
    }
    // The reserve alone is more than the share allows (a tiny share): an hour from now.
    return { ok: false, room: Math.max(0, room), until: (minuteOf(now) + LOCAL_WINDOW_MINUTES) * MINUTE_MS };
  }

  /** One request goes now. */
  grant(now: number): void {
    const s = this.view(now); // first: a window that begins now must not count this one twice
    const m = minuteOf(now);
    this.minutes.set(m, (this.minutes.get(m) ?? 0) + 1);
    this.inFlight++;
    if (s) s.left--;
    this.prune(now);
  }

  /** An answer came (or none: null). `now` is ours when the answer arrived. */
  note(answer: { status: number; headers: HeaderReader } | null, now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!answer) return; // no answer: the request may or may not have counted; it stays counted
    const parsed = readLimitHeaders(answer.headers, now);
    if (!parsed) {
      // An answer without the headers: this server does not send them (or no longer): count locally.
      this.server = null;
      return;
    }
    // Ours still in flight may not be in the server's count yet.
    const left = parsed.remaining - this.inFlight;
    const cur = this.view(now);
    // The same window (its reset within a few seconds of the one we know): the server's count only
    // goes down, so an answer that overtook a later one says nothing new.
    const same = cur && Math.abs(cur.resetAt - parsed.resetAt) < 5_000;
    this.server = same
      ? { left: Math.min(cur.left, left), resetAt: Math.max(cur.resetAt, parsed.resetAt) }
      : { left, resetAt: parsed.resetAt };
  }

  /** Requests this priority can expect per hour once the current window is spent. */
  perHour(p: Priority): number {
    return Math.max(0, this.limits.share - reserveOf(p, this.limits.share));
  }

  private prune(now: number): void {
    if (this.minutes.size <= LOCAL_WINDOW_MINUTES + 4) return;
    const keepFrom = minuteOf(now) - LOCAL_WINDOW_MINUTES;
    for (const m of this.minutes.keys()) if (m < keepFrom) this.minutes.delete(m);
  }
}

/**
 * `APILimitRemaining: <int>` and `APILimitReset: <date-time>` [A: the format is the simulator's;
 * the real server's is unconfirmed]. The reset is turned into our clock through the answer's
 * `Date` header when it has one (second resolution: we may wait a second longer than needed).
 * Anything unreadable = no headers.
 */
export function readLimitHeaders(h: HeaderReader, now: number): { remaining: number; resetAt: number } | null {
  const rem = h.get('apilimitremaining')?.trim();
  const reset = h.get('apilimitreset')?.trim();
  if (!rem || !reset || !/^\d+$/.test(rem)) return null;
  const resetServer = parseResetTime(reset);
  if (resetServer === null) return null;
  const date = h.get('date');
  const serverNow = date ? Date.parse(date) : Number.NaN;
  // Date is the server's time cut to the second, taken before the answer travelled to us: `now`
  // minus it is our clock's lead plus that cut and the travel, never less than the lead. The
  // reset so placed is never before the server's (and at most a second or so after it).
  const resetAt = Number.isNaN(serverNow) ? resetServer : now + (resetServer - serverNow);
  return { remaining: Number(rem), resetAt };
}

/** ISO 8601 (no zone = UTC, as 24SO's times are); ms since the epoch, or null. */
function parseResetTime(s: string): number | null {
  if (/^\d{4}-\d\d-\d\dT/.test(s)) {
    const t = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
