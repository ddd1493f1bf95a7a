// The import and the daily run under the pacer (issue 15): 24SO at its published 7,200 requests an
// hour (the sims' quarantine switched on), this installation's default share (3,600), the
// product's wait bound (20 s). Time is simulated: when the pacer sleeps, and when a run pauses,
// the engine's and the sims' clocks are moved instead of waiting (world.ts advance), and a paused
// run is run again at its `paused.until`, as the minute alarm would (utils/services/sync.ts
// resumeDue). Busy stays unlimited: its limits are not published [A] (the pacer obeys its
// RateLimit-* headers when it sends them; test/pacer/pacer.test.ts, test/resilience/rate-*.test.ts).
import { runSync } from '../../utils/sync/engine';
import { DEFAULT_PACER_CONFIG, Pacer } from '../../utils/pacer';
import type { HttpFetch } from '../../utils/core/http';
import { startBenchWorld } from './world';

export interface PacedRun {
  /** The run ended ok (after its pauses). */
  finished: boolean;
  /** Why it did not: a failure, or a cap of the bench (`cap: …`). */
  stoppedBy?: string;
  /** Engine clock from the first start to the end (the waits and pauses included). */
  simulatedMs: number;
  simulatedHours: number;
  wallMs: number;
  /** Runs made: the first and each resumption after a pause. */
  segments: number;
  pauses: number;
  /** Time the pacer slept inside runs (short waits), simulated. */
  sleptMs: number;
  requests: { tfso: number; busy: number };
  /** 24SO answers that were the quarantine fault ("Limit exceeded …"). Goal 0. */
  quarantines: number;
  /** Busy answers 429. */
  busy429: number;
}

export interface PacedResult {
  n: number;
  seed: string;
  tfsoLimitPerHour: number;
  tfsoSharePerHour: number;
  maxWaitMs: number;
  busyLimit: 'unlimited';
  import: PacedRun;
  /** The daily full run after the import (null when the import did not finish). */
  daily: PacedRun | null;
}

export interface PacedOptions {
  share: number;
  /** Stop a run (as not finished) past this many simulated hours or this much wall time. */
  maxSimHours: number;
  maxWallMs: number;
}

const LIMIT = 7200;
const DAY_MS = 24 * 3_600_000;

export async function measurePaced(n: number, o: PacedOptions, say: (s: string) => void): Promise<PacedResult> {
  const seed = `large:${n}` as const;
  const w = await startBenchWorld(seed);
  try {
    await w.sims({ cmd: 'tfsoLimit', perHour: LIMIT, sessionIdleMs: 30 * DAY_MS });
    let slept = 0;
    const pacer = new Pacer({
      store: async () => w.store,
      now: () => w.now(),
      sleep: async (ms) => {
        slept += ms;
        await w.advance(ms);
      },
      config: { tfsoLimitPerHour: LIMIT, tfsoSharePerHour: o.share, maxWaitMs: DEFAULT_PACER_CONFIG.maxWaitMs },
    });
    let quarantines = 0;
    let busy429 = 0;
    const tfsoHttp: HttpFetch = async (u, i) => {
      const res = await w.deps.tfso.http(u, i);
      if (res.status !== 500) return res;
      return {
        status: res.status,
        headers: res.headers,
        text: async () => {
          const t = await res.text();
          if (/Limit exceeded/.test(t)) quarantines++;
          return t;
        },
      };
    };
    const busyHttp: HttpFetch = async (u, i) => {
      const res = await w.deps.busy.http(u, i);
      if (res.status === 429) busy429++;
      return res;
    };
    const deps = { ...w.deps, tfso: { ...w.deps.tfso, http: tfsoHttp }, busy: { ...w.deps.busy, http: busyHttp } };

    const paced = async (what: string): Promise<PacedRun> => {
      const start = w.now().getTime();
      const wall0 = performance.now();
      const q0 = quarantines,
        b0 = busy429,
        s0 = slept;
      const requests = { tfso: 0, busy: 0 };
      let segments = 0,
        pauses = 0,
        finished = false;
      let stoppedBy: string | undefined;
      for (;;) {
        const r = await runSync({ ...deps, pacer: pacer.run('daily') }, 'full');
        segments++;
        requests.tfso += r.requests.tfso;
        requests.busy += r.requests.busy;
        if (r.ok) {
          finished = true;
          break;
        }
        if (!r.paused) {
          stoppedBy = `${r.error?.code}: ${r.error?.message}`;
          break;
        }
        pauses++;
        const wait = Date.parse(r.paused.until) - w.now().getTime();
        if (wait > 0) await w.advance(wait + 1); // the minute alarm after the pause: resumeDue
        const simH = (w.now().getTime() - start) / 3_600_000;
        say(
          `paced ${what} large:${n}: paused #${pauses} (${r.paused.system}), ${simH.toFixed(1)} simulated h, ${requests.tfso} 24SO requests so far`,
        );
        if (simH > o.maxSimHours) {
          stoppedBy = `cap: more than ${o.maxSimHours} simulated hours`;
          break;
        }
        if (performance.now() - wall0 > o.maxWallMs) {
          stoppedBy = `cap: more than ${Math.round(o.maxWallMs / 1000)} s of wall time`;
          break;
        }
      }
      const simulatedMs = w.now().getTime() - start;
      return {
        finished,
        ...(stoppedBy ? { stoppedBy } : {}),
        simulatedMs,
        simulatedHours: simulatedMs / 3_600_000,
        wallMs: performance.now() - wall0,
        segments,
        pauses,
        sleptMs: slept - s0,
        requests,
        quarantines: quarantines - q0,
        busy429: busy429 - b0,
      };
    };
    say(`paced large:${n}: the import under the pacer (24SO ${LIMIT}/h, share ${o.share})`);
    const imp = await paced('import');
    let daily: PacedRun | null = null;
    if (imp.finished) {
      await w.advance(DAY_MS); // the next night
      say(`paced large:${n}: the daily run under the pacer`);
      daily = await paced('daily');
    }
    return {
      n,
      seed,
      tfsoLimitPerHour: LIMIT,
      tfsoSharePerHour: o.share,
      maxWaitMs: DEFAULT_PACER_CONFIG.maxWaitMs,
      busyLimit: 'unlimited',
      import: imp,
      daily,
    };
  } finally {
    await w.close();
  }
}
