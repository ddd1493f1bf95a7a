// The 24SO request budget per applicationId: `rateLimitPerHour` requests per CLOCK hour (UTC, as
// the sim clock tells it). Past it, the caller is quarantined until the hour ends ("Limit exceeded
// by N. Request is blocked. Quarantine ends at <the next full hour>"), as 24SO describes it; every
// SOAP answer says what is left (`APILimitRemaining`) and when the window resets (`APILimitReset`).
// A counter per applicationId, kept in the state (`/_sim/state` shows it): O(1) per request.

export const HOUR_MS = 3_600_000;

/** One applicationId's window: the clock hour it counts (ms since epoch / HOUR_MS), used, refused. */
export interface RateBucket {
  hour: number;
  used: number;
  over: number;
}

export type RateTable = Record<string, RateBucket>;

/** The bucket of `appId` for the hour of `now` (a new hour — or the clock set back — starts afresh). */
function bucket(rate: RateTable, appId: string, now: number): RateBucket {
  const hour = Math.floor(now / HOUR_MS);
  let b = rate[appId];
  if (!b || b.hour !== hour) {
    b = { hour, used: 0, over: 0 };
    rate[appId] = b;
  }
  return b;
}

/** When the window of `now` ends: the next full hour. */
export const windowEnd = (now: number) => new Date((Math.floor(now / HOUR_MS) + 1) * HOUR_MS);

/**
 * Counts one request of `appId`. Within the budget: `null`. Past it: how many requests this hour
 * were refused (this one included) and when the quarantine ends.
 */
export function spend(rate: RateTable, appId: string, now: number, limit: number): { over: number; ends: Date } | null {
  const b = bucket(rate, appId, now);
  if (b.used >= limit) {
    b.over += 1;
    return { over: b.over, ends: windowEnd(now) };
  }
  b.used += 1;
  return null;
}

/** `APILimitRemaining` / `APILimitReset` for `appId` now (does not count a request). */
export function limitHeaders(rate: RateTable, appId: string, now: number, limit: number): Record<string, string> {
  const b = bucket(rate, appId, now);
  return {
    APILimitRemaining: String(Math.max(0, limit - b.used)),
    APILimitReset: windowEnd(now).toISOString(),
  };
}
