// What the engine-level test harnesses (test/sync/harness.ts, test/hours/harness.ts) both start
// from: both simulators over loopback HTTP on one clock, a Node fetch with a logged-in 24SO
// session in its jar, a fresh IndexedDB store (the real one, on fake-indexeddb), and the engine's
// HTTP inputs for each system. `transport: 'memory'` gives the engine the same simulators without
// the wire (test/support/memory-fetch.ts): faster, for engine unit tests; loopback HTTP, the
// default, stays the proof.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { makeSeed } from '../sim/seeds/company';
import type { SeedCompany } from '../sim/seeds/types';
import { SimClock } from '../sim/clock';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { createMemoryFetch } from './memory-fetch';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import { establishSession } from '../../utils/tfso/session';
import type { TfsoContext } from '../../utils/tfso/soap';
import type { BusyClientOptions } from '../../utils/busy/client';

/** Engine deps as the harnesses build them: Busy as client options (tests wrap its `http`). */
export type OptionDeps<D extends { busy: unknown }> = Omit<D, 'busy'> & { busy: BusyClientOptions };

export interface SimPair {
  tfso: TfsoSim;
  busy: BusySim;
  fetch: NodeFetch;
  /** Both sims share it: the "server time" of the simulated world. */
  clock: SimClock;
  store: SyncStore;
  /** A second "browser": its own store, same sims. */
  newStore(): Promise<SyncStore>;
  /** The engine's HTTP inputs (24SO context, Busy client options), logged in. */
  tfsoCtx: TfsoContext;
  busyOpts: BusyClientOptions;
  /** Closes the store, the connections and both sims. */
  close(): Promise<void>;
}

let n = 0;

export async function startSimPair(
  seed: SeedCompany | 'demo' | 'empty' | `large:${number}`,
  opts: { timeoutMs: number; storePrefix: string; transport?: 'http' | 'memory' },
): Promise<SimPair> {
  const s = typeof seed === 'string' ? makeSeed(seed) : seed;
  const clock = new SimClock(s.now);
  const [tfso, busy] = await Promise.all([startTfsoSim({ seed: s, clock: clock.fn }), startBusySim({ seed: s, clock: clock.fn })]);
  const fetch = createNodeFetch();
  const memory = opts.transport === 'memory' ? createMemoryFetch([tfso, busy], { jar: fetch.jar }) : null;
  const http = memory ?? ((u: string, i: RequestInit) => fetch(u, i));
  const bases = { api: tfso.api, webservices: tfso.webservices };
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
    { applicationId: tfso.applicationId, username: tfso.username, password: tfso.password },
  );
  const idb = new IDBFactory();
  const newStore = () => createIdbStore(`${opts.storePrefix}-${n++}`, { indexedDB: idb });
  const store = await newStore();
  return {
    tfso,
    busy,
    fetch,
    clock,
    store,
    newStore,
    tfsoCtx: { http, bases, timeoutMs: opts.timeoutMs },
    busyOpts: {
      http,
      apiBase: busy.api,
      auth: { kind: 'token', token: busy.token },
      sleep: async () => undefined,
      now: () => new Date(),
      timeoutMs: opts.timeoutMs,
    },
    async close() {
      store.close();
      await fetch.close();
      await Promise.all([tfso.close(), busy.close()]);
    },
  };
}
