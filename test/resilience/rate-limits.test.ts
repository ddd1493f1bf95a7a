import { describe, expect, it } from 'vitest';
import { snapshot } from '../sync/interrupt';
import { configureBusyLimit, measureIdleRates, PUBLISHED_LIMITS, recordRequests, syncedWorld } from './rates';

// Issue 5, rate limits: a run waits as long as it is asked to and goes on; a wait too long for a
// service worker stops the run (RateLimitedError) and the next run finishes the work.

describe('rate limits are obeyed', () => {
  it('Busy 429 with Retry-After 2 s (and RateLimit-Remaining 0): the run sends nothing to Busy for 2 s, then goes on and completes', async () => {
    const w = await syncedWorld();
    try {
      const reference = snapshot(w);
      const log = recordRequests(w);
      w.busy.faults.add({ op: 'GET /projects', kind: 'rateLimit', count: 1, delayMs: 2000 });
      const r = await w.sync('full');
      expect(r.ok, r.error?.message).toBe(true);
      const busy = log.filter((l) => l.system === 'busy');
      const i = busy.findIndex((l) => l.status === 429);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(busy[i + 1]!.at - busy[i]!.at, 'pause after the 429').toBeGreaterThanOrEqual(1900);
      expect(snapshot(w)).toEqual(reference);
    } finally {
      await w.close();
    }
  });

  it("Busy's own window (RateLimit-* headers, 15 requests per second): a full sync of ~60 requests spreads itself over the windows and completes", async () => {
    const w = await syncedWorld();
    try {
      const reference = snapshot(w);
      await configureBusyLimit(w, 15, 1);
      await new Promise((r) => setTimeout(r, 1100)); // a fresh window
      const log = recordRequests(w);
      const started = Date.now();
      const r = await w.sync('full');
      expect(r.ok, r.error?.message).toBe(true);
      const busy = log.filter((l) => l.system === 'busy');
      expect(busy.length).toBeGreaterThan(45);
      // More requests than one window allows took more than one window.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000 * Math.floor((busy.length - 1) / 15) - 500);
      expect(snapshot(w)).toEqual(reference);
    } finally {
      await w.close();
    }
  }, 30_000);

  it('Busy asking for a 2-minute pause: the run stops at once with rate_limited (a worker must not sleep that long) and the next run completes', async () => {
    const w = await syncedWorld();
    try {
      const reference = snapshot(w);
      w.busy.faults.add({ op: 'GET /clients', kind: 'rateLimit', count: 1, delayMs: 120_000 });
      const started = Date.now();
      const r = await w.sync('full');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('rate_limited');
      expect(r.error?.messageKey).toBe('errRateLimitedBusy');
      expect(r.error?.substitutions).toEqual(['2']); // minutes, for "try again in 2 minutes"
      expect((await w.sync('full')).ok).toBe(true);
      expect(snapshot(w)).toEqual(reference);
    } finally {
      await w.close();
    }
  });

  it('24SO quarantine fault: the run stops at once with rate_limited, sends 24SO nothing more, and the next run completes', async () => {
    const w = await syncedWorld();
    try {
      const reference = snapshot(w);
      const log = recordRequests(w);
      const ends = new Date(Date.now() + 90_000).toISOString();
      w.tfso.faults.add({
        op: 'GetProjectList',
        kind: 'rateLimit',
        count: 1,
        message: `Limit exceeded by 1. Request is blocked. Quarantine ends at ${ends}`,
      });
      const r = await w.sync('full');
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('rate_limited');
      expect(r.error?.messageKey).toBe('errRateLimitedTfso');
      expect(r.error?.substitutions).toEqual(['2']);
      const tfso = log.filter((l) => l.system === 'tfso');
      expect(tfso.at(-1)!.status, 'the quarantine answer was the last 24SO request').toBe(500);
      expect((await w.sync('full')).ok).toBe(true);
      expect(snapshot(w)).toEqual(reference);
    } finally {
      await w.close();
    }
  });
});

describe('steady-state request rate of the idle schedules', () => {
  it("push every minute + hour poll every minute + hourly incremental + daily full stay far below both services' limits", async () => {
    const rates = await measureIdleRates();
    console.log(
      `idle requests per run: ${JSON.stringify(rates.perRun)}; per hour: 24SO ${rates.perHour.tfso} (limit ${PUBLISHED_LIMITS.tfso}), Busy ${rates.perHour.busy} (sim default ${PUBLISHED_LIMITS.busy})`,
    );
    expect(rates.perHour.tfso).toBeLessThan(PUBLISHED_LIMITS.tfso / 10);
    expect(rates.perHour.busy).toBeLessThan(PUBLISHED_LIMITS.busy / 10);
  });
});
