// Both simulators over HTTP, a 24SO session, a fresh store, master data linked by a full sync
// (the master-data engine), and the hour transfer's deps. Copied in spirit from test/sync/harness.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { makeSeed } from '../sim/seeds/company';
import type { SeedCompany } from '../sim/seeds/types';
import { SimClock } from '../sim/clock';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { approveEntries, createOrder } from '../sim/busy/orders';
import { createNodeFetch, type NodeFetch } from '../support/node-fetch';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import { establishSession } from '../../utils/tfso/session';
import { runSync } from '../../utils/sync/engine';
import { runHoursTransfer, type HoursDeps, type HoursMode, type TransferSummary } from '../../utils/hours';
import type { HourEntry } from '../sim/busy/schemas';

export interface HoursWorld {
  tfso: TfsoSim;
  busy: BusySim;
  fetch: NodeFetch;
  clock: SimClock;
  store: SyncStore;
  deps: HoursDeps;
  integrationContactId: number;
  transfer(mode?: HoursMode, extra?: { overrides?: Record<string, number | null>; only?: string[]; deps?: HoursDeps }): Promise<TransferSummary>;
  /** The 24SO hours of the default client (live state). */
  tfsoHours(): TfsoHourState[];
  entry(id: string): HourEntry;
  approve(ids: string[]): void;
  order(projectId: string): { draft: { id: string } };
  /** Busy edit as a user would make it (bumps updatedAt). */
  edit(id: string, patch: Partial<HourEntry>): void;
  freshStore(): Promise<SyncStore>;
  close(): Promise<void>;
}

export type TfsoHourState = ReturnType<typeof tfsoClient>['hours'][number];

function tfsoClient(t: TfsoSim) {
  const def = t.state.identities.find((i) => i.isDefault)!;
  return t.state.clients[def.clientId]!;
}

let n = 0;

export async function startHoursWorld(seed: SeedCompany | 'demo' | 'empty' = 'demo', opts: { sync?: boolean } = {}): Promise<HoursWorld> {
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
  const newStore = () => createIdbStore(`hours-test-${n++}`, { indexedDB: idb });
  const store = await newStore();
  const deps: HoursDeps = {
    store,
    tfso: { http, bases: tctx.bases, timeoutMs: 3000 },
    busy: { http, apiBase: busy.api, auth: { kind: 'token', token: busy.token }, sleep: async () => undefined, now: () => new Date(), timeoutMs: 3000 },
    now: clock.fn,
  };
  if (opts.sync !== false) {
    const r = await runSync({ ...deps }, 'full');
    if (!r.ok) throw new Error(`master data sync failed: ${r.error?.message}`);
  }
  const integrationContactId = tfso.state.integrationUser.contactId;
  const w: HoursWorld = {
    tfso, busy, fetch, clock, store, deps, integrationContactId,
    transfer: (mode = 'on-approval', extra = {}) => runHoursTransfer(extra.deps ?? deps, {
      mode, overrides: extra.overrides ?? {}, integrationContactId, ...(extra.only ? { only: extra.only } : {}),
    }),
    tfsoHours: () => tfsoClient(tfso).hours,
    entry: (id) => busy.state.hourEntries.get(id)!,
    approve: (ids) => { approveEntries(busy.state, ids); },
    order: (projectId) => createOrder(busy.state, projectId, null),
    edit(id, patch) {
      const h = busy.state.hourEntries.get(id)!;
      Object.assign(h, patch, { updatedAt: busy.state.stamp() });
    },
    freshStore: newStore,
    async close() {
      store.close();
      await fetch.close();
      await Promise.all([tfso.close(), busy.close()]);
    },
  };
  return w;
}
