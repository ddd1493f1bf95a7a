// Rate limits: a run obeys Busy's 429/RateLimit-* and 24SO's quarantine, and the idle schedules'
// steady request rate, measured against the simulators. Shared by the test and report.ts.
import { startWorld, type World } from '../sync/harness';
import { interruptSeed } from '../sync/interrupt';
import { startHoursWorld } from '../hours/harness';

export const PUBLISHED_LIMITS = {
  /** 24SevenOffice: 7,200 requests per hour per application id (then a quarantine fault). */
  tfso: 7200,
  /** Busy does not publish a number [A]; the simulator's default window is 1,000 per 60 s. */
  busy: 60_000,
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Time of every request each system received, in order, from the client's side. */
export function recordRequests(w: World) {
  const log: { system: 'busy' | 'tfso'; at: number; status: number }[] = [];
  for (const system of ['busy', 'tfso'] as const) {
    const deps = w.deps[system];
    const inner = deps.http;
    deps.http = async (u, i) => {
      const res = await inner(u, i);
      log.push({ system, at: Date.now(), status: res.status });
      return res;
    };
  }
  return log;
}

export async function syncedWorld(): Promise<World> {
  const w = await startWorld(interruptSeed());
  w.deps.busy.sleep = sleep;
  const r = await w.sync('full');
  if (!r.ok) throw new Error(`first sync failed: ${r.error?.message}`);
  return w;
}

export async function configureBusyLimit(w: World, limit: number, windowSec: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${w.busy.port}/_sim/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimit: { limit, windowSec } }),
  });
  if (!res.ok) throw new Error(`config: ${res.status} ${await res.text()}`);
}

export interface IdleRates {
  perRun: {
    push: Record<'busy' | 'tfso', number>;
    incremental: Record<'busy' | 'tfso', number>;
    full: Record<'busy' | 'tfso', number>;
    hoursPoll: Record<'busy' | 'tfso', number>;
  };
  perHour: Record<'busy' | 'tfso', number>;
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

/**
 * Requests of each scheduled job when nothing changed, on the demo company after its first sync:
 * per hour = 60 pushes + 60 hour polls (the minute alarm) + 1 incremental + 1/24 of the daily full.
 */
export async function measureIdleRates(): Promise<IdleRates> {
  const w = await syncedWorld();
  const h = await startHoursWorld('demo');
  try {
    const measure = async (run: () => Promise<unknown>, sims: { busy: World['busy']; tfso: World['tfso'] }) => {
      sims.busy.resetCounts();
      sims.tfso.resetCounts();
      await run();
      return { busy: total(sims.busy.counts()), tfso: total(sims.tfso.counts()) };
    };
    await w.sync('push'); // the first push after a full sync sets its cursors
    const push = await measure(() => w.sync('push'), w);
    const incremental = await measure(() => w.sync('incremental'), w);
    const full = await measure(() => w.sync('full'), w);
    await h.transfer('on-approval'); // send what the demo has waiting; then the poll is idle
    const hoursPoll = await measure(() => h.transfer('on-approval'), h);
    const perHour = (s: 'busy' | 'tfso') => Math.round(60 * push[s] + 60 * hoursPoll[s] + incremental[s] + full[s] / 24);
    return { perRun: { push, incremental, full, hoursPoll }, perHour: { busy: perHour('busy'), tfso: perHour('tfso') } };
  } finally {
    await w.close();
    await h.close();
  }
}
