// Several installations of the extension against one company (one pair of simulators), as several
// admins' browsers are (issue 13): each has its own store, its own 24SO session, its own Busy
// connection, its own id and coordination, and its requests reach the servers after a random
// delay of its own (the network between a browser and the services is not one queue).
import type { SyncStore } from '../../utils/store/types';
import type { SyncDeps } from '../../utils/sync/engine';
import type { HoursDeps } from '../../utils/hours';
import { Coordination } from '../../utils/coordination/coordination';
import type { LockTiming } from '../../utils/coordination/shared-lock';
import { establishSession } from '../../utils/tfso/session';
import type { HttpFetch } from '../../utils/core/http';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import type { SimPair } from './sim-pair';
import type { OptionDeps } from './sim-pair';

/** Timings scaled for tests (the production ones are minutes): same ratios, milliseconds. */
export const TEST_LOCK_TIMING: LockTiming = {
  gapMaxMs: 250,
  settleMs: 300,
  staleMs: 4_000,
  renewMs: 600,
  writeWithinMs: 2_000,
  waitMaxMs: 60_000,
};
export const TEST_RUNNER_TIMING: LockTiming = {
  gapMaxMs: 400,
  settleMs: 500,
  staleMs: 3_000,
  renewMs: 500,
  writeWithinMs: 2_000,
  waitMaxMs: 0,
};

export interface Installation {
  id: string;
  store: SyncStore;
  coordination: Coordination;
  sync: OptionDeps<SyncDeps>;
  hours: OptionDeps<HoursDeps>;
  fetch: NodeFetch;
  /** Stops every request of this installation from now on (a browser closed mid-run). */
  kill(): void;
}

export interface InstallOptions {
  /** Each request waits 0..jitterMs before it is sent (default 0). */
  jitterMs?: number;
  random?: () => number;
  lockTiming?: Partial<LockTiming>;
  runnerTiming?: Partial<LockTiming>;
  timeoutMs?: number;
  /** false: the installations do not coordinate (the product before issue 13), to show what the checks catch. */
  coordinate?: boolean;
  /** Each installation's clock is off by a random amount up to this, either way (browsers' clocks
   * are not the servers'): nothing in the coordination may depend on them. */
  skewMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function installations(pair: SimPair, n: number, o: InstallOptions = {}): Promise<Installation[]> {
  const random = o.random ?? Math.random;
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const fetch = createNodeFetch();
      let killed = false;
      const http: HttpFetch = async (u, init) => {
        if (killed) throw new Error('installation killed');
        if (o.jitterMs) await sleep(random() * o.jitterMs);
        if (killed) throw new Error('installation killed');
        return fetch(u, init);
      };
      const bases = pair.tfsoCtx.bases;
      await establishSession(
        {
          http,
          bases,
          timeoutMs: 5000,
          cookies: {
            set: async (u: string, k: string, v: string) => fetch.jar.set(u, k, v),
            get: async (u: string, k: string) => fetch.jar.get(u, k) ?? null,
          },
        },
        { applicationId: pair.tfso.applicationId, username: pair.tfso.username, password: pair.tfso.password },
      );
      const store = await pair.newStore();
      const id = `inst${i}x${Math.floor(random() * 1e6).toString(36)}`;
      const skew = o.skewMs ? (random() * 2 - 1) * o.skewMs : 0;
      const now = () => new Date(pair.clock.fn().getTime() + skew);
      const coordination = new Coordination({
        me: { installation: id, session: `s${i}`, label: `Browser ${i + 1}` },
        store,
        clock: { random, now },
        lockTiming: { ...TEST_LOCK_TIMING, ...o.lockTiming },
        runnerTiming: { ...TEST_RUNNER_TIMING, ...o.runnerTiming },
      });
      const timeoutMs = o.timeoutMs ?? 5000;
      const tfso = { http, bases, timeoutMs };
      const busy = { ...pair.busyOpts, http, timeoutMs, sleep };
      const coord = o.coordinate === false ? {} : { coordination };
      const sync: OptionDeps<SyncDeps> = { store, tfso, busy, now, ...coord };
      const hours: OptionDeps<HoursDeps> = { store, tfso, busy, now, ...coord };
      return {
        id,
        store,
        coordination,
        sync,
        hours,
        fetch,
        kill: () => {
          killed = true;
        },
      };
    }),
  );
}
