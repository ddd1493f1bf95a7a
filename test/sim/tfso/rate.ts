// The 24SO rate-limit window: the request times (ms) of the last hour, per applicationId, kept as
// a plain array in the state (`/_sim/state` shows it). Trimming it must not be a pass over the
// whole window per request: with a budget in the thousands, the window is that long.

export const HOUR_MS = 3_600_000;

/**
 * Windows known to be in ascending order, with the length they had then (-1: not ascending). The
 * clock only moves forward between requests unless `/_sim/clock` sets it back.
 */
const ascending = new WeakMap<number[], number>();

/**
 * `ts.filter((t) => now - t < HOUR_MS)`: in an ascending window the kept times are a suffix, found
 * by binary search (the same array when nothing expired).
 */
export function inWindow(ts: number[], now: number): number[] {
  let known = ascending.get(ts);
  if (known !== ts.length && known !== -1) {
    let up = true;
    for (let i = 1; i < ts.length && up; i++) up = ts[i - 1]! <= ts[i]!;
    known = up ? ts.length : -1;
    ascending.set(ts, known);
  }
  if (known !== ts.length) return ts.filter((t) => now - t < HOUR_MS);
  let lo = 0, hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (now - ts[mid]! < HOUR_MS) hi = mid; else lo = mid + 1;
  }
  if (lo === 0) return ts;
  const kept = ts.slice(lo);
  ascending.set(kept, kept.length);
  return kept;
}

/** Call after `ts.push(now)`: keeps what is known about the window's order. */
export function pushed(ts: number[], now: number): void {
  const n = ts.length;
  if (ascending.get(ts) === n - 1) ascending.set(ts, n < 2 || ts[n - 2]! <= now ? n : -1);
}
