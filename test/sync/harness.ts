// Both simulators over HTTP, a logged-in 24SO session, a fresh store (the real IndexedDB store on
// fake-indexeddb) and the engine's deps: what every sync test starts from.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { makeSeed } from '../sim/seeds/company';
import type { SeedCompany } from '../sim/seeds/types';
import { SimClock } from '../sim/clock';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { createBusyClient, type BusyClient } from '../../utils/busy/client';
import type { TfsoContext } from '../../utils/tfso/soap';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { createNodeFetch, type NodeFetch } from '../support/node-fetch';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import { establishSession } from '../../utils/tfso/session';
import { runSync, type RunSummary, type SyncDeps, type SyncTrigger } from '../../utils/sync/engine';

export interface World {
  tfso: TfsoSim;
  busy: BusySim;
  fetch: NodeFetch;
  /** Both sims share it: the "server time" of the simulated world. */
  clock: SimClock;
  /** The test's own handles on each API (to edit as a user would). */
  tfsoCtx: TfsoContext;
  busyClient: BusyClient;
  store: SyncStore;
  deps: SyncDeps;
  sync(trigger: SyncTrigger): Promise<RunSummary>;
  /** A second "browser": its own store, same sims. */
  freshStore(): Promise<SyncStore>;
  close(): Promise<void>;
}

let n = 0;

export async function startWorld(seed: SeedCompany | 'demo' | 'empty' | `large:${number}` = 'demo'): Promise<World> {
  const s = typeof seed === 'string' ? makeSeed(seed) : seed;
  const clock = new SimClock(s.now);
  const [tfso, busy] = await Promise.all([startTfsoSim({ seed: s, clock: clock.fn }), startBusySim({ seed: s, clock: clock.fn })]);
  const fetch = createNodeFetch();
  const http = (u: string, i: RequestInit) => fetch(u, i);
  const tctx = {
    http, bases: { api: tfso.api, webservices: tfso.webservices }, timeoutMs: 5000,
    cookies: { set: async (u: string, k: string, v: string) => fetch.jar.set(u, k, v), get: async (u: string, k: string) => fetch.jar.get(u, k) ?? null },
  };
  await establishSession(tctx, { applicationId: tfso.applicationId, username: tfso.username, password: tfso.password });
  const idb = new IDBFactory();
  const newStore = () => createIdbStore(`sync-test-${n++}`, { indexedDB: idb });
  const store = await newStore();
  const deps: SyncDeps = {
    store,
    tfso: { http, bases: tctx.bases, timeoutMs: 5000 },
    busy: { http, apiBase: busy.api, auth: { kind: 'token', token: busy.token }, sleep: async () => undefined, now: () => new Date(), timeoutMs: 5000 },
  };
  const busyClient = createBusyClient(deps.busy);
  return {
    tfso, busy, fetch, clock, tfsoCtx: deps.tfso, busyClient, store, deps,
    sync: (trigger) => runSync(deps, trigger),
    freshStore: newStore,
    async close() {
      store.close();
      await fetch.close();
      await Promise.all([tfso.close(), busy.close()]);
    },
  };
}

/** The default 24SO client's data (the one the integration user's default identity points at). */
export function tfsoData(w: World) {
  const def = w.tfso.state.identities.find((i) => i.isDefault)!;
  return w.tfso.state.clients[def.clientId]!;
}

/** The demo company before any sync: 24SO full, Busy holding only its users. */
export function firstSyncSeed(): SeedCompany {
  const s = makeSeed('demo');
  s.busy = { ...s.busy, clients: [], projects: [], tags: [], tasks: [], hourEntries: [] };
  return s;
}

export function fails(s: RunSummary): string {
  return s.ok ? '' : `${s.error?.code}: ${s.error?.message}`;
}
